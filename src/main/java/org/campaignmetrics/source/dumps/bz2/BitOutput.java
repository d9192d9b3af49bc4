package org.campaignmetrics.source.dumps.bz2;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** MSB-first bit writer with its own buffer (one write to the stream per 64 kB). */
final class BitOutput {
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
   * the bulk of framing a piece's blocks, byte by byte with a shift.
   */
  void copy(InputStream in, int skip, long nBits) throws IOException {
    byte[] chunk = new byte[(1 << 16) + 1];
    int have = in.readNBytes(chunk, 0, chunk.length);
    int i = 0;
    while (nBits >= 8) {
      if (i + 1 >= have) {
        chunk[0] = chunk[i];
        have = 1 + in.readNBytes(chunk, 1, chunk.length - 1);
        i = 0;
        if (have < 2) {
          throw new java.io.EOFException("the file ends inside a bz2 block");
        }
      }
      int v = (((chunk[i] & 0xff) << 8) | (chunk[i + 1] & 0xff)) >>> (8 - skip);
      acc = (acc << 8) | (v & 0xff);
      put((int) (acc >>> accBits));
      i++;
      nBits -= 8;
    }
    if (nBits > 0) {
      int next = i + 1 < have ? chunk[i + 1] & 0xff : 0;
      int v = (((chunk[i] & 0xff) << 8) | next) >>> (8 - skip);
      write((int) nBits, (v & 0xff) >>> (8 - nBits));
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
