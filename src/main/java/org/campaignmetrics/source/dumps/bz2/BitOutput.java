package org.campaignmetrics.source.dumps.bz2;

import java.io.IOException;
import java.io.OutputStream;

/** MSB-first bit writer. */
final class BitOutput {
  private final OutputStream out;
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
      out.write((int) (acc >>> accBits));
    }
  }

  /** Pads the last byte with zero bits. */
  void finish() throws IOException {
    if (accBits > 0) {
      write(8 - accBits, 0);
    }
    out.flush();
  }
}
