package org.campaignmetrics.source.dumps;

/** Iterates the lines of one piece of a dump file; the bytes are valid until the next call. */
public interface LineCursor {
  /** Advances to the next line; false at the end of the piece. Failures name the file. */
  boolean next();

  /** The current line's bytes, without the newline, in {@code bytes()[offset()..offset()+length())}. */
  byte[] bytes();

  int offset();

  int length();
}
