package org.campaignmetrics.format;

/**
 * A value that does not decode in its format; the message names where (file and line, or the
 * field). Codecs throw it; the source that read the value turns it into a reject or an
 * {@code IngestException} naming its input.
 */
public final class FormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public FormatException(String message) {
    super(message);
  }
}
