package org.campaignmetrics.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plans retention compiles: {@link RetentionJob#smallHistory} over the staged files. */
class RetentionJobTest extends SparkTestBase {
  @TempDir Path dir;

  /** The bytes of the committed Parquet files of a staged dataset, counted from the disk. */
  private static long parquetBytes(Path partition) throws IOException {
    try (Stream<Path> files = Files.walk(partition)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  /**
   * {@code retention} with {@code campaigns_from: campaignevents} reads the CampaignEvents tables to
   * make the events campaigns; a table of 10,000 rows or more among them is staged under the
   * snapshot's _tmp/ (spark/Frames.ofRows), and the registrations named through CentralAuth are
   * cached (job/EventCampaigns): both must be given back when the command ends. The sample's tables
   * with 10,000 more contributions leave no file under _tmp/ and no RDD persisted, after
   * {@code retention} and after {@code run}.
   */
  @Test
  void retentionWithEventCampaignsGivesTheirTablesBack() throws IOException {
    Path ce = dir.resolve("ce");
    Files.createDirectories(ce);
    try (Stream<Path> files = Files.list(Path.of("sample-dumps/campaignevents"))) {
      for (Path f : files.toList()) {
        Files.copy(f, ce.resolve(f.getFileName().toString()));
      }
    }
    Path contributions = ce.resolve("ce_event_contributions.tsv");
    java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(contributions));
    String[] first = lines.get(1).split("\t", -1);
    for (int i = 0; i < org.campaignmetrics.spark.Frames.KEEP_ROWS; i++) {
      first[0] = String.valueOf(1_000_000 + i); // cec_id
      first[7] = String.valueOf(9_000_000 + i); // cec_revision_id
      lines.add(String.join("\t", first));
    }
    Files.write(contributions, lines);
    Path yaml = dir.resolve("events.yaml");
    Files.writeString(yaml, Files.readString(Path.of("conf/sample.yaml"))
        .replace("warehouse: out/warehouse", "warehouse: " + dir.resolve("wh"))
        .replace("  path: sample-dumps/campaignevents", "  path: " + ce));
    Config config = ConfigLoader.load(yaml);
    assertTrue(config.campaignsFromEvents());
    IngestJob.run(spark, config);
    java.util.Set<Object> before = new java.util.TreeSet<>(scala.jdk.javaapi.CollectionConverters.asJava(
        spark.sparkContext().getPersistentRDDs()).keySet());
    java.util.List<String> table = RetentionJob.run(spark, config).lines();
    assertTrue(table.stream().anyMatch(l -> l.contains("event-")), String.join("\n", table));
    org.junit.jupiter.api.Assertions.assertEquals(before, new java.util.TreeSet<>(
        scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs()).keySet()));
    try (Stream<Path> left = Files.walk(dir.resolve("wh/_tmp"))) {
      org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), left.filter(Files::isRegularFile).toList(),
          "retention");
    }
    // and run: the events as campaigns, retention, goals
    RunJob.run(spark, config);
    org.junit.jupiter.api.Assertions.assertEquals(before, new java.util.TreeSet<>(
        scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs()).keySet()), "run");
    try (Stream<Path> left = Files.walk(dir.resolve("wh/_tmp"))) {
      org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), left.filter(Files::isRegularFile).toList(),
          "run");
    }
  }

  @Test
  void theHistoryIsSmallBelowTheLimitOfItsEditsAndAccountsBytesTogether() throws IOException {
    Config config = ConfigLoader.load(Path.of("conf/sample.yaml")).withWarehouse(dir.resolve("wh").toString());
    IngestJob.run(spark, config);
    long staged = parquetBytes(dir.resolve("wh/" + Edits.NAME + "/snapshot=2026-09"))
        + parquetBytes(dir.resolve("wh/" + Users.NAME + "/snapshot=2026-09"));
    assertTrue(staged > 100_000 && staged < RetentionJob.SMALL_HISTORY_BYTES, "the sample's staged bytes: " + staged);
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    assertTrue(RetentionJob.smallHistory(warehouse, "2026-09", RetentionJob.SMALL_HISTORY_BYTES));
    assertTrue(RetentionJob.smallHistory(warehouse, "2026-09", staged + 1));
    assertFalse(RetentionJob.smallHistory(warehouse, "2026-09", staged));
    // the accounts count too: the edits' bytes alone are under a limit the two together reach
    assertFalse(RetentionJob.smallHistory(warehouse, "2026-09",
        parquetBytes(dir.resolve("wh/" + Edits.NAME + "/snapshot=2026-09")) + 1));
  }
}
