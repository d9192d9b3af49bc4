package org.campaignmetrics.source.dumps.bz2;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds bzip2 block magics (0x314159265359) and end-of-stream magics (0x177245385090) at any
 * bit offset. A 16-bit filter on every fourth byte pair rejects almost every position at once
 * (see {@link #PAIRS}); the few candidates are checked against the full 48 bits at each of the
 * 8 alignments.
 */
public final class MagicScanner {
  private static final long MASK48 = (1L << 48) - 1;
  /**
   * Every 16-bit value two bytes can hold when both lie inside a magic: a magic at bit
   * {@code 8i + a} covers bytes {@code i+1 .. i+5} whole, so the byte pair at {@code j, j+1}
   * for the one {@code j} in {@code i+1 .. i+4} that is a multiple of 4 is one of these. Only
   * every fourth position is looked up (an 8 kB bit set); a hit is checked in full.
   */
  private static final long[] PAIRS = new long[1 << 10];

  static {
    for (long magic : new long[] {Bz2BlockDecoder.BLOCK_MAGIC, Bz2BlockDecoder.END_MAGIC}) {
      for (int a = 0; a < 8; a++) {
        for (int k = 1; k <= 4; k++) {
          int from = 8 * k - a; // bit of the magic (from its top) where byte i+k starts
          int pair = (int) ((magic >>> (48 - from - 16)) & 0xffff);
          PAIRS[pair >>> 6] |= 1L << pair;
        }
      }
    }
  }

  /** A magic found: its file bit offset, and whether it ends a stream. */
  public record Found(long bit, boolean endOfStream) {}

  private MagicScanner() {}

  /**
   * Every magic starting in {@code [fromByte * 8, toByte * 8)}, then the first one at or after
   * {@code toByte * 8} (where the last block of the range ends), if the file has one.
   *
   * @param in a stream positioned at file byte {@code fromByte}; read past {@code toByte} as needed
   */
  public static List<Found> all(InputStream in, long fromByte, long toByte) throws IOException {
    List<Found> found = new ArrayList<>();
    scan(in, fromByte, Long.MAX_VALUE, false, f -> {
      found.add(f);
      return f.bit() < toByte * 8;
    });
    return found;
  }

  /**
   * The first magic starting at a file bit offset in {@code [fromByte * 8, toByte * 8)}, or null.
   * With {@code blocksOnly}, end-of-stream magics are passed over.
   *
   * @param in a stream positioned at file byte {@code fromByte}
   */
  public static Found next(InputStream in, long fromByte, long toByte, boolean blocksOnly) throws IOException {
    Found[] first = new Found[1];
    scan(in, fromByte, toByte, blocksOnly, f -> {
      first[0] = f;
      return false;
    });
    return first[0];
  }

  /** Checks the 8 alignments at buffer position i; false when {@code found} says stop. */
  private static boolean check(byte[] buffer, int i, int available, long bufferStart, boolean blocksOnly,
      Predicate<Found> found) {
    long window = 0;
    for (int k = 0; k < 8; k++) {
      window = (window << 8) | (i + k < available ? buffer[i + k] & 0xff : 0);
    }
    for (int a = 0; a < 8; a++) {
      if ((long) i * 8 + a + 48 > (long) available * 8) {
        break;
      }
      long candidate = (window >>> (16 - a)) & MASK48;
      if (candidate == Bz2BlockDecoder.BLOCK_MAGIC || (candidate == Bz2BlockDecoder.END_MAGIC && !blocksOnly)) {
        if (!found.test(new Found((bufferStart + i) * 8 + a, candidate == Bz2BlockDecoder.END_MAGIC))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Calls {@code found} for each magic in order, from {@code fromByte}, until it returns false. */
  private static void scan(InputStream in, long fromByte, long toByte, boolean blocksOnly,
      Predicate<Found> found) throws IOException {
    byte[] buffer = new byte[(1 << 16) + 8];
    int carry = 0; // bytes kept from the previous read (the 7 after the last position checked)
    long bufferStart = fromByte;
    while (true) {
      int read = in.readNBytes(buffer, carry, buffer.length - carry);
      int available = carry + read;
      boolean end = read == 0 || available < buffer.length;
      int last = end ? available - 6 : available - 7; // positions with a full 48-bit view
      long limit = toByte - bufferStart;
      int checkUpTo = (int) Math.max(0, Math.min(last, limit)); // candidates i in [0, checkUpTo)
      // grid positions j (file offset a multiple of 4) from the first one after position 0
      int j = (int) (4 - (bufferStart & 3));
      for (; j - 4 < checkUpTo; j += 4) {
        int pair = ((buffer[j] & 0xff) << 8) | (buffer[j + 1] & 0xff);
        if ((PAIRS[pair >>> 6] & (1L << pair)) == 0) {
          continue;
        }
        for (int i = Math.max(0, j - 4); i < Math.min(checkUpTo, j); i++) {
          if (!check(buffer, i, available, bufferStart, blocksOnly, found)) {
            return;
          }
        }
      }
      if (last > limit) {
        return; // every position before toByte is checked
      }
      if (end) {
        return;
      }
      carry = available - last;
      System.arraycopy(buffer, last, buffer, 0, carry);
      bufferStart += last;
    }
  }
}
