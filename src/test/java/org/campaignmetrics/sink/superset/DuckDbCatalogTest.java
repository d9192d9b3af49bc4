package org.campaignmetrics.sink.superset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.model.CampaignEventsStats;
import org.campaignmetrics.model.Campaigns;
import org.campaignmetrics.model.EventGoalProgress;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's SQL run in DuckDB (the JDBC driver of the tests, 1.5.x as in the Superset venv):
 * {@code <name>} is the newest snapshot's committed rows, {@code <name>_all_snapshots} every
 * snapshot's with {@code snapshot} as a column, a file beside the record's is not read, and a
 * dataset no snapshot has is an empty view with its columns.
 */
class DuckDbCatalogTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static List<String> rows(Statement s, String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void viewsReadTheCommittedFilesOfTheNewestSnapshotAndOfEverySnapshot() throws Exception {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    for (String[] snapshot : new String[][] {{"2026-08", "5"}, {"2026-09", "7"}}) {
      List<Row> rows = Tables.rows(CampaignEventsStats.SCHEMA, Map.of(), "table_name  outcome  rows",
          "ce_events   kept     " + snapshot[1]);
      warehouse.writeParquet(rows, CampaignEventsStats.SCHEMA, CampaignEventsStats.NAME, snapshot[0]);
    }
    // a run's file moved in beside the record's, not yet committed: a glob would read it
    Path partition = dir.resolve("campaignevents_stats/snapshot=2026-09");
    Path committed;
    try (var files = Files.list(partition)) {
      committed = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.copy(committed, partition.resolve("pdeadbeef-part-00000-uncommitted.snappy.parquet"));

    String sql = DuckDbCatalog.sql(warehouse);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      for (String statement : sql.split(";\n")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
      assertEquals(List.of("ce_events kept 7 2026-09"), rows(s, "SELECT * FROM campaignevents_stats"));
      assertEquals(List.of("ce_events kept 5 2026-08", "ce_events kept 7 2026-09"),
          rows(s, "SELECT * FROM campaignevents_stats_all_snapshots ORDER BY snapshot"));
      assertEquals(List.of("0"), rows(s, "SELECT count(*) FROM campaigns"), "no snapshot has campaigns: empty");
      List<String> columns = rows(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'campaigns' "
          + "ORDER BY ordinal_position");
      List<String> expected = new ArrayList<>(List.of(Campaigns.SCHEMA.fieldNames()));
      expected.add("snapshot");
      assertEquals(expected, columns);
      assertEquals(List.of("2026-08 1", "2026-09 1"), rows(s, "SELECT snapshot, commit_number FROM _catalog ORDER BY 1"));
    }
  }

  /** The bundle's DuckDB SQL for goal progress beyond 100 %, run on a view of the catalog. */
  @Test
  void anExceededGoalIsBeyondOneHundredPercent() throws Exception {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Row goal = RowFactory.create(7L, "public", "AND",
        List.of(RowFactory.create("metrics[0]", "articles_created", 30L, 40L, 1.0, 4.0 / 3)).toArray(),
        1.0, 100, true, "articles_created", 40L, null);
    warehouse.writeParquet(spark.createDataFrame(List.of(goal), EventGoalProgress.SCHEMA), EventGoalProgress.NAME,
        "2026-09", Map.of());
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      for (String statement : DuckDbCatalog.sql(warehouse).split(";\n")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
      List<String> percent = rows(s, "SELECT round(" + SupersetBundle.primaryPercent(SupersetBundle.Backend.duckdb)
          + ", 4), percent FROM event_goal_progress g");
      assertEquals(List.of("133.3333 100"), percent, "the chart's percent is uncapped; the dataset's is capped");
    }
  }
}
