package org.campaignmetrics.source.dumps.bz2;

/** bzip2's CRC-32: polynomial 0x04c11db7, most significant bit first (not the zip CRC). */
final class Crc {
  static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04c11db7 : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc() {}

  /** The stream CRC after one more block: rotate left by one, xor the block's CRC. */
  static int combine(int combined, int blockCrc) {
    return ((combined << 1) | (combined >>> 31)) ^ blockCrc;
  }
}
