package org.campaignmetrics.source.dumps.bz2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Framing copies a block's bits from any bit offset after any number of bits already written. */
class BitOutputTest {
  /** The expected stream, a bit at a time: the prefix's bits, then the copied ones, zero-padded. */
  private static byte[] reference(int prefixBits, long prefix, byte[] in, int skip, long nBits) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int acc = 0;
    int accBits = 0;
    long total = prefixBits + nBits;
    for (long k = 0; k < total; k++) {
      int bit;
      if (k < prefixBits) {
        bit = (int) (prefix >>> (prefixBits - 1 - k)) & 1;
      } else {
        long j = skip + (k - prefixBits);
        bit = (in[(int) (j >>> 3)] >>> (7 - (j & 7))) & 1;
      }
      acc = acc << 1 | bit;
      if (++accBits == 8) {
        out.write(acc);
        acc = 0;
        accBits = 0;
      }
    }
    if (accBits > 0) {
      out.write(acc << (8 - accBits));
    }
    return out.toByteArray();
  }

  private static byte[] copied(int prefixBits, long prefix, byte[] in, int skip, long nBits) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BitOutput bits = new BitOutput(out);
    for (int left = prefixBits; left > 0; left -= Math.min(left, 7)) { // in uneven writes, as framing does
      int n = Math.min(left, 7);
      bits.write(n, prefix >>> (left - n));
    }
    bits.copy(new ByteArrayInputStream(in), skip, nBits);
    bits.finish();
    return out.toByteArray();
  }

  @Test
  void copiesMatchABitByBitCopyAtEveryOffset() throws IOException {
    Random random = new Random(5);
    for (int round = 0; round < 300; round++) {
      // some rounds larger than the copy's 64 kB chunk, so that refills fall anywhere
      int size = round % 10 == 0 ? 150_000 + random.nextInt(70_000) : 1 + random.nextInt(300);
      byte[] in = new byte[size];
      random.nextBytes(in);
      int skip = random.nextInt(8);
      long available = (long) size * 8 - skip;
      long nBits = round % 3 == 0 ? available : (long) (random.nextDouble() * available);
      int prefixBits = random.nextInt(20);
      long prefix = random.nextLong();
      assertArrayEquals(reference(prefixBits, prefix, in, skip, nBits), copied(prefixBits, prefix, in, skip, nBits),
          "round " + round + ": size " + size + ", skip " + skip + ", bits " + nBits + ", prefix " + prefixBits);
    }
  }

  @Test
  void aStreamEndingInsideTheBitsFails() {
    byte[] in = new byte[100];
    assertThrows(EOFException.class, () -> copied(3, 5, in, 2, 100 * 8 - 1));
    assertThrows(EOFException.class, () -> copied(0, 0, new byte[200_000], 0, 200_000L * 8 + 1));
  }
}
