package org.campaignmetrics.source.dumps.bz2;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A growable byte buffer the block decoder and the native tool's output write into. */
public final class ByteSink {
  private byte[] bytes;
  private int size;

  public ByteSink(int capacity) {
    bytes = new byte[capacity];
  }

  /** Appends up to {@code max} bytes read from {@code in}; the count, or -1 at its end. */
  int readFrom(InputStream in, int max) throws IOException {
    if (bytes.length - size < max) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + max));
    }
    int n = in.read(bytes, size, max);
    if (n > 0) {
      size += n;
    }
    return n;
  }

  /** Makes room for {@code capacity} bytes in all; returns the (possibly new) array. */
  byte[] ensureCapacity(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
    }
    return bytes;
  }

  /** After writing into {@link #array} directly, up to {@link #ensureCapacity}. */
  void setSize(int size) {
    this.size = size;
  }

  public byte[] array() {
    return bytes;
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /** Drops the first n bytes. */
  public void discard(int n) {
    System.arraycopy(bytes, n, bytes, 0, size - n);
    size -= n;
  }
}
