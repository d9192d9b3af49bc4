package org.campaignmetrics.sink.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.config.Config.SqlOutput;
import org.campaignmetrics.model.CampaignEventsStats;
import org.campaignmetrics.model.EventGoalProgress;
import org.campaignmetrics.model.RetentionSummary;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.testing.MariaDbTestServer;
import org.campaignmetrics.testing.PostgresTestServer;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code output.sql} against a real PostgreSQL and a real MariaDB (Debian's packages, started by the
 * test servers): every public dataset of the snapshot becomes a table with the same columns plus
 * {@code snapshot}; nulls, timestamps (UTC), booleans and the JSON text of arrays arrive as they
 * are; a re-run leaves identical tables; a snapshot's rows are replaced in one transaction (a
 * failure on a later table leaves the earlier tables as they were) and other snapshots are
 * untouched; a table with other columns fails the step naming it.
 */
class SqlTablesTest extends SparkTestBase {
  @TempDir
  Path dir;

  private String schema;
  private String backend;

  private SqlOutput output() {
    return new SqlOutput(backend.equals("postgresql") ? PostgresTestServer.get().url
        : "jdbc:mariadb://" + MariaDbTestServer.get().host + ":" + MariaDbTestServer.get().port + "/", null, schema);
  }

  private Properties credentials() {
    if (backend.equals("postgresql")) {
      return PostgresTestServer.get().properties();
    }
    Properties p = new Properties();
    p.setProperty("user", MariaDbTestServer.get().user);
    p.setProperty("password", MariaDbTestServer.get().password);
    return p;
  }

  private Connection connect() throws SQLException {
    return backend.equals("postgresql") ? PostgresTestServer.get().connect() : MariaDbTestServer.get().connect("");
  }

