package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's sample run, end to end, against golden files and counts. */
class SampleRunTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void runOnTheBundledSampleMatchesTheGoldenIngestStats() throws IOException {
    Path warehouse = dir.resolve("warehouse");
    CliTest.Result result = CliTest.run("run", "--config", "conf/sample.yaml", "--warehouse", warehouse.toString());
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("ingest 2026-09: 55 files read, 16 skipped; 28573 lines, 27790 edits, 0 rejected"),
        result.out());

    Path csv = warehouse.resolve("csv/ingest_stats/snapshot=2026-09/ingest_stats.csv");
    assertEquals(Files.readAllLines(Path.of("src/test/resources/golden/sample_ingest_stats.csv")),
        Files.readAllLines(csv));
    assertEquals(Files.readAllLines(Path.of("src/test/resources/golden/sample_retention_summary.csv")),
        Files.readAllLines(warehouse.resolve("csv/retention_summary/snapshot=2026-09/retention_summary.csv")));
    // WLM 2025 India (37) and Germany (19) share two people: the series counts them once, 54, and
    // so would say that 2 took part in both; it is suppressed (complementary, docs/metrics.md)
    assertTrue(Files.readAllLines(warehouse.resolve("csv/retention_rollup/snapshot=2026-09/retention_rollup.csv"))
        .contains("Wiki Loves Monuments 2025,,all,3,,,,false,,true"));
    assertTrue(result.out().contains("editathon-2026-05      newcomers      16    50.0 %  censored  censored  censored"),
        result.out());
    assertTrue(result.out().contains("wlm-2025-de            existing        7 suppressed suppressed suppressed suppressed"),
        result.out());

    // the CampaignEvents sample: goals, and its events as campaigns (9 public, active, named registrants)
    // 104 is in AQ (disallowed): not eligible, its goal not counted (it was "reached" before issue 16)
    assertTrue(result.out().contains("goals 2026-09: 6 events kept, 5 with a goal (1 reached, 1 not valid, "
        + "1 not counted: no contribution tracking or not eligible)"),
        result.out());
    assertTrue(result.out().contains("103      AND of 3 metric(s)           total_articles_edited         4      90% no"),
        result.out());
    assertTrue(result.out().contains("event-101              all             9    55.6 %  censored  censored  censored"),
        result.out());
    assertTrue(Files.readAllLines(warehouse.resolve("csv/event_contribution_summary/snapshot=2026-09/"
        + "event_contribution_summary.csv")).contains("101,public,10,1,4,11,15,11895,-520,64,-4"));
    assertTrue(Files.readAllLines(warehouse.resolve("csv/goal_outcomes_by_country/snapshot=2026-09/"
        + "goal_outcomes_by_country.csv")).stream().noneMatch(line -> line.contains(",AQ,")), "AQ is disallowed");
    // nor in any other public output: the events row, the reasons, the goal errors
    try (Stream<Path> csvs = Files.walk(warehouse.resolve("csv"))) {
      for (Path published : csvs.filter(p -> p.toString().endsWith(".csv")).toList()) {
        assertTrue(Files.readAllLines(published).stream().noneMatch(line -> line.contains("AQ")),
            published + " names AQ");
      }
    }

    assertEquals(2, CliTest.run("show", "nothing_here", "--config", "conf/sample.yaml", "--warehouse",
        warehouse.toString()).code());
    CliTest.Result users = CliTest.run("show", "users", "--config", "conf/sample.yaml", "--warehouse",
        warehouse.toString(), "--where", "is_bot", "--format", "csv", "--limit", "100");
    assertEquals(0, users.code(), users.err());
    List<String> bots = users.out().lines().skip(1).map(line -> line.split(",")[1]).distinct().sorted().toList();
    assertEquals(List.of("Archive bot", "CommonsDelinker", "ExampleBot"), bots);

    // every dataset written has the schema its model declares (model/Datasets), and none is unknown
    File[] written = warehouse.toFile().listFiles(f -> f.isDirectory() && !f.getName().startsWith("_")
        && !f.getName().equals("csv") && !f.getName().equals("internal") && !f.getName().equals("report"));
    assertEquals(17, written.length, List.of(written).toString());
    // run's last step: the report of the committed snapshot (its pages: HtmlReportTest, check_report.py)
    assertTrue(Files.exists(warehouse.resolve("report/snapshot=2026-09/index.html")), "the report's index");
    assertTrue(Files.exists(warehouse.resolve("report/snapshot=2026-09/campaign-wlm-2025-in.html")));
    // the internal tree, internal_outputs off: the rejects alone, with their schema
    assertEquals(List.of("ingest_rejects"), Stream.of(warehouse.resolve("internal").toFile()
        .listFiles(f -> f.isDirectory() && !f.getName().startsWith("_"))).map(File::getName).toList());
    assertEquals(Datasets.INTERNAL.get("ingest_rejects").catalogString(), spark.read().parquet(warehouse.resolve(
        "internal/ingest_rejects/snapshot=2026-09").toString()).drop("snapshot").schema().catalogString());
    // a dataset's folder holds its snapshot partitions only: nothing a glob reader (DuckDB, pyarrow) takes for one
    for (File dataset : written) {
      for (File entry : dataset.listFiles()) {
        assertTrue(entry.getName().startsWith("snapshot=") || entry.getName().endsWith(".json"),
            dataset.getName() + "/" + entry.getName());
      }
    }
    for (File dataset : written) {
      StructType declared = Datasets.schema(dataset.getName());
      assertNotNull(declared, dataset.getName() + " has no model in model/Datasets");
      StructType read = spark.read().parquet(dataset.toPath().resolve("snapshot=2026-09").toString()).schema();
      assertEquals(declared.catalogString(), read.catalogString(), dataset.getName());
      // nullability too, as the writer stored it in the footer (a read makes every column nullable)
      StructType stored = footerSchema(dataset.toPath().resolve("snapshot=2026-09"));
      StructType withoutPartition = new StructType(Stream.of(declared.fields())
          .filter(f -> !(f.name().equals("wiki_db") && dataset.getName().matches("edits|users"))).toArray(StructField[]::new));
      assertEquals(withoutPartition.json(), stored.json(), dataset.getName() + " as written");
    }

    // no user name, user id or central id in any public output: no such column, and no text cell that is the
    // name of an account of the history (ingest_rejects, whose raw lines hold names, is in the internal tree)
    assertTrue(Files.exists(warehouse.resolve("internal/ingest_rejects/snapshot=2026-09/_SUCCESS")));
    assertTrue(!Files.exists(warehouse.resolve("ingest_rejects")), "ingest_rejects in the public tree");
    java.util.Set<String> names = new java.util.HashSet<>();
    spark.read().parquet(warehouse.resolve("users/snapshot=2026-09").toString()).select("user_name").distinct()
        .collectAsList().forEach(r -> names.add(r.getString(0)));
    assertTrue(names.size() > 2000, "the sample's accounts: " + names.size());
    for (String dataset : Datasets.PUBLIC.keySet()) {
      StructType schema = Datasets.PUBLIC.get(dataset);
      for (StructField field : schema.fields()) {
        assertTrue(!field.name().matches("(?i).*(user_name|user_id|central_id|organizer).*"), dataset + "." + field.name());
      }
      for (org.apache.spark.sql.Row row : spark.read().parquet(warehouse.resolve(dataset + "/snapshot=2026-09")
          .toString()).collectAsList()) {
        for (int i = 0; i < row.size(); i++) {
          Object value = row.get(i);
          assertTrue(!(value instanceof String text) || !names.contains(text),
              dataset + " holds the account name " + value);
        }
      }
    }

    // a second run finds everything staged and reads nothing
    CliTest.Result again = CliTest.run("run", "--config", "conf/sample.yaml", "--warehouse", warehouse.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("already staged"), again.out());

    // privacy.internal_outputs: per-person and private-inclusive datasets go to <warehouse>/internal/ only (as
    // Parquet), the public tree stays the same byte for byte, and switching it off deletes them again
    java.util.Map<String, String> before = publicTree(warehouse);
    Path internalOn = dir.resolve("sample-internal.yaml");
    Files.writeString(internalOn, Files.readString(Path.of("conf/sample.yaml"))
        .replace("  internal_outputs: false\n", "  internal_outputs: true\n"));
    CliTest.Result on = CliTest.run("run", "--config", internalOn.toString(), "--warehouse", warehouse.toString());
    assertEquals(0, on.code(), on.err());
    assertEquals(before, publicTree(warehouse), "the public tree with internal_outputs on");
    for (String internal : Datasets.INTERNAL.keySet()) {
      boolean organizer = internal.equals("goal_outcomes_by_organizer"); // campaignevents.reports.by_organizer is off
      assertEquals(!organizer, Files.exists(warehouse.resolve("internal/" + internal + "/snapshot=2026-09/_SUCCESS")),
          internal);
      if (!Datasets.PUBLIC.containsKey(internal)) {
        assertTrue(!Files.exists(warehouse.resolve(internal)), internal + " in the public tree");
      }
    }
    assertTrue(!Files.exists(warehouse.resolve("internal/csv")), "no CSV of an internal dataset");
    assertTrue(spark.read().parquet(warehouse.resolve("internal/event_contribution_summary/snapshot=2026-09")
        .toString()).where("visibility = 'all'").count() > 0, "the twin counts private registrants too");
    CliTest.Result off = CliTest.run("run", "--config", "conf/sample.yaml", "--warehouse", warehouse.toString());
    assertEquals(0, off.code(), off.err());
    assertEquals(before, publicTree(warehouse), "the public tree with internal_outputs off again");
    for (String internal : Datasets.INTERNAL.keySet()) {
      // ingest_rejects is always written: the counts must add up
      assertEquals(internal.equals("ingest_rejects"),
          Files.exists(warehouse.resolve("internal/" + internal + "/snapshot=2026-09")), internal);
    }

    // privacy.protected_countries: a campaign or event in DE is in no public output, not even in a total
    Path protectedDe = dir.resolve("sample-protected-de.yaml");
    Files.writeString(protectedDe, Files.readString(Path.of("conf/sample.yaml"))
        .replace("  internal_outputs: false\n", "  internal_outputs: false\n  protected_countries: [DE]\n"));
    CliTest.Result de = CliTest.run("run", "--config", protectedDe.toString(), "--warehouse", warehouse.toString());
    assertEquals(0, de.code(), de.err());
    assertTrue(de.out().contains("campaign(s) in a country of privacy.protected_countries are in no public output"),
        de.out());
    try (Stream<Path> csvs = Files.walk(warehouse.resolve("csv"))) {
      for (Path published : csvs.filter(p -> p.toString().endsWith(".csv")).toList()) {
        for (String line : Files.readAllLines(published)) {
          assertTrue(!line.contains(",DE,") && !line.contains("wlm-2025-de"), published + ": " + line);
        }
      }
    }
    // the WLM 2025 series is now India's campaign alone (37 people), no longer 54 with Germany's:
    // where its size is published, it is 37
    List<String> series = Files.readAllLines(warehouse.resolve(
        "csv/retention_rollup/snapshot=2026-09/retention_rollup.csv")).stream()
        .filter(line -> line.startsWith("Wiki Loves Monuments 2025,,all,")).toList();
    assertEquals(4, series.size(), series.toString());
    for (String line : series) {
      String size = line.split(",", -1)[4];
      assertTrue(size.isEmpty() || size.equals("37"), line);
    }
  }

  /**
   * Every file of the public datasets and their CSV copies (path → SHA-256 of its bytes, sorted, when
   * generated names make several paths one), a Parquet part's generated name left out.
   */
  private static java.util.Map<String, String> publicTree(Path warehouse) throws IOException {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String dataset : Datasets.PUBLIC.keySet()) {
      for (Path root : List.of(warehouse.resolve(dataset), warehouse.resolve("csv").resolve(dataset))) {
        if (!Files.exists(root)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(root)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            String digest = java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(file)));
            // the commit's unique prefix (p<8 hex>-) and Spark's part-<n>-<uuid> are generated
            String name = warehouse.relativize(file).toString().replaceAll("(?<=^|/|\\.)p[0-9a-f]{8}-", "")
                .replaceAll("part-[0-9]+-[0-9a-f-]+", "part");
            out.merge(name, digest, (a, b) -> String.join(",", new java.util.TreeSet<>(List.of((a + "," + b)
                .split(",")))));
          }
        }
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Spark schema a Parquet file of the partition carries in its footer. */
  private static StructType footerSchema(Path partition) throws IOException {
    Path file;
    try (Stream<Path> files = Files.walk(partition)) {
      file = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toString()), spark.sparkContext().hadoopConfiguration()))) {
      return (StructType) DataType.fromJson(reader.getFooter().getFileMetaData().getKeyValueMetaData()
          .get("org.apache.spark.sql.parquet.row.metadata"));
    }
  }

  @Test
  void theCommittedSampleIsWhatTheGeneratorWritesForItsSeed() throws IOException {
    CliTest.Result result = CliTest.run("sample", "--out", dir.toString(), "--scale", "2", "--seed", "42");
    assertEquals(0, result.code(), result.err());
    Path committed = Path.of("sample-dumps");
    try (Stream<Path> files = Files.walk(committed)) {
      // sample-dumps/campaignevents/ is written by hand (it is not generated)
      List<Path> expected = files.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(committed.resolve("campaignevents"))).sorted().toList();
      assertEquals(71 + 5, expected.size());
      for (Path file : expected) {
        Path generated = dir.resolve(committed.relativize(file));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(generated), file.toString());
      }
    }
  }
}
