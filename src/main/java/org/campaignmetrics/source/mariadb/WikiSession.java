package org.campaignmetrics.source.mariadb;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one wiki's replica, and the only place queries run. Every query is a
 * bounded page: its rows are collected and handed over only once the page has been read to the
 * end, so a page that fails on a transient error ({@link Transient}) is run again from the same
 * cursor on a fresh connection — a retried page never duplicates or drops a row. Retries are
 * bounded ({@code replicas.retries}) with a doubling backoff from {@code replicas.retry_backoff_ms}.
 */
public final class WikiSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WikiSession.class);

  /** Called after each row a query reads; tests use it to break a connection mid-read. */
  public interface ReadHook extends Serializable {
    ReadHook NONE = (session, rowInPage, attempt) -> { };

    void afterRow(WikiSession session, int rowInPage, int attempt) throws SQLException;
  }

  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final ReplicaConnector connector;
  private final String wiki;
  private final ReadHook hook;
  private Connection connection;
  private long connectionId = -1;
  private Set<String> tables;
  private Boolean userIsTempColumn;
  private int retriesUsed;

  public WikiSession(ReplicaConnector connector, String wiki, ReadHook hook) {
    this.connector = connector;
    this.wiki = ReplicaConnector.checkWiki(wiki);
    this.hook = hook;
  }

  public String wiki() {
    return wiki;
  }

  /** The server's id of the current connection (what {@code KILL} takes). */
  public long connectionId() {
    return connectionId;
  }

  /** How many times a page was retried on this session. */
  public int retriesUsed() {
    return retriesUsed;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = connector.connect(wiki);
      try (PreparedStatement s = connection.prepareStatement("SELECT CONNECTION_ID()");
           ResultSet rs = s.executeQuery()) {
        rs.next();
        connectionId = rs.getLong(1);
      }
    }
    return connection;
  }

  /** Runs one page with retries; the rows are returned only when the whole page was read. */
  public <T> List<T> page(String sql, Binder binder, RowMapper<T> mapper) {
    int attempt = 0;
    long backoff = Math.max(1, connector.config().retryBackoffMs());
    while (true) {
      try {
        return readPage(sql, binder, mapper, attempt);
      } catch (SQLException e) {
        closeQuietly();
        if (!Transient.isTransient(e) || attempt >= connector.config().retries()) {
          throw new ReplicaException("query on " + connector.describe(wiki) + " failed"
              + (attempt > 0 ? " after " + attempt + " retr" + (attempt == 1 ? "y" : "ies") : "") + ": "
              + e.getMessage() + " [" + e.getSQLState() + "/" + e.getErrorCode() + "]", e);
        }
        attempt++;
        retriesUsed++;
        LOG.warn("replicas: {} — {} (SQLState {}); retry {} of {} in {} ms", connector.describe(wiki),
            e.getMessage(), e.getSQLState(), attempt, connector.config().retries(), backoff);
        sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  }

  private <T> List<T> readPage(String sql, Binder binder, RowMapper<T> mapper, int attempt) throws SQLException {
    Connection c = connection();
    try (PreparedStatement statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize(connector.config().fetchSize());
      statement.setQueryTimeout(connector.config().queryTimeoutSeconds());
      binder.bind(statement);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
          hook.afterRow(this, rows.size(), attempt);
        }
      }
      return rows;
    }
  }

  /** Tables and views of the wiki's database (views such as revision_userindex included). */
  public Set<String> tables() {
    if (tables == null) {
      tables = new HashSet<>(page("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
          s -> { }, rs -> rs.getString(1)));
    }
    return tables;
  }

  public boolean has(String table) {
    return tables().contains(table);
  }

  /** {@code revision_userindex} (the replicas' view for actor lookups) when it exists, else {@code revision}. */
  public String revisionTable() {
    return has("revision_userindex") ? "revision_userindex" : "revision";
  }

  public String archiveTable() {
    return has("archive_userindex") ? "archive_userindex" : "archive";
  }

  public String loggingTable() {
    return has("logging_logindex") ? "logging_logindex" : "logging";
  }

  public boolean hasUserIsTemp() {
    if (userIsTempColumn == null) {
      userIsTempColumn = !page("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
          + "AND TABLE_NAME = 'user' AND COLUMN_NAME = 'user_is_temp'", s -> { }, rs -> 1).isEmpty();
    }
    return userIsTempColumn;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicaException("interrupted while waiting to retry", e);
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being dropped because it failed
      }
      connection = null;
      connectionId = -1;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  /** {@code (?, ?, …)} for an IN list. */
  public static String placeholders(int n) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : ", ?");
    }
    return sb.append(')').toString();
  }
}
