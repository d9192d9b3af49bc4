package org.campaignmetrics.sink.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.CampaignEventsStats;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.sql.TableDdl.Dialect;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tables}: the Spark SQL dialect is run in the test session's catalog and reads back what the
 * job wrote; the Hive and Trino statements are checked by their text (no metastore here).
 */
class TableDdlTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void theSparkDdlRegistersTablesThatReadTheOutputs() {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    for (String[] snapshot : new String[][] {{"2026-08", "5"}, {"2026-09", "7"}}) {
      List<Row> rows = Tables.rows(CampaignEventsStats.SCHEMA, Map.of(), "table_name  outcome  rows",
          "ce_events   kept     " + snapshot[1]);
      warehouse.writeParquet(rows, CampaignEventsStats.SCHEMA, CampaignEventsStats.NAME, snapshot[0]);
    }
    String ddl = new TableDdl(Dialect.spark, "default", "hive").statements(
        new org.apache.hadoop.fs.Path(dir.toUri()), Map.of(CampaignEventsStats.NAME, List.of("2026-08", "2026-09")));
    int tables = 0;
    try {
      for (String statement : ddl.split(";\n")) {
        String sql = statement.replaceAll("(?m)^--.*$", "").strip();
        if (!sql.isEmpty()) {
          spark.sql(sql);
          tables += sql.startsWith("CREATE TABLE") ? 1 : 0;
        }
      }
      assertEquals(Datasets.PUBLIC.size(), tables, "a table per public aggregate");
      assertEquals(List.of("ce_events kept 5 2026-08", "ce_events kept 7 2026-09"),
          spark.sql("SELECT * FROM default.campaignevents_stats ORDER BY snapshot").collectAsList().stream()
              .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getLong(2) + " " + r.getString(3)).toList());
      assertEquals(Datasets.schema("retention_summary").fieldNames().length + 1,
          spark.table("default.retention_summary").schema().fields().length, "its columns and snapshot");
      // idempotent: the same statements again change nothing
      for (String statement : ddl.split(";\n")) {
        String sql = statement.replaceAll("(?m)^--.*$", "").strip();
        if (!sql.isEmpty()) {
          spark.sql(sql);
        }
      }
      assertEquals(2L, spark.sql("SELECT * FROM default.campaignevents_stats").count());
    } finally {
      for (String name : Datasets.PUBLIC.keySet()) {
        spark.sql("DROP TABLE IF EXISTS default." + name);
      }
    }
  }

  @Test
  void hiveAndTrinoStatements() {
    Map<String, List<String>> snapshots = Map.of("event_goal_progress", List.of("2026-09"));
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("hdfs://analytics-hadoop/wmf/data/campaign_metrics");
    String hive = new TableDdl(Dialect.hive, "campaign_metrics", "hive").statements(root, snapshots);
    assertTrue(hive.contains("CREATE EXTERNAL TABLE IF NOT EXISTS campaign_metrics.event_goal_progress (\n"
        + "  event_id BIGINT,\n  visibility STRING,\n  operator STRING,\n"
        + "  metrics array<struct<path:string,metric:string,target:bigint,actual:bigint,completion:double,"
        + "uncapped_ratio:double>>,\n  ratio DOUBLE,\n  percent INT,\n"), hive);
    assertTrue(hive.contains(")\nPARTITIONED BY (snapshot STRING)\nSTORED AS PARQUET\n"
        + "LOCATION 'hdfs://analytics-hadoop/wmf/data/campaign_metrics/event_goal_progress';\n"), hive);
    assertTrue(hive.contains("ALTER TABLE campaign_metrics.event_goal_progress ADD IF NOT EXISTS PARTITION "
        + "(snapshot='2026-09') LOCATION 'hdfs://analytics-hadoop/wmf/data/campaign_metrics/event_goal_progress/"
        + "snapshot=2026-09';\n"), hive);
    String trino = new TableDdl(Dialect.trino, "campaign_metrics", "analytics_hive").statements(root, snapshots);
    assertTrue(trino.contains("CREATE TABLE IF NOT EXISTS analytics_hive.campaign_metrics.event_goal_progress (\n"
        + "  event_id bigint,\n  visibility varchar,\n  operator varchar,\n  metrics array(row(path varchar, "
        + "metric varchar, target bigint, actual bigint, completion double, uncapped_ratio double)),\n"), trino);
    assertTrue(trino.contains("WITH (format = 'PARQUET', external_location = "
        + "'hdfs://analytics-hadoop/wmf/data/campaign_metrics/event_goal_progress', partitioned_by = ARRAY['snapshot']);"),
        trino);
    assertTrue(trino.contains("CALL analytics_hive.system.register_partition('campaign_metrics', 'event_goal_progress', "
        + "ARRAY['snapshot'], ARRAY['2026-09']);"), trino);
    assertTrue(trino.contains("window_start timestamp(3)"), trino);
  }
}
