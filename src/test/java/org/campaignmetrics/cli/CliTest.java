package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class CliTest {
  @TempDir
  Path dir;

  /** Runs a command line, returning its exit code and what it printed on stdout and stderr. */
  public static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  public record Result(int code, String out, String err) {}

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "retention", "goals", "run", "show", "validate", "sample"})
  void everyCommandHasHelp(String command) {
    Result result = run(command, "--help");
    assertEquals(0, result.code());
    assertTrue(result.out().startsWith("Usage: campaign-metrics " + command), result.out());
  }

  @Test
  void badArgumentsAndBadConfigsExitTwo() throws IOException {
    assertEquals(2, run("ingest").code(), "--config is required");
    assertEquals(2, run("frobnicate").code());
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "snapshot: \"2026-09\"\nhistory: {path: x, source: dump}\n");
    Result result = run("validate", "--config", config.toString());
    assertEquals(2, result.code());
    assertEquals("config error: history.source: unknown value 'dump' (valid: dumps, table, replicas)\n", result.err());
    assertEquals(2, run("validate", "--config", "conf/sample.yaml", "--snapshot", "Sept").code());
    Path missingList = dir.resolve("missing-list.yaml");
    Files.writeString(missingList, "snapshot: \"2026-09\"\nhistory: {path: x}\ncampaigns:\n"
        + "  - {id: a, start: \"2021-09-01\", end: \"2021-09-30\", participants: {file: nowhere.txt}}\n");
    Result missing = run("validate", "--config", missingList.toString());
    assertEquals(2, missing.code());
    assertEquals("config error: campaigns[0].participants.file: no such file nowhere.txt\n", missing.err());
  }

  @Test
  void validateListsWhatARunWouldReadWithoutStartingSpark() {
    Result result = run("validate", "--config", "conf/sample.yaml");
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("config conf/sample.yaml: valid"), result.out());
    assertTrue(result.out().contains("5 campaign(s), 137 participant name(s) listed"), result.out());
    assertTrue(result.out().contains("55 files to read"), result.out());
    assertTrue(result.out().contains("16 outside the range, 0 unrecognised"), result.out());
    assertTrue(result.out().contains("skip  enwiki 2024-08  (outside the range)"), result.out());
  }

  @Test
  void theToolforgeExampleIsValidAndValidateNamesEveryReplicaItWouldRead() {
    Result result = run("validate", "--config", "conf/toolforge-replicas.yaml");
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("read  enwiki  enwiki.analytics.db.svc.wikimedia.cloud:3306/enwiki_p"),
        result.out());
    assertTrue(result.out().contains("read  centralauth  centralauth.analytics.db.svc.wikimedia.cloud:3306/centralauth_p"),
        result.out());
    assertTrue(result.out().contains("the participants' revisions only"), result.out());
  }

  @Test
  void goalsNeedsACampaignEventsSectionAndRetentionNeedsAnIngestedSnapshot() throws Exception {
    Path config = Files.writeString(dir.resolve("no-events.yaml"), "snapshot: \"2026-09\"\nhistory: {path: x}\n");
    Result goals = run("goals", "--config", config.toString());
    assertEquals(2, goals.code());
    assertTrue(goals.err().contains("no campaignevents section"), goals.err());
    Result retention = run("retention", "--config", "conf/sample.yaml", "--warehouse", dir.resolve("empty").toString());
    assertEquals(1, retention.code());
    assertTrue(retention.err().contains("is not ingested"), retention.err());
  }

  @Test
  void aGoalsOnlyConfigRunsGoalsWithoutAHistory() throws IOException {
    Path config = dir.resolve("goals-only.yaml");
    Files.writeString(config, "snapshot: \"2026-09\"\nwarehouse: " + dir.resolve("warehouse")
        + "\ncampaignevents: {source: files, path: sample-dumps/campaignevents}\n");
    Result validate = run("validate", "--config", config.toString());
    assertEquals(0, validate.code(), validate.err());
    assertTrue(validate.out().contains("history: none (goals only"), validate.out());
    Result goals = run("goals", "--config", config.toString());
    assertEquals(0, goals.code(), goals.err());
    assertTrue(goals.out().contains("goals 2026-09: 6 events kept"), goals.out());
    Result ingest = run("ingest", "--config", config.toString());
    assertEquals(2, ingest.code());
    assertTrue(ingest.err().contains("history: required to ingest"), ingest.err());
    // with campaigns, a history is still required
    Files.writeString(config, "snapshot: \"2026-09\"\ncampaigns_from: campaignevents\n"
        + "campaignevents: {source: files, path: sample-dumps/campaignevents}\n");
    assertEquals("config error: history: required (at least history.path for the dumps)\n",
        run("validate", "--config", config.toString()).err());
  }
}
