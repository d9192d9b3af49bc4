package org.campaignmetrics.source.dumps;

/** A dump file could not be read (corrupt or truncated bz2, I/O error); names the file. */
public final class DumpReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Marker searched for in Spark's task-failure messages, which carry only text. */
  public static final String MARKER = "unreadable dump file: ";

  private final String file;

  public DumpReadException(String file, String detail, Throwable cause) {
    super(MARKER + file + " — " + detail, cause);
    this.file = file;
  }

  public String file() {
    return file;
  }
}