  private void setUp(String backend) {
    this.backend = backend;
    this.schema = MariaDbTestServer.newPrefix();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute(backend.equals("postgresql") ? "DROP SCHEMA IF EXISTS " + schema + " CASCADE"
            : "DROP DATABASE IF EXISTS `" + schema + "`");
      }
    }
  }

  private Warehouse warehouse(String snapshot, int suppressedRows) {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    List<String> rows = new ArrayList<>();
    rows.add("c1           newcomers  3               2025-01-01T00:00:00Z  2025-02-01T00:00:00Z  12           5         0.4166666666666667  false     false       \"Ann's drive\"");
    for (int i = 0; i < suppressedRows; i++) {
      rows.add("c" + (i + 2) + "           existing   6               2025-04-01T00:00:00Z  2025-05-01T00:00:00Z  null         null      null                true      true        null");
    }
    warehouse.writeParquet(Tables.rows(RetentionSummary.SCHEMA, Map.of("campaign_start", java.time.Instant.parse("2024-09-01T00:00:00Z"),
        "campaign_end", java.time.Instant.parse("2024-10-01T00:00:00Z")),
        "campaign_id  cohort     horizon_months  window_start          window_end            cohort_size  retained  rate                censored  suppressed  campaign_name",
        rows.toArray(String[]::new)), RetentionSummary.SCHEMA, RetentionSummary.NAME, snapshot);
    Row goal = RowFactory.create(7L, "public", "AND",
        List.of(RowFactory.create("metrics[0]", "articles_created", 30L, 40L, 1.0, 4.0 / 3)).toArray(),
        1.0, 100, true, "articles_created", 40L, null);
    warehouse.writeParquet(spark.createDataFrame(List.of(goal), EventGoalProgress.SCHEMA), EventGoalProgress.NAME,
        snapshot, Map.of());
    warehouse.writeParquet(Tables.rows(CampaignEventsStats.SCHEMA, Map.of(),
        "table_name  outcome  rows", "ce_events   kept     6"), CampaignEventsStats.SCHEMA, CampaignEventsStats.NAME,
        snapshot);
    return warehouse;
  }

  private List<List<Object>> rows(String table, String orderBy) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + schema + "." + table + " ORDER BY " + orderBy)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rs.getObject(i);
          row.add(value == null ? null : value instanceof Boolean b ? b : value.toString());
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void everyPublicDatasetBecomesATableWithItsValues(String backend) throws SQLException {
    setUp(backend);
    Warehouse warehouse = warehouse("2026-09", 1);
    SqlTables.Result result = new SqlTables(output()).publish(warehouse, "2026-09", credentials());
    assertEquals(Map.of("retention_summary", 2L, "event_goal_progress", 1L, "campaignevents_stats", 1L), result.rows());

    List<List<Object>> summary = rows("retention_summary", "campaign_id");
    assertEquals(2, summary.size());
    List<Object> first = summary.get(0);
    assertEquals("c1", first.get(0));
    assertEquals("newcomers", first.get(1));
    assertEquals("3", first.get(2));
    assertTrue(first.get(3).toString().startsWith("2025-01-01") && first.get(3).toString().contains("00:00"),
        "window_start is UTC midnight, as written: " + first.get(3));
    assertEquals("12", first.get(5));
    assertEquals("5", first.get(6));
    assertEquals(0.4166666666666667, Double.parseDouble(first.get(7).toString()), 1e-15);
    assertEquals("Ann's drive", first.get(11));
    assertEquals("2026-09", first.get(first.size() - 1), "snapshot is the last column");
    List<Object> suppressed = summary.get(1);
    assertEquals(null, suppressed.get(5), "a suppressed count stays null");
    assertEquals(null, suppressed.get(6));
    assertEquals(null, suppressed.get(7));

    List<List<Object>> goals = rows("event_goal_progress", "event_id");
    String metrics = goals.get(0).get(3).toString();
    assertTrue(metrics.startsWith("[{\"path\":\"metrics[0]\",\"metric\":\"articles_created\",\"target\":30,\"actual\":40"),
        "the metrics array as JSON text: " + metrics);
    assertTrue(metrics.contains("\"uncapped_ratio\":1.33333333333"), metrics);
    assertEquals(List.of(List.of("ce_events", "kept", "6", "2026-09")), rows("campaignevents_stats", "outcome"));
  }

  /** The SQL the Superset bundle puts in its datasets for this backend runs on the published tables. */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void theBundlesSqlExpressionsRunOnTheTables(String backend) throws SQLException {
    setUp(backend);
    new SqlTables(output()).publish(warehouse("2026-09", 1), "2026-09", credentials());
    var b = org.campaignmetrics.sink.superset.SupersetBundle.Backend.valueOf(backend);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT " + org.campaignmetrics.sink.superset.SupersetBundle.primaryPercent(b)
          + " FROM " + schema + ".event_goal_progress g")) {
        rs.next();
        assertEquals(100.0 * 4 / 3, rs.getDouble(1), 1e-9, "the first metric's uncapped ratio, in percent");
      }
      List<String> statuses = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT " + org.campaignmetrics.sink.superset.SupersetBundle.statusExpression()
          + " FROM " + schema + ".retention_summary ORDER BY campaign_id")) {
        while (rs.next()) {
          statuses.add(rs.getString(1));
        }
      }
      assertEquals(List.of("published", "suppressed (a small cell, or one that would reveal it)"), statuses);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aRerunLeavesIdenticalTablesAndOtherSnapshotsAlone(String backend) throws SQLException {
    setUp(backend);
    new SqlTables(output()).publish(warehouse("2026-08", 3), "2026-08", credentials());
    Warehouse september = warehouse("2026-09", 1);
    new SqlTables(output()).publish(september, "2026-09", credentials());
    List<List<Object>> once = rows("retention_summary", "snapshot, campaign_id");
    new SqlTables(output()).publish(september, "2026-09", credentials());
    assertEquals(once, rows("retention_summary", "snapshot, campaign_id"), "a re-run gives identical tables");
    assertEquals(4 + 2, once.size(), "2026-08's four rows are still there beside 2026-09's two");

    // 2026-09 again with three suppressed rows instead of one: its rows replaced, 2026-08's untouched
    new SqlTables(output()).publish(warehouse("2026-09", 3), "2026-09", credentials());
    List<List<Object>> after = rows("retention_summary", "snapshot, campaign_id");
    assertEquals(8, after.size());
    assertEquals(once.subList(0, 4), after.subList(0, 4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aFailureOnALaterTableLeavesTheSnapshotAsItWas(String backend) throws SQLException {
    setUp(backend);
    new SqlTables(output()).publish(warehouse("2026-09", 1), "2026-09", credentials());
    List<List<Object>> before = rows("retention_summary", "campaign_id");
    try (Connection c = connect(); Statement s = c.createStatement()) {
      // event_goal_progress comes after retention_summary: make its insert fail
      s.execute("DELETE FROM " + schema + ".event_goal_progress");
      s.execute("ALTER TABLE " + schema + ".event_goal_progress ADD CONSTRAINT no_rows CHECK (event_id < 0)");
    }
    Warehouse changed = warehouse("2026-09", 3);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SqlTables(output()).publish(changed, "2026-09", credentials()));
    assertTrue(e.getMessage().contains("nothing of this snapshot changed there"), e.getMessage());
    assertEquals(before, rows("retention_summary", "campaign_id"),
        "retention_summary's new rows were rolled back with the failed table's");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aTableWithOtherColumnsFailsTheStepNamingIt(String backend) throws SQLException {
    setUp(backend);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(backend.equals("postgresql") ? "CREATE SCHEMA " + schema : "CREATE DATABASE `" + schema + "`");
      s.execute("CREATE TABLE " + schema + ".campaignevents_stats (table_name TEXT, n BIGINT, snapshot VARCHAR(7))");
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new SqlTables(output()).publish(warehouse("2026-09", 1), "2026-09", credentials()));
    assertTrue(e.getMessage().contains(schema + ".campaignevents_stats has the columns [table_name, n, snapshot]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("migrate or drop the table"), e.getMessage());
  }
}
