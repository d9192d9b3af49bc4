package org.campaignmetrics.sink.sql;

import static org.apache.spark.sql.functions.col;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config.SqlOutput;
import org.campaignmetrics.format.Urls;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.Outputs;
import org.campaignmetrics.sink.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the snapshot's public aggregates as tables of a PostgreSQL or MariaDB database
 * ({@code output.sql}): one table per dataset, named as the dataset, in {@code output.sql.schema}
 * (created if missing), with the dataset's columns plus {@code snapshot}. Arrays and structs are
 * JSON text, as in the CSV copies; timestamps are UTC without a zone.
 *
 * <p>Idempotent per snapshot: every table's rows of the snapshot are deleted and inserted again in
 * one transaction, so a reader sees the old snapshot or the new one, and a re-run leaves identical
 * tables. Tables (and the schema) are created first, outside it: MariaDB commits DDL at once. A
 * table whose columns differ from the dataset's fails the step, naming both; nothing is altered.
 * Reads only what the newest commit record lists ({@link Warehouse#read}).
 */
public final class SqlTables {
  private static final Logger LOG = LoggerFactory.getLogger("campaign-metrics");
  private static final int BATCH = 1000;

  /** How many rows each table got. */
  public record Result(Map<String, Long> rows) {}

  private final SqlOutput output;
  private final boolean postgresql;

  public SqlTables(SqlOutput output) {
    this.output = output;
    this.postgresql = output.postgresql();
  }

  /** The datasets that are published as tables: every public one the snapshot has. */
  public static List<String> datasets(Warehouse warehouse, String snapshot) {
    return Datasets.PUBLIC.keySet().stream().filter(name -> warehouse.isComplete(name, snapshot)).toList();
  }

  public Result publish(Warehouse warehouse, String snapshot, Properties credentials) {
    List<String> names = datasets(warehouse, snapshot);
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    Properties props = new Properties();
    props.putAll(credentials);
    String where = Urls.redact(output.url()) + " schema " + output.schema();
    try (Connection connection = DriverManager.getConnection(output.url(), props)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute((postgresql ? "CREATE SCHEMA IF NOT EXISTS " : "CREATE DATABASE IF NOT EXISTS ")
            + quote(output.schema()));
        for (String name : names) {
          statement.execute(createTable(name));
          statement.execute(createIndex(name));
        }
      }
      for (String name : names) {
        checkColumns(connection, name);
      }
      connection.setAutoCommit(false);
      try {
        for (String name : names) {
          counts.put(name, replace(connection, warehouse, name, snapshot));
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("output.sql: publishing snapshot " + snapshot + " to " + where
          + " failed: " + e.getMessage() + " (nothing of this snapshot changed there)", e);
    }
    LOG.info("output.sql: snapshot {} published to {}: {} tables, {} rows", snapshot, where, counts.size(),
        counts.values().stream().mapToLong(Long::longValue).sum());
    return new Result(counts);
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for a public dataset: its columns, then {@code snapshot}. */
  public String createTable(String name) {
    StructType schema = Datasets.PUBLIC.get(name);
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(table(name)).append(" (");
    for (StructField field : schema.fields()) {
      sql.append(quote(field.name())).append(' ').append(type(field.dataType())).append(", ");
    }
    sql.append(quote("snapshot")).append(postgresql ? " VARCHAR(7) NOT NULL)" : " VARCHAR(7) NOT NULL) "
        + "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return sql.toString();
  }

  private String createIndex(String name) {
    return "CREATE INDEX IF NOT EXISTS " + quote(name + "_snapshot") + " ON " + table(name) + " ("
        + quote("snapshot") + ")";
  }

  private String type(DataType type) {
    return SqlTypes.of(type, postgresql ? SqlTypes.Dialect.POSTGRESQL : SqlTypes.Dialect.MARIADB);
  }

  private void checkColumns(Connection connection, String name) throws SQLException {
    List<String> expected = new ArrayList<>();
    for (StructField field : Datasets.PUBLIC.get(name).fields()) {
      expected.add(field.name());
    }
    expected.add("snapshot");
    List<String> actual = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT * FROM " + table(name) + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        actual.add(meta.getColumnName(i));
      }
    }
    if (!actual.equals(expected)) {
      throw new SQLException("table " + output.schema() + "." + name + " has the columns " + actual
          + " but the dataset has " + expected + " (an older version made it?); migrate or drop the table, "
          + "then run again");
    }
  }

  private long replace(Connection connection, Warehouse warehouse, String name, String snapshot) throws SQLException {
    StructType schema = Datasets.PUBLIC.get(name);
    Dataset<Row> data = Outputs.nestedAsJson(warehouse.read(name, snapshot)); // as in the CSV copies
    List<String> columns = List.of(schema.fieldNames());
    List<Row> rows = data.select(columns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList();
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + table(name) + " WHERE " + quote("snapshot") + " = ?")) {
      delete.setString(1, snapshot);
      delete.executeUpdate();
    }
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(table(name)).append(" (");
    StringBuilder marks = new StringBuilder();
    for (String column : columns) {
      insert.append(quote(column)).append(", ");
      marks.append("?, ");
    }
    insert.append(quote("snapshot")).append(") VALUES (").append(marks).append("?)");
    try (PreparedStatement statement = connection.prepareStatement(insert.toString())) {
      int pending = 0;
      for (Row row : rows) {
        for (int i = 0; i < columns.size(); i++) {
          bind(statement, i + 1, row.get(i), schema.fields()[i].dataType());
        }
        statement.setString(columns.size() + 1, snapshot);
        statement.addBatch();
        if (++pending == BATCH) {
          statement.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        statement.executeBatch();
      }
    }
    return rows.size();
  }

  private static void bind(PreparedStatement statement, int index, Object value, DataType type) throws SQLException {
    if (value == null) {
      statement.setNull(index, sqlType(type));
    } else if (value instanceof Timestamp ts) {
      statement.setObject(index, LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC));
    } else if (value instanceof java.time.Instant instant) {
      statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    } else if (value instanceof java.sql.Date date) {
      statement.setObject(index, date.toLocalDate());
    } else if (value instanceof LocalDate date) {
      statement.setObject(index, date);
    } else {
      statement.setObject(index, value);
    }
  }

  private static int sqlType(DataType type) {
    if (type.equals(DataTypes.IntegerType)) {
      return Types.INTEGER;
    } else if (type.equals(DataTypes.LongType)) {
      return Types.BIGINT;
    } else if (type.equals(DataTypes.DoubleType)) {
      return Types.DOUBLE;
    } else if (type.equals(DataTypes.BooleanType)) {
      return Types.BOOLEAN;
    } else if (type.equals(DataTypes.TimestampType)) {
      return Types.TIMESTAMP;
    } else if (type.equals(DataTypes.DateType)) {
      return Types.DATE;
    }
    return Types.VARCHAR;
  }

  private String table(String name) {
    return quote(output.schema()) + "." + quote(name);
  }

  private String quote(String identifier) {
    return postgresql ? "\"" + identifier + "\"" : "`" + identifier + "`";
  }
}
