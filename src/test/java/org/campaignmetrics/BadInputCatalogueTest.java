package org.campaignmetrics;

import static org.campaignmetrics.testing.DumpFixtures.dumpPath;
import static org.campaignmetrics.testing.DumpFixtures.revision;
import static org.campaignmetrics.testing.DumpFixtures.writeBz2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.job.GoalsJob;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.dumps.BlockBz2LineReader;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 7: the bad-input catalogue. Every case is damaged or hostile input a user could
 * hand us, and each must end in a clear error that names the file, line or config key, or in a
 * reject row with its reason, with lines read = accepted + rejected. The cases are in one table so
 * that they can be counted (docs/robustness.md lists them).
 */
class BadInputCatalogueTest extends SparkTestBase {
  private static final String SNAPSHOT = "2026-09";
  private static final AtomicInteger HELD = new AtomicInteger();

  @TempDir
  static Path dir;

  private record Case(String name, ThrowingRunnable check) {}

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputEndsInAClearErrorOrAReject() {
    List<Case> cases = new ArrayList<>();
    // damaged bz2: the run fails naming the file and publishes nothing
    cases.add(new Case("bz2 truncated", () -> corruptFile("truncated", bytes -> java.util.Arrays.copyOf(bytes,
        bytes.length / 2))));
    cases.add(new Case("bz2 with a flipped bit", () -> corruptFile("flipped", bytes -> {
      byte[] out = bytes.clone();
      out[out.length / 2] ^= 0x10;
      return out;
    })));
    cases.add(new Case("bz2 with garbage after the stream", () -> corruptFile("garbage", bytes -> {
      byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 64);
      for (int i = bytes.length; i < out.length; i++) {
        out[i] = (byte) (i * 31);
      }
      return out;
    })));
    cases.add(new Case("gzip under a .bz2 name", () -> corruptFile("gzip", bytes -> gzip(validLines(20)))));
    cases.add(new Case("a zero-byte .bz2 file", () -> corruptFile("empty", bytes -> new byte[0])));
    // bad lines: a reject row each, with the file's line number and a reason; lines read add up
    cases.add(new Case("a short line", () -> rejected("short", "enwiki\tgarbage".getBytes(StandardCharsets.UTF_8),
        "wrong field count: 2 (expected 70, 74, 76, 77 or 78)")));
    cases.add(new Case("a long line", () -> rejected("long", (valid(9) + "\textra\tfields").getBytes(
        StandardCharsets.UTF_8), "wrong field count: more than 79 (expected 70, 74, 76, 77 or 78)")));
    cases.add(new Case("bad UTF-8", () -> {
      byte[] line = valid(9).replace("Alice", "Al\u0001ce").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < line.length; i++) {
        if (line[i] == 1) {
          line[i] = (byte) 0xC3; // a lead byte followed by an ASCII letter
        }
      }
      rejected("utf8", line, "invalid UTF-8 at byte");
    }));
    cases.add(new Case("an impossible timestamp (30 February)", () -> rejected("timestamp",
        line("enwiki", "2025-02-30 00:00:00.0"),
        "bad event_timestamp: '2025-02-30 00:00:00.0'")));
    cases.add(new Case("a timestamp that is not one", () -> rejected("timestamp2",
        line("enwiki", "yesterday"),
        "bad event_timestamp: 'yesterday'")));
    cases.add(new Case("a non-numeric revision id", () -> rejected("revid",
        line("enwiki", "2025-03-05 00:00:00.0", "revision_id", "12a"), "bad revision_id: '12a'")));
    cases.add(new Case("a non-numeric user id", () -> rejected("userid",
        line("enwiki", "2025-03-05 00:00:00.0", "event_user_id", "x7"), "bad event_user_id: 'x7'")));
    cases.add(new Case("a line of another wiki", () -> rejected("otherwiki",
        line("dewiki", "2025-03-05 00:00:00.0"),
        "wiki_db 'dewiki' does not match the file's wiki 'enwiki'")));
    cases.add(new Case("an unknown event_entity", () -> rejected("entity",
        line("enwiki", "2025-03-05 00:00:00.0", "event_entity", "robot"), "unknown event_entity 'robot'")));
    // hostile configs: a ConfigException whose problem names the key (or the file)
    cases.add(new Case("an unknown key", () -> configProblem("snapshot: \"2026-09\"\nhistroy: {path: x}\n",
        "histroy: unknown key")));
    cases.add(new Case("a bad snapshot", () -> configProblem("snapshot: \"2026-13\"\n", "snapshot:")));
    cases.add(new Case("a bad campaign date", () -> configProblem(campaign("start: 2025-13-01"),
        "campaigns[0].start")));
    cases.add(new Case("a campaign that ends before it starts", () -> configProblem(campaign(
        "start: 2025-06-01\n    end: 2025-05-01"), "campaigns[0]")));
    cases.add(new Case("a bad country", () -> configProblem(campaign("country: Germany"), "campaigns[0].country")));
    cases.add(new Case("SQL in a wiki name", () -> configProblem(campaign("wikis: [\"enwiki; DROP TABLE x\"]"),
        "campaigns[0].wikis[0]")));
    cases.add(new Case("a bad protected country", () -> configProblem(
        "snapshot: \"2026-09\"\nprivacy: {protected_countries: [default, \"D E\"]}\n",
        "privacy.protected_countries[1]")));
    cases.add(new Case("a YAML alias bomb", () -> {
      StringBuilder yaml = new StringBuilder("snapshot: \"2026-09\"\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
      for (int i = 1; i < 12; i++) {
        yaml.append("a").append(i).append(": &a").append(i).append(" [");
        for (int j = 0; j < 10; j++) {
          yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
        }
        yaml.append("]\n");
      }
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml.toString()));
      said(e.getMessage());
      assertFalse(e.getMessage().isBlank());
      assertTrue(e.getMessage().contains("a11: unknown key"), e.getMessage());
    }));
    cases.add(new Case("a binary file as the config", () -> {
      Path binary = dir.resolve("binary.yaml");
      byte[] bytes = new byte[512];
      new java.util.Random(3).nextBytes(bytes);
      Files.write(binary, bytes);
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(binary));
      said(e.getMessage());
      assertTrue(e.getMessage().contains("binary.yaml"), e.getMessage());
    }));
    cases.add(new Case("a missing config file", () -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
      assertTrue(e.getMessage().contains("nope.yaml: no such config file"), e.getMessage());
    }));
    cases.add(new Case("a missing campaigns_file", () -> configProblem(
        "snapshot: \"2026-09\"\ncampaigns_file: " + dir.resolve("no-campaigns.csv") + "\n", "no-campaigns.csv")));
    cases.add(new Case("a campaigns_file with a bad line", () -> {
      Path csv = dir.resolve("campaigns-bad.csv");
      Files.writeString(csv, "id,name,start,end\nok,OK,2025-01-01,2025-01-31\nbad,Bad,2025-01-01,soon\n");
      configProblem("snapshot: \"2026-09\"\ncampaigns_file: " + csv + "\n", "line 3");
    }));
    cases.add(new Case("a database URL with a password", () -> configProblem(
        "snapshot: \"2026-09\"\ncampaignevents: {source: jdbc, url: \"jdbc:mariadb://u:pw@db:3306/w\"}\n",
        "campaignevents.url: must not hold credentials")));
    cases.add(new Case("min_cell_size out of range", () -> configProblem(
        "snapshot: \"2026-09\"\nprivacy: {min_cell_size: -1}\n", "privacy.min_cell_size")));
    // broken CampaignEvents exports and goal blobs
    cases.add(new Case("a CampaignEvents table file missing", () -> campaignEventsError(folder -> Files.delete(
        folder.resolve("ce_participants.tsv")), "ce_participants")));
    cases.add(new Case("a CampaignEvents column missing", () -> campaignEventsError(folder -> {
      Path file = folder.resolve("campaign_events.tsv");
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.set(0, lines.get(0).replace("event_name", "event_title"));
      Files.write(file, lines);
    }, "campaign_events")));
    cases.add(new Case("a CampaignEvents id that is not a number", () -> campaignEventsError(folder -> {
      Path file = folder.resolve("ce_event_contributions.tsv");
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.set(1, "x" + lines.get(1));
      Files.write(file, lines);
    }, "line 2")));
    cases.add(new Case("a goal blob that is not JSON", () -> goalError("{not json", "")));
    cases.add(new Case("a goal whose target is text", () -> goalError(
        "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":\"many\"}]}", "target")));
    // an unwritable warehouse: a clear error naming it
    cases.add(new Case("a warehouse that is a file", () -> {
      Path file = dir.resolve("warehouse-file");
      Files.writeString(file, "not a folder");
      writeBz2(dumpPath(dir.resolve("wfile").resolve("dumps"), SNAPSHOT, "enwiki", "2025-03"), 1, validLines(3));
      Path config = dir.resolve("wfile.yaml");
      Files.writeString(config, "snapshot: \"2026-09\"\nwarehouse: " + file + "\nhistory: {source: dumps, path: "
          + dir.resolve("wfile").resolve("dumps") + "}\n");
      org.campaignmetrics.cli.CliTest.Result result = org.campaignmetrics.cli.CliTest.run("ingest", "--config",
          config.toString());
      said("exit " + result.code() + ": " + result.err().strip());
      assertEquals(2, result.code(), result.err());
      assertTrue(result.err().contains("warehouse: " + file + " is a file, not a folder"), result.err());
    }));
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      c.check().run();
      HELD.incrementAndGet();
    }));
  }

  @AfterAll
  static void count() {
    System.out.println("bad-input catalogue: " + HELD.get() + " cases held");
  }

  /** What the case said, in the test's output (docs/robustness.md quotes it). */
  private static void said(String message) {
    System.out.println("catalogue: " + String.valueOf(message).replace("\n", " | "));
  }

  // --- dumps

  /** A revision line (id 9) of the wiki at the timestamp, the pairs overriding its columns, as bytes. */
  private static byte[] line(String wiki, String timestamp, String... pairs) {
    return revision(DumpLayout.L78, wiki, 9, timestamp, pairs).getBytes(StandardCharsets.UTF_8);
  }

  private static String valid(long id) {
    return revision(DumpLayout.L78, "enwiki", id, "2025-03-05 00:00:00.0");
  }

  private static List<String> validLines(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      lines.add(valid(1000 + i));
    }
    return lines;
  }

  private static Config dumpsConfig(String name, String warehouse, String extra) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"" + SNAPSHOT + "\"", "warehouse: " + warehouse,
        "history:", "  source: dumps", "  path: " + dir.resolve(name).resolve("dumps"), extra));
  }

  private IngestResult ingest(Config config) {
    return new DumpIngest(HistoryRequest.everything(spark, config, new Warehouse(spark, config.warehouse())),
        new BlockBz2LineReader(1L << 26, true)).ingest();
  }

  private interface Bytes {
    byte[] apply(byte[] bytes) throws IOException;
  }

  /** A dump file damaged by {@code damage}: the run fails naming it, nothing is published. */
  private void corruptFile(String name, Bytes damage) throws IOException {
    Path file = dumpPath(dir.resolve(name).resolve("dumps"), SNAPSHOT, "enwiki", "2025-03");
    writeBz2(file, 1, validLines(2000));
    Files.write(file, damage.apply(Files.readAllBytes(file)));
    String warehouse = dir.resolve(name).resolve("warehouse").toString();
    IngestException e = assertThrows(IngestException.class, () -> ingest(dumpsConfig(name, warehouse, "")));
    said(e.getMessage());
    assertTrue(e.getMessage().contains("2026-09.enwiki.2025-03.tsv.bz2"), e.getMessage());
    assertFalse(new Warehouse(spark, warehouse).isComplete("edits", SNAPSHOT), "nothing published");
  }

  /** One bad line among good ones: a reject with the reason, line 3, and the counts add up. */
  private void rejected(String name, byte[] badLine, String reason) throws IOException {
    Path file = dumpPath(dir.resolve(name).resolve("dumps"), SNAPSHOT, "enwiki", "2025-03");
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, 1)) {
      List<String> good = validLines(4);
      for (int i = 0; i < 5; i++) {
        bz.write(i == 2 ? badLine : good.get(i < 2 ? i : i - 1).getBytes(StandardCharsets.UTF_8));
        bz.write('\n');
      }
    }
    String warehouse = dir.resolve(name).resolve("warehouse").toString();
    IngestResult result = ingest(dumpsConfig(name, warehouse, "ingest: {max_reject_ratio: 0.5}"));
    assertEquals(5, result.linesRead());
    assertEquals(1, result.rejected());
    assertEquals(4, result.edits());
    Warehouse w = new Warehouse(spark, warehouse);
    Row stats = w.read(IngestStats.NAME, SNAPSHOT).where("status = 'ingested'").first();
    assertEquals(stats.<Long>getAs("lines_read"), stats.<Long>getAs("accepted_revision")
        + stats.<Long>getAs("accepted_user") + stats.<Long>getAs("accepted_page") + stats.<Long>getAs("rejected"));
    Row reject = w.internal().read("ingest_rejects", SNAPSHOT).first();
    assertEquals(3L, reject.<Long>getAs("line_number"));
    said("reject, line 3: " + reject.<String>getAs("reason"));
    assertTrue(reject.<String>getAs("reason").startsWith(reason), reject.<String>getAs("reason"));
    assertEquals("2026-09/enwiki/2026-09.enwiki.2025-03.tsv.bz2", reject.getAs("file"));
  }

  private static byte[] gzip(List<String> lines) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        gz.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  // --- configs

  private static String campaign(String fields) {
    return "snapshot: \"2026-09\"\nhistory: {path: dumps}\ncampaigns:\n  - id: c1\n    name: C1\n    " + (fields.contains("start:") ? ""
        : "start: 2025-01-01\n    ") + (fields.contains("end:") ? "" : "end: 2025-01-31\n    ") + fields
        + "\n    participants: {usernames: [Alice]}\n";
  }

  private static void configProblem(String yaml, String names) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml));
    said(e.getMessage());
    assertTrue(e.getMessage().contains(names), e.getMessage());
  }

  // --- CampaignEvents

  private interface FolderEdit {
    void apply(Path folder) throws IOException;
  }

  private static final AtomicInteger FOLDERS = new AtomicInteger();

  private Config campaignEventsConfig(Path folder) {
    return ConfigLoader.parse("snapshot: \"2026-09\"\nwarehouse: " + folder.resolveSibling(folder.getFileName()
        + "-warehouse") + "\ncampaignevents: {source: files, path: " + folder + "}\n");
  }

  private Path campaignEventsFolder() throws IOException {
    return new org.campaignmetrics.source.campaignevents.CampaignEventsFixture().writeFiles(
        dir.resolve("ce-" + FOLDERS.incrementAndGet()));
  }

  private void campaignEventsError(FolderEdit edit, String names) throws IOException {
    Path folder = campaignEventsFolder();
    edit.apply(folder);
    Exception e = assertThrows(Exception.class, () -> GoalsJob.run(spark, campaignEventsConfig(folder)));
    said(e.getClass().getSimpleName() + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(names), e.getMessage());
  }

  /** The newest goal of event 1 replaced: its progress row carries an error, the run goes on. */
  private void goalError(String blob, String names) throws IOException {
    Path folder = campaignEventsFolder();
    Path file = folder.resolve("ce_event_goals.tsv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int event = header.indexOf("ceeg_event_id");
    int goal = header.indexOf("ceeg_goals");
    int id = header.indexOf("ceeg_id");
    String[] first = lines.get(1).split("\t", -1);
    String[] added = first.clone();
    added[id] = "999";
    added[event] = "1";
    added[goal] = blob.replace("\t", " ");
    lines.add(String.join("\t", added));
    Files.write(file, lines);
    Config config = campaignEventsConfig(folder);
    GoalsJob.run(spark, config);
    Row progress = new Warehouse(spark, config.warehouse()).read("event_goal_progress", SNAPSHOT)
        .where("event_id = 1").first();
    String error = progress.getAs("error");
    said("event_goal_progress.error: " + error);
    assertTrue(error != null && error.contains(names), String.valueOf(error));
  }
}
