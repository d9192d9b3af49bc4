package org.campaignmetrics.source.campaignevents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config.CampaignEventsConfig;
import org.campaignmetrics.format.FormatException;
import org.campaignmetrics.format.Urls;
import org.campaignmetrics.format.mariadb.BatchTsv;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.mariadb.ReplicaCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the CampaignEvents tables (their DDL: db_patches/mysql/tables-generated.sql of CampaignEvents,
 * https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents; docs/datasets.md) and CentralAuth's
 * {@code globaluser}, over JDBC or from a folder of {@code <table>.tsv} files as
 * {@code mariadb --batch -e 'SELECT * FROM <table>'} writes them, into typed rows — the same
 * rows from either input. Only the columns listed here are read (extra columns are ignored, a
 * missing one is an error naming the file or table). Timestamps are {@link Instant}s (the
 * sessions run with {@code spark.sql.datetime.java8API.enabled}). The tables are event-sized (thousands of
 * events, their registrations and associated edits), so they are read on the driver.
 */
public final class CampaignEventsInput {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignEventsInput.class);
  public static final String ENV_USER = "CM_CAMPAIGNEVENTS_USER";
  public static final String ENV_PASSWORD = "CM_CAMPAIGNEVENTS_PASSWORD";

  /** How a column's text becomes a value. */
  public enum Kind {
    LONG(DataTypes.LongType), INT(DataTypes.IntegerType), BOOL(DataTypes.BooleanType), TEXT(DataTypes.StringType),
    /** A MediaWiki timestamp, BINARY(14) {@code YYYYMMDDHHMMSS}, UTC. */
    TS(DataTypes.TimestampType);

    final DataType type;

    Kind(DataType type) {
      this.type = type;
    }
  }

  public record Column(String name, Kind kind, boolean nullable) {}

  /** A table and the columns we read from it. */
  public record Table(String name, List<Column> columns) {
    /** The position of a column in the table's rows. */
    public int index(String column) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(column)) {
          return i;
        }
      }
      throw new IllegalArgumentException(name + " has no column " + column);
    }

    public StructType schema() {
      StructType schema = new StructType();
      for (Column c : columns) {
        schema = schema.add(c.name(), c.kind().type, c.nullable());
      }
      return schema;
    }

    public String file() {
      return name + ".tsv";
    }
  }

  private static Column c(String name, Kind kind) {
    return new Column(name, kind, false);
  }

  private static Column nullable(String name, Kind kind) {
    return new Column(name, kind, true);
  }

  public static final Table EVENTS = new Table("campaign_events", List.of(
      c("event_id", Kind.LONG), c("event_name", Kind.TEXT), c("event_page_wiki", Kind.TEXT),
      c("event_page_prefixedtext", Kind.TEXT), c("event_status", Kind.INT), c("event_timezone", Kind.TEXT),
      c("event_start_utc", Kind.TS), c("event_end_utc", Kind.TS), c("event_types", Kind.INT),
      c("event_track_contributions", Kind.BOOL), c("event_meeting_type", Kind.INT),
      nullable("event_deleted_at", Kind.TS), c("event_is_test_event", Kind.BOOL)));
  public static final Table PARTICIPANTS = new Table("ce_participants", List.of(
      c("cep_event_id", Kind.LONG), c("cep_user_id", Kind.LONG), c("cep_private", Kind.BOOL),
      c("cep_registered_at", Kind.TS), nullable("cep_unregistered_at", Kind.TS)));
  public static final Table ORGANIZERS = new Table("ce_organizers", List.of(
      c("ceo_event_id", Kind.LONG), c("ceo_user_id", Kind.LONG), c("ceo_roles", Kind.LONG),
      nullable("ceo_deleted_at", Kind.TS)));
  public static final Table WIKIS = new Table("ce_event_wikis", List.of(
      c("ceew_event_id", Kind.LONG), c("ceew_wiki", Kind.TEXT)));
  public static final Table TOPICS = new Table("ce_event_topics", List.of(
      c("ceet_event_id", Kind.LONG), c("ceet_topic", Kind.TEXT)));
  public static final Table ADDRESS = new Table("ce_address", List.of(
      c("cea_id", Kind.LONG), c("cea_country_code", Kind.TEXT)));
  public static final Table EVENT_ADDRESS = new Table("ce_event_address", List.of(
      c("ceea_id", Kind.LONG), c("ceea_event", Kind.LONG), c("ceea_address", Kind.LONG)));
  public static final Table CONTRIBUTIONS = new Table("ce_event_contributions", List.of(
      c("cec_id", Kind.LONG), c("cec_event_id", Kind.LONG), c("cec_user_id", Kind.LONG), c("cec_wiki", Kind.TEXT),
      c("cec_page_id", Kind.LONG), c("cec_revision_id", Kind.LONG), c("cec_edit_flags", Kind.INT),
      c("cec_bytes_delta", Kind.LONG), c("cec_links_delta", Kind.LONG), c("cec_timestamp", Kind.TS),
      c("cec_deleted", Kind.BOOL)));
  public static final Table GOALS = new Table("ce_event_goals", List.of(
      c("ceeg_id", Kind.LONG), c("ceeg_event_id", Kind.LONG), c("ceeg_goals", Kind.TEXT)));
  /** CentralAuth: names and global registration of the central ids the CE tables hold. */
  public static final Table GLOBALUSER = new Table("globaluser", List.of(
      c("gu_id", Kind.LONG), c("gu_name", Kind.TEXT), nullable("gu_registration", Kind.TS)));

  public static final List<Table> TABLES = List.of(EVENTS, PARTICIPANTS, ORGANIZERS, WIKIS, TOPICS, ADDRESS,
      EVENT_ADDRESS, CONTRIBUTIONS, GOALS, GLOBALUSER);

  private CampaignEventsInput() {}

  /** Every table's typed rows, by table name, in the order of {@link #TABLES}. */
  public static Map<String, List<Row>> read(Configuration hadoop, CampaignEventsConfig config) {
    Map<String, List<Row>> tables = new LinkedHashMap<>();
    if (config.source() == CampaignEventsConfig.Source.JDBC) {
      ReplicaCredentials credentials = ReplicaCredentials.load(config.credentialsFile(),
          "campaignevents.credentials_file", ENV_USER, ENV_PASSWORD);
      LOG.info("campaignevents: reading {} over JDBC as {} ({})", Urls.redact(config.url()), credentials.user(),
          credentials.origin());
      Properties properties = credentials.connectionProperties();
      properties.setProperty("connectTimeout", "10000");
      try (Connection connection = DriverManager.getConnection(config.url(), properties)) {
        for (Table table : TABLES) {
          if (table != GLOBALUSER) {
            tables.put(table.name(), readJdbc(connection, table, table.name(), Urls.redact(config.url())));
          }
        }
        // globaluser has tens of millions of rows on WMF: only the accounts the events name, in batches
        List<Long> ids = new ArrayList<>(centralIdsNamed(tables));
        List<Row> accounts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += GLOBALUSER_BATCH) {
          accounts.addAll(readJdbc(connection, GLOBALUSER, config.globaluserTable(), Urls.redact(config.url()),
              ids.subList(from, Math.min(ids.size(), from + GLOBALUSER_BATCH))));
        }
        tables.put(GLOBALUSER.name(), accounts);
      } catch (SQLException e) {
        throw new IngestException("campaignevents: cannot read " + Urls.redact(config.url()) + ": "
            + e.getMessage(), e);
      }
    } else {
      for (Table table : TABLES) {
        tables.put(table.name(), readFile(hadoop, new Path(config.path(), table.file()), table));
      }
    }
    tables.forEach((name, rows) -> LOG.info("campaignevents: {} — {} rows", name, rows.size()));
    return tables;
  }

  /** Central ids looked up in {@code globaluser} per query. */
  static final int GLOBALUSER_BATCH = 1000;

  /**
   * The central ids whose names the events need: every registrant ({@code cep_user_id}) and
   * organizer ({@code ceo_user_id}), sorted.
   */
  public static TreeSet<Long> centralIdsNamed(Map<String, List<Row>> tables) {
    TreeSet<Long> ids = new TreeSet<>();
    for (Table table : List.of(PARTICIPANTS, ORGANIZERS)) {
      int column = table.index(table == PARTICIPANTS ? "cep_user_id" : "ceo_user_id");
      for (Row row : tables.getOrDefault(table.name(), List.of())) {
        if (!row.isNullAt(column)) {
          ids.add(row.getLong(column));
        }
      }
    }
    return ids;
  }

  static List<Row> readJdbc(Connection connection, Table table, String sqlName, String url) throws SQLException {
    return readJdbc(connection, table, sqlName, url, null);
  }

  /** @param ids when not null, only the rows whose first column is one of them ({@code IN (…)}) */
  static List<Row> readJdbc(Connection connection, Table table, String sqlName, String url, List<Long> ids)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < table.columns().size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(table.columns().get(i).name());
    }
    sql.append(" FROM ").append(sqlName);
    if (ids != null) {
      sql.append(" WHERE ").append(table.columns().get(0).name()).append(" IN (")
          .append(String.join(", ", Collections.nCopies(ids.size(), "?"))).append(") ORDER BY ")
          .append(table.columns().get(0).name());
    }
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      if (ids != null) {
        for (int i = 0; i < ids.size(); i++) {
          statement.setLong(i + 1, ids.get(i));
        }
      }
      try (ResultSet rs = statement.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        long n = 0;
        while (rs.next()) {
          n++;
          String[] texts = new String[table.columns().size()];
          for (int i = 0; i < texts.length; i++) {
            texts[i] = text(rs, meta, i + 1);
          }
          long row = n;
          rows.add(convert(table, texts, () -> sqlName + " (" + url + ") row " + row));
        }
      }
    } catch (SQLException e) {
      throw new IngestException("campaignevents: reading table " + sqlName + " from " + url + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** A column's value as the text {@code mariadb --batch} would print (binary columns as UTF-8). */
  private static String text(ResultSet rs, ResultSetMetaData meta, int column) throws SQLException {
    switch (meta.getColumnType(column)) {
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
      }
      default -> {
        return rs.getString(column);
      }
    }
  }

  static List<Row> readFile(Configuration hadoop, Path file, Table table) {
    List<Row> rows;
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        throw new IngestException("campaignevents.path: no " + table.file() + " in " + file.getParent()
            + " (expected one <table>.tsv per table: " + String.join(", ", TABLES.stream().map(Table::file).toList())
            + ")", null);
      }
      try (FSDataInputStream in = fs.open(file);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String header = reader.readLine();
        if (header == null) {
          throw new IngestException(file + ": empty (expected a header line of column names)", null);
        }
        List<String> names = List.of(header.replace("\uFEFF", "").split("\t", -1));
        int[] index = new int[table.columns().size()];
        for (int i = 0; i < index.length; i++) {
          index[i] = names.indexOf(table.columns().get(i).name());
          if (index[i] < 0) {
            throw new IngestException(file + " line 1: no column " + table.columns().get(i).name() + " in the header "
                + names, null);
          }
        }
        rows = parse(reader, file, table, names.size(), index);
      }
    } catch (IOException e) {
      throw new IngestException("campaignevents: reading " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** Lines parsed as one piece ({@link #parse}): a table longer than this is parsed on every core. */
  static final int CHUNK_LINES = 20_000;

  /**
   * The rows of the lines after the header, in file order. Up to {@link #CHUNK_LINES} lines are
   * parsed as they are read; a longer file's pieces of that many lines are parsed side by side (one
   * thread per core, at most three pieces per thread read and not yet parsed) while the next are
   * read. An error is the earliest line's, as when read in order.
   */
  static List<Row> parse(BufferedReader reader, Path file, Table table, int fields, int[] index) throws IOException {
    List<String> first = new ArrayList<>();
    String line = null;
    while (first.size() < CHUNK_LINES && (line = reader.readLine()) != null) {
      first.add(line);
    }
    if (line == null) {
      return parse(first, 2, file, table, fields, index);
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "campaignevents-parse");
      thread.setDaemon(true);
      return thread;
    });
    Semaphore waiting = new Semaphore(3 * threads);
    List<Future<List<Row>>> pieces = new ArrayList<>();
    try {
      List<String> piece = first;
      int number = 2;
      while (!piece.isEmpty()) {
        List<String> lines = piece;
        int from = number;
        waiting.acquireUninterruptibly();
        pieces.add(pool.submit(() -> {
          try {
            return parse(lines, from, file, table, fields, index);
          } finally {
            waiting.release();
          }
        }));
        number += piece.size();
        piece = new ArrayList<>();
        while (piece.size() < CHUNK_LINES && (line = reader.readLine()) != null) {
          piece.add(line);
        }
      }
      List<Row> rows = new ArrayList<>();
      for (Future<List<Row>> part : pieces) {
        rows.addAll(part.get());
      }
      return rows;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error; // out of memory is not a bad file
      }
      throw new IngestException("campaignevents: reading " + file + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestException("campaignevents: reading " + file + ": interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The rows of {@code lines}, the first of which is line {@code number} of the file. */
  private static List<Row> parse(List<String> lines, int number, Path file, Table table, int fields, int[] index) {
    List<Row> rows = new ArrayList<>(lines.size());
    String name = file.toString();
    for (String line : lines) {
      int at = number++;
      // the place is written out only for an error: not per field of a million lines
      Supplier<String> where = () -> name + " line " + at;
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\t", -1);
      if (parts.length != fields) {
        throw new IngestException(where.get() + ": " + parts.length + " fields, the header has " + fields,
            null);
      }
      String[] texts = new String[index.length];
      try {
        for (int i = 0; i < index.length; i++) {
          texts[i] = BatchTsv.unescape(parts[index[i]], where);
        }
      } catch (FormatException e) {
        throw new IngestException(e.getMessage(), e);
      }
      rows.add(convert(table, texts, where));
    }
    return rows;
  }

  /** Typed row from the columns' texts; {@code where} names the file line or table row in errors. */
  static Row convert(Table table, String[] texts, Supplier<String> where) {
    Object[] values = new Object[texts.length];
    for (int i = 0; i < texts.length; i++) {
      Column column = table.columns().get(i);
      String text = texts[i];
      if (text == null) {
        if (!column.nullable()) {
          throw new IngestException(where.get() + ": " + column.name() + " is NULL", null);
        }
        continue;
      }
      try {
        values[i] = switch (column.kind()) {
          case LONG -> Long.parseLong(text.strip());
          case INT -> Integer.parseInt(text.strip());
          case BOOL -> bool(text.strip());
          case TEXT -> text;
          case TS -> timestamp(text, column);
        };
      } catch (NumberFormatException e) {
        throw new IngestException(where.get() + ": " + column.name() + " '" + text + "' is not a whole number", null);
      } catch (IllegalArgumentException e) {
        throw new IngestException(where.get() + ": " + column.name() + " '" + text + "': " + e.getMessage(), null);
      }
    }
    return RowFactory.create(values);
  }

  private static Boolean bool(String text) {
    return switch (text) {
      case "0" -> false;
      case "1" -> true;
      default -> throw new IllegalArgumentException("not 0 or 1");
    };
  }

  private static Instant timestamp(String text, Column column) {
    Instant instant = MediaWikiTimestamps.parse(text.strip().getBytes(StandardCharsets.ISO_8859_1));
    if (instant == null && !column.nullable()) {
      throw new IllegalArgumentException("empty, expected a MediaWiki timestamp (YYYYMMDDHHMMSS)");
    }
    return instant;
  }
}
