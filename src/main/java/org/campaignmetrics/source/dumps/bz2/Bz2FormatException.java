package org.campaignmetrics.source.dumps.bz2;

import java.io.IOException;

/** A bz2 block that cannot be decoded; carries the block's bit offset in its file. */
public final class Bz2FormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long bitOffset;

  public Bz2FormatException(long bitOffset, String problem) {
    super(problem + " (block at bit " + bitOffset + ")");
    this.bitOffset = bitOffset;
  }

  public long bitOffset() {
    return bitOffset;
  }
}
