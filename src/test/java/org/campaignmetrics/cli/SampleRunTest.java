package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
    // WLM 2025 India (37) and Germany (19) share two people: the series counts them once
    assertTrue(Files.readAllLines(warehouse.resolve("csv/retention_rollup/snapshot=2026-09/retention_rollup.csv"))
        .contains("Wiki Loves Monuments 2025,,all,3,54,18,0.3333333333333333,false,false"));
    assertTrue(result.out().contains("editathon-2026-05      newcomers      16    50.0 %  censored  censored  censored"),
        result.out());
    assertTrue(result.out().contains("wlm-2025-de            existing        7 suppressed suppressed suppressed suppressed"),
        result.out());

    assertEquals(2, CliTest.run("show", "nothing_here", "--config", "conf/sample.yaml", "--warehouse",
        warehouse.toString()).code());
    CliTest.Result users = CliTest.run("show", "users", "--config", "conf/sample.yaml", "--warehouse",
        warehouse.toString(), "--where", "is_bot", "--format", "csv", "--limit", "100");
    assertEquals(0, users.code(), users.err());
    List<String> bots = users.out().lines().skip(1).map(line -> line.split(",")[1]).distinct().sorted().toList();
    assertEquals(List.of("Archive bot", "CommonsDelinker", "ExampleBot"), bots);

    // a second run finds everything staged and reads nothing
    CliTest.Result again = CliTest.run("run", "--config", "conf/sample.yaml", "--warehouse", warehouse.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("already staged"), again.out());
  }

  @Test
  void theCommittedSampleIsWhatTheGeneratorWritesForItsSeed() throws IOException {
    CliTest.Result result = CliTest.run("sample", "--out", dir.toString(), "--scale", "2", "--seed", "42");
    assertEquals(0, result.code(), result.err());
    Path committed = Path.of("sample-dumps");
    try (Stream<Path> files = Files.walk(committed)) {
      List<Path> expected = files.filter(Files::isRegularFile).sorted().toList();
      assertEquals(71 + 5, expected.size());
      for (Path file : expected) {
        Path generated = dir.resolve(committed.relativize(file));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(generated), file.toString());
      }
    }
  }
}
