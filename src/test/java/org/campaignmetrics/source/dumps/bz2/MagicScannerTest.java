package org.campaignmetrics.source.dumps.bz2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The magic scanner against a plain bit-by-bit search, magics planted at every alignment. */
class MagicScannerTest {
  private static final long MASK48 = (1L << 48) - 1;

  /** Random bytes with magics written at the given bit offsets. */
  private static byte[] plant(int size, long seed, long[] bits, long[] magics) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    for (int m = 0; m < bits.length; m++) {
      for (int b = 0; b < 48; b++) {
        long bit = bits[m] + b;
        int value = (int) ((magics[m] >>> (47 - b)) & 1);
        int mask = 0x80 >>> (bit & 7);
        data[(int) (bit >>> 3)] = (byte) (value == 1 ? data[(int) (bit >>> 3)] | mask : data[(int) (bit >>> 3)] & ~mask);
      }
    }
    return data;
  }

  /** Every magic starting in [from*8, to*8), then the first at or after to*8: bit by bit. */
  private static List<MagicScanner.Found> bruteForce(byte[] data, long from, long to) {
    List<MagicScanner.Found> found = new ArrayList<>();
    long window = 0;
    for (long bit = 0; bit < data.length * 8L; bit++) {
      window = ((window << 1) | ((data[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1)) & MASK48;
      long start = bit - 47;
      if (start >= from * 8 && (window == Bz2BlockDecoder.BLOCK_MAGIC || window == Bz2BlockDecoder.END_MAGIC)) {
        found.add(new MagicScanner.Found(start, window == Bz2BlockDecoder.END_MAGIC));
        if (start >= to * 8) {
          break;
        }
      }
    }
    return found;
  }

  @Test
  void findsEveryMagicAtEveryAlignmentAcrossBufferBoundaries() throws IOException {
    int size = 300_000;
    List<Long> bits = new ArrayList<>();
    List<Long> magics = new ArrayList<>();
    long[] near = {0, 1, 3, 7, 65_530, 65_531, 65_535, 65_536, 65_537, 65_540, 131_060, 131_072, 200_001, 299_990};
    int m = 0;
    for (long at : near) {
      for (int a = 0; a < 8; a++) {
        long bit = at * 8 + a + 97L * m;
        if (bit + 48 <= size * 8L && bits.stream().noneMatch(b -> Math.abs(b - bit) < 60)) {
          bits.add(bit);
          magics.add(m % 3 == 0 ? Bz2BlockDecoder.END_MAGIC : Bz2BlockDecoder.BLOCK_MAGIC);
          m++;
        }
      }
    }
    byte[] data = plant(size, 5, bits.stream().mapToLong(Long::longValue).toArray(),
        magics.stream().mapToLong(Long::longValue).toArray());
    for (long[] range : new long[][] {{0, size}, {0, 65_536}, {3, 65_539}, {65_531, 200_000}, {131_071, 131_073}}) {
      List<MagicScanner.Found> expected = bruteForce(data, range[0], range[1]);
      ByteArrayInputStream in = new ByteArrayInputStream(data);
      in.skip(range[0]);
      assertEquals(expected, MagicScanner.all(in, range[0], range[1]), "range " + range[0] + ".." + range[1]);
    }
    assertEquals(bits.size(), bruteForce(data, 0, size).size(), "every planted magic, no other");
  }

  @Test
  void nextFindsTheFirstBlockMagicInTheRangeOrNone() throws IOException {
    byte[] data = plant(100_000, 9, new long[] {8 * 1000 + 3, 8 * 40_000 + 6, 8 * 70_000 + 1},
        new long[] {Bz2BlockDecoder.END_MAGIC, Bz2BlockDecoder.BLOCK_MAGIC, Bz2BlockDecoder.BLOCK_MAGIC});
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    assertEquals(new MagicScanner.Found(8 * 40_000 + 6, false), MagicScanner.next(in, 0, 100_000, true));
    in = new ByteArrayInputStream(data);
    assertEquals(new MagicScanner.Found(8 * 1000 + 3, true), MagicScanner.next(in, 0, 100_000, false));
    in = new ByteArrayInputStream(data);
    in.skip(40_001);
    assertNull(MagicScanner.next(in, 40_001, 70_000, true), "the magic at 70000 starts past the range");
  }
}
