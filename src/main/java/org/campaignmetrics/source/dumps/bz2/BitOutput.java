package org.campaignmetrics.source.dumps.bz2;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** MSB-first bit writer with its own buffer (one write to the stream per 64 kB). */
final class BitOutput {
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private long acc;
  private int accBits;

  BitOutput(OutputStream out) {
    this.out = out;
  }

  /** Writes the low {@code n} bits of {@code value}, n ≤ 32. */
  void write(int n, long value) throws IOException {
    acc = (acc << n) | (value & ((1L << n) - 1));
    accBits += n;
    while (accBits >= 8) {
      accBits -= 8;
      put((int) (acc >>> accBits));
    }
  }

  private void put(int b) throws IOException {
    if (pos == buffer.length) {
      out.write(buffer, 0, pos);
      pos = 0;
    }
    buffer[pos++] = (byte) b;
  }

  /**
   * Copies {@code nBits} bits of a stream, starting {@code skip} bits (0–7) into its next byte:
   * the bulk of framing a piece's blocks. Once the output is on a byte boundary, eight bytes a step.
   */
  void copy(InputStream in, int skip, long nBits) throws IOException {
    byte[] chunk = new byte[(1 << 16) + 16];
    int have = in.readNBytes(chunk, 0, chunk.length - 8); // 8 spare zero bytes for reads past the end
    long p = skip; // bit position in chunk
    while (nBits > 0) {
      int i = (int) (p >>> 3);
      if (i + 9 > have && have == chunk.length - 8) { // keep at least 9 bytes ahead: move the rest down, refill
        int rest = have - i;
        System.arraycopy(chunk, i, chunk, 0, rest);
        have = rest + in.readNBytes(chunk, rest, chunk.length - 8 - rest);
        Arrays.fill(chunk, have, chunk.length, (byte) 0);
        p &= 7;
        i = 0;
      }
      if (p + Math.min(nBits, 24) > (long) have << 3) {
        throw new EOFException("the file ends inside a bz2 block");
      }
      int shift = (int) (p & 7);
      if (accBits == 0 && nBits >= 64 && i + 9 <= have) {
        long word = ((long) BIG_ENDIAN_LONGS.get(chunk, i) << shift) | ((chunk[i + 8] & 0xffL) >>> (8 - shift));
        if (pos + 8 > buffer.length) {
          out.write(buffer, 0, pos);
          pos = 0;
        }
        BIG_ENDIAN_LONGS.set(buffer, pos, word);
        pos += 8;
        p += 64;
        nBits -= 64;
      } else {
        // up to the next output byte boundary (or 24 bits at most) one field at a time
        int n = (int) Math.min(nBits, accBits == 0 ? 24 : 8 - accBits);
        long window = (long) BIG_ENDIAN_INTS.get(chunk, i) & 0xffffffffL;
        write(n, (window << shift & 0xffffffffL) >>> (32 - n));
        p += n;
        nBits -= n;
      }
    }
  }

  /** Pads the last byte with zero bits and flushes. */
  void finish() throws IOException {
    if (accBits > 0) {
      write(8 - accBits, 0);
    }
    out.write(buffer, 0, pos);
    pos = 0;
    out.flush();
  }
}
