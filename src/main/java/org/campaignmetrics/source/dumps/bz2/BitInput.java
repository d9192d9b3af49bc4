package org.campaignmetrics.source.dumps.bz2;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * MSB-first bit reader over a stream of a file, starting at any bit offset, buffering 64 kB
 * at a time (memory stays flat whatever the file size). Positions are file bit offsets.
 */
public final class BitInput {
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int bufferPos;
  private int bufferLimit;
  private long nextByteOffset; // file offset of the next byte to load into the window
  private long window;
  private int windowBits;

  /** @param in a stream positioned at file byte {@code startByte} */
  public BitInput(InputStream in, long startByte) {
    this.in = in;
    this.nextByteOffset = startByte;
  }

  /** Skips to a bit offset at or after the current one (same byte or later). */
  public void skipTo(long bit) throws IOException {
    long target = bit >>> 3;
    while (windowBits > 0 && position() < bit && (position() & 7) != 0) {
      bit();
    }
    if (position() >= bit) {
      return;
    }
    window = 0;
    windowBits = 0;
    while (nextByteOffset < target) {
      nextByte();
    }
    int skip = (int) (bit & 7);
    if (skip > 0) {
      bits(skip);
    }
  }

  /** File bit offset of the next bit. */
  public long position() {
    return nextByteOffset * 8 - windowBits;
  }

  private int nextByte() throws IOException {
    if (bufferPos == bufferLimit) {
      bufferLimit = in.read(buffer, 0, buffer.length);
      bufferPos = 0;
      if (bufferLimit <= 0) {
        bufferLimit = 0;
        throw new EOFException("end of file at byte " + nextByteOffset);
      }
    }
    nextByteOffset++;
    return buffer[bufferPos++] & 0xff;
  }

  public int bits(int n) throws IOException {
    while (windowBits < n) {
      window = (window << 8) | nextByte();
      windowBits += 8;
    }
    windowBits -= n;
    return (int) ((window >>> windowBits) & ((1L << n) - 1));
  }

  public int bit() throws IOException {
    if (windowBits == 0) {
      window = nextByte();
      windowBits = 8;
    }
    windowBits--;
    return (int) ((window >>> windowBits) & 1);
  }

  public long bits48() throws IOException {
    long high = bits(24);
    return (high << 24) | bits(24);
  }

  /** Drops the bits left in the current byte (streams end on a byte boundary). */
  public void alignToByte() {
    windowBits -= windowBits & 7;
  }
}
