package org.campaignmetrics.source.mariadb;

/** A replica read that failed for good (not transient, or out of retries); the message names host and database. */
public final class ReplicaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplicaException(String message, Throwable cause) {
    super(message, cause);
  }
}
