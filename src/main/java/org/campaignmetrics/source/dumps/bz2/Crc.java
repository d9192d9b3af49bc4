package org.campaignmetrics.source.dumps.bz2;

/** bzip2's CRC-32: polynomial 0x04c11db7, most significant bit first (not the zip CRC). */
final class Crc {
  static final int[] TABLE = new int[256];
  /** Slicing by 4: {@code T1[x]}, {@code T2[x]}, {@code T3[x]} are byte x's effect one, two, three bytes further on. */
  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04c11db7 : c << 1;
      }
      TABLE[i] = c;
    }
    for (int i = 0; i < 256; i++) {
      T1[i] = (TABLE[i] << 8) ^ TABLE[TABLE[i] >>> 24];
      T2[i] = (T1[i] << 8) ^ TABLE[T1[i] >>> 24];
      T3[i] = (T2[i] << 8) ^ TABLE[T2[i] >>> 24];
    }
  }

  /** The CRC after {@code b[from..to)}, four bytes a step. */
  static int update(int crc, byte[] b, int from, int to) {
    int i = from;
    for (; i + 4 <= to; i += 4) {
      crc ^= ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      crc = T3[crc >>> 24] ^ T2[(crc >>> 16) & 0xff] ^ T1[(crc >>> 8) & 0xff] ^ TABLE[crc & 0xff];
    }
    for (; i < to; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xff];
    }
    return crc;
  }

  private Crc() {}

  /** The stream CRC after one more block: rotate left by one, xor the block's CRC. */
  static int combine(int combined, int blockCrc) {
    return ((combined << 1) | (combined >>> 31)) ^ blockCrc;
  }
}
