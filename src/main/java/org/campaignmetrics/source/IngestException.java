package org.campaignmetrics.source;

/** A run that cannot complete because of its input (exit code 1); the message says which file and why. */
public final class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
