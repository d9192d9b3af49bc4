package org.campaignmetrics.source.mariadb;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which failures of a replica query are worth retrying: a lost or reset connection, the server
 * gone away or shutting down, a killed connection or query, a lock wait timeout or deadlock.
 * A query that ran into {@code replicas.query_timeout_seconds} is not: it would only time out again.
 */
public final class Transient {
  /** lock wait timeout, deadlock, server shutdown, query interrupted, connection killed, gone away, lost. */
  private static final Set<Integer> CODES = Set.of(1205, 1213, 1053, 1317, 1927, 2006, 2013);

  private Transient() {}

  public static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTimeoutException) {
        return false;
      }
      if (t instanceof SQLException s) {
        if (s instanceof SQLTransientException || s instanceof SQLNonTransientConnectionException
            || CODES.contains(s.getErrorCode()) || (s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
          return true;
        }
      }
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
