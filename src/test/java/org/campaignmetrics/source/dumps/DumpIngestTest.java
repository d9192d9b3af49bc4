package org.campaignmetrics.source.dumps;

import static org.campaignmetrics.testing.DumpFixtures.dumpPath;
import static org.campaignmetrics.testing.DumpFixtures.line;
import static org.campaignmetrics.testing.DumpFixtures.revision;
import static org.campaignmetrics.testing.DumpFixtures.writeBz2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.campaignmetrics.source.HistoryRequest;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.config.HistoryRange;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpIngestTest extends SparkTestBase {
  private static final String SNAPSHOT = "2026-09";

  @TempDir
  Path dir;

  private Path dumps() {
    return dir.resolve("dumps");
  }

  private Config config(String extra) {
    return ConfigLoader.parse(String.join("\n",
        "snapshot: \"" + SNAPSHOT + "\"",
        "warehouse: " + dir.resolve("warehouse"),
        "history:",
        "  source: dumps",
        "  path: " + dumps(),
        extra));
  }

  private IngestResult ingest(Config config, long splitBytes) {
    return new DumpIngest(HistoryRequest.everything(spark, config, new Warehouse(spark, config.warehouse())),
        new BlockBz2LineReader(splitBytes, true)).ingest();
  }

  private static List<String> listing(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (var paths = Files.walk(root)) {
      return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private Warehouse warehouse() {
    return new Warehouse(spark, dir.resolve("warehouse").toString());
  }

  /** n revision lines of one month, revision ids from {@code firstId}. */
  private static List<String> month(String wiki, String month, int n, long firstId) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(revision(DumpLayout.L78, wiki, firstId + i,
          String.format("%s-%02d %02d:%02d:%02d.0", month, 1 + i % 28, i % 24, i % 60, i % 60),
          "event_comment", "edit " + i + " with padding to make the file span bz2 blocks " + "x".repeat(i % 200)));
    }
    return lines;
  }

  @Test
  void everyLineIsCountedAndRejectsCarryTheirLineNumberAcrossPieces() throws IOException {
    List<String> lines = month("enwiki", "2025-03", 4_000, 1_000_000);
    lines.set(2_500, "enwiki\tgarbage");
    // user names reach edits.user_name as the line's bytes (multi-byte) or unescaped (the dump writes TAB as \t)
    lines.set(10, revision(DumpLayout.L78, "enwiki", 900_001, "2025-03-05 00:00:00.0", "event_user_id", "501",
        "event_user_text", "Zoë 山"));
    lines.set(11, revision(DumpLayout.L78, "enwiki", 900_002, "2025-03-05 00:00:00.0", "event_user_id", "502",
        "event_user_text", "Tab\\tName"));
    lines.set(3_999, revision(DumpLayout.L78, "enwiki", 1, "2025-03-05 00:00:00.0", "revision_id", "NaN"));
    lines.add(line(DumpLayout.L78, "wiki_db", "enwiki", "event_entity", "user", "event_type", "create",
        "event_timestamp", "2025-03-01 00:00:00.0", "user_id", "7", "user_text", "Alice",
        "user_is_created_by_self", "true", "user_registration_timestamp", "2025-03-01 00:00:00.0"));
    lines.add(line(DumpLayout.L78, "wiki_db", "enwiki", "event_entity", "page", "event_type", "move",
        "event_timestamp", "2025-03-02 00:00:00.0"));
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 1, lines);

    IngestResult result = ingest(config("ingest: {max_reject_ratio: 0.01}"), 16 * 1024);

    assertEquals(4_002, result.linesRead());
    assertEquals(2, result.rejected());
    assertEquals(3_998, result.edits());
    Row stats = warehouse().read(IngestStats.NAME, SNAPSHOT).where("status = 'ingested'").first();
    assertEquals(4_002L, stats.<Long>getAs("lines_read"));
    assertEquals(stats.<Long>getAs("lines_read"), stats.<Long>getAs("accepted_revision")
        + stats.<Long>getAs("accepted_user") + stats.<Long>getAs("accepted_page") + stats.<Long>getAs("rejected"));
    assertEquals(1L, stats.<Long>getAs("accepted_user"));
    assertEquals(1L, stats.<Long>getAs("accepted_page"));
    assertEquals("78:4001", stats.getAs("layouts"), "lines of no known layout are rejects, not a layout");

    List<Row> rejects = warehouse().internal().read("ingest_rejects", SNAPSHOT).orderBy("line_number").collectAsList();
    assertEquals(2, rejects.size());
    assertEquals("2026-09/enwiki/2026-09.enwiki.2025-03.tsv.bz2", rejects.get(0).getAs("file"));
    assertEquals(2_501L, rejects.get(0).<Long>getAs("line_number"));
    assertEquals("wrong field count: 2 (expected 70, 74, 76, 77 or 78)", rejects.get(0).getAs("reason"));
    assertEquals("enwiki\tgarbage", rejects.get(0).getAs("raw_line"));
    assertEquals(4_000L, rejects.get(1).<Long>getAs("line_number"));
    assertEquals("bad revision_id: 'NaN'", rejects.get(1).getAs("reason"));

    assertEquals(3_998L, warehouse().read("edits", SNAPSHOT).count());
    assertEquals("Zoë 山", warehouse().read("edits", SNAPSHOT).where("revision_id = 900001").first().getAs("user_name"));
    assertEquals("Tab\tName",
        warehouse().read("edits", SNAPSHOT).where("revision_id = 900002").first().getAs("user_name"));
    Row alice = warehouse().read("users", SNAPSHOT).where("user_id = 7").first();
    assertEquals("Alice", alice.getAs("user_name"));
    assertEquals("self", alice.getAs("created_by"));
    assertEquals(Instant.parse("2025-03-01T00:00:00Z"), alice.getAs("registration_ts"));
  }

  @Test
  void aFileOverTheRejectRatioFailsTheRunNamingItAndPublishesNothing() throws IOException {
    List<String> good = month("enwiki", "2025-03", 1_000, 1);
    List<String> bad = month("enwiki", "2025-04", 1_000, 5_000);
    bad.set(10, "broken");
    bad.set(20, "broken");
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, good);
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-04"), 9, bad);

    IngestException e = assertThrows(IngestException.class,
        () -> ingest(config("ingest: {max_reject_ratio: 0.001}"), 1L << 26));
    assertTrue(e.getMessage().contains("worst: 2026-09/enwiki/2026-09.enwiki.2025-04.tsv.bz2 with 2 of 1000 lines"),
        e.getMessage());
    assertFalse(warehouse().isComplete("edits", SNAPSHOT));
    assertFalse(warehouse().isComplete("ingest_stats", SNAPSHOT));

    // 2 in 1000 is 0.002: allowed at 0.002, and the staged files are not read again
    IngestResult ok = ingest(config("ingest: {max_reject_ratio: 0.002}"), 1L << 26);
    assertEquals(2, ok.rejected());
    assertEquals(1_998, ok.edits());
  }

  @Test
  void bucketsOutsideTheRangeAreNeverOpened() throws IOException {
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, month("enwiki", "2025-03", 10, 1));
    writeBz2(dumpPath(dumps(), SNAPSHOT, "dewiki", "2025"), 9, month("dewiki", "2025-06", 10, 1));
    writeBz2(dumpPath(dumps(), SNAPSHOT, "hiwiki", "all-time"), 9, month("hiwiki", "2019-01", 10, 1));
    // out of range, and not bz2 at all: opening any of these would fail the run
    for (Path skipped : List.of(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-02"),
        dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-04"), dumpPath(dumps(), SNAPSHOT, "dewiki", "2024"),
        dumpPath(dumps(), SNAPSHOT, "dewiki", "2026"))) {
      Files.createDirectories(skipped.getParent());
      Files.writeString(skipped, "not bz2");
    }
    Files.writeString(dumps().resolve(SNAPSHOT).resolve("enwiki").resolve("README.txt"), "not a dump");

    IngestResult result = ingest(config("  from: \"2025-03-01\"\n  to: \"2025-04-01\""), 1L << 26);

    assertEquals(30, result.edits());
    Map<String, String> status = new TreeMap<>();
    warehouse().read(IngestStats.NAME, SNAPSHOT).collectAsList()
        .forEach(r -> status.put(r.getAs("file"), r.getAs("status")));
    assertEquals(Map.of(
        "2026-09/dewiki/2026-09.dewiki.2024.tsv.bz2", "skipped_out_of_range",
        "2026-09/dewiki/2026-09.dewiki.2025.tsv.bz2", "ingested",
        "2026-09/dewiki/2026-09.dewiki.2026.tsv.bz2", "skipped_out_of_range",
        "2026-09/enwiki/2026-09.enwiki.2025-02.tsv.bz2", "skipped_out_of_range",
        "2026-09/enwiki/2026-09.enwiki.2025-03.tsv.bz2", "ingested",
        "2026-09/enwiki/2026-09.enwiki.2025-04.tsv.bz2", "skipped_out_of_range",
        "2026-09/enwiki/README.txt", "skipped_unrecognised_name",
        "2026-09/hiwiki/2026-09.hiwiki.all-time.tsv.bz2", "ingested"), status);
    // what was read is recorded: the range, not every account (buckets were skipped)
    assertEquals(new HistoryCoverage(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"),
        null, null, false), HistoryCoverage.fromJson(warehouse().sideFile("edits", SNAPSHOT, HistoryCoverage.SIDE_FILE), "edits"));
  }

  @Test
  void everyBucketReadsTheFilesOutsideTheRangeSoUsersHoldsEveryAccount() throws IOException {
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, month("enwiki", "2025-03", 10, 1));
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2019-05"), 9, List.of(revision(DumpLayout.L78, "enwiki", 99,
        "2019-05-01 10:00:00.0", "event_user_id", "55", "event_user_text", "Silent Since 2019",
        "event_user_text_historical", "Silent Since 2019")));
    String range = "  from: \"2025-03-01\"\n  to: \"2025-04-01\"";
    assertEquals(10, ingest(config(range), 1L << 26).edits());
    assertEquals(0L, warehouse().read("users", SNAPSHOT).where("user_name = 'Silent Since 2019'").count());

    assertEquals(11, ingest(config(range + "\ningest: {every_bucket: true}"), 1L << 26).edits());
    assertEquals(1L, warehouse().read("users", SNAPSHOT).where("user_name = 'Silent Since 2019'").count());
    assertEquals(new HistoryCoverage(null, Instant.parse("2026-10-01T00:00:00Z"), null, null, true),
        HistoryCoverage.fromJson(warehouse().sideFile("edits", SNAPSHOT, HistoryCoverage.SIDE_FILE), "edits"));
  }

  @Test
  void rangeDerivedFromCampaignsReachesBackByThePreregistrationDays() {
    Config config = config(String.join("\n",
        "retention: {preregistration_days: 14, horizons: [3, 12]}",
        "campaigns:",
        "  - {id: a, start: \"2025-03-01T00:00:00Z\", end: \"2025-03-31T23:59:59Z\"}",
        "  - {id: b, start: \"2025-06-01\", end: \"2025-06-02\"}"));
    HistoryRange range = HistoryRange.of(config);
    assertEquals(Instant.parse("2025-02-15T00:00:00Z"), range.from());
    // b's end, a date alone, is the day's last second: 2025-06-02T23:59:59Z, + 12 months
    assertEquals(Instant.parse("2026-06-02T23:59:59Z"), range.to());
    assertTrue(DumpCatalog.outsideRange("2025-01", range.from(), range.to()));
    assertFalse(DumpCatalog.outsideRange("2025-02", range.from(), range.to()));
    assertFalse(DumpCatalog.outsideRange("2026-06", range.from(), range.to()));
    assertTrue(DumpCatalog.outsideRange("2026-07", range.from(), range.to()));
    assertFalse(DumpCatalog.outsideRange("all-time", range.from(), range.to()));
    // never past the snapshot: a campaign whose windows end after it reads to the data horizon
    Config late = config("campaigns:\n  - {id: c, start: \"2026-08-01\", end: \"2026-08-31\"}");
    assertEquals(Instant.parse("2026-10-01T00:00:00Z"), HistoryRange.of(late).to());
  }

  @Test
  void stagingIsResumableAndNewFilesAreAddedToThePublishedSnapshot() throws IOException {
    Path march = writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, month("enwiki", "2025-03", 50, 1));
    IngestResult first = ingest(config(""), 1L << 26);
    assertEquals(50, first.edits());
    assertFalse(first.alreadyStaged());

    // Same name, size and mtime is the same input: it is not read again (garbage would fail the run).
    FileTime mtime = Files.getLastModifiedTime(march);
    Files.write(march, new byte[(int) Files.size(march)]);
    Files.setLastModifiedTime(march, mtime);
    IngestResult again = ingest(config(""), 1L << 26);
    assertTrue(again.alreadyStaged());
    assertEquals(50, again.edits());

    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-04"), 9, month("enwiki", "2025-04", 20, 1_000));
    IngestResult more = ingest(config(""), 1L << 26);
    assertFalse(more.alreadyStaged());
    assertEquals(70, more.edits());
    assertEquals(70L, warehouse().read("edits", SNAPSHOT).count());
    // every file of the snapshot was read: all of its history, with every account
    assertEquals(new HistoryCoverage(null, Instant.parse("2026-10-01T00:00:00Z"), null, null, true),
        HistoryCoverage.fromJson(warehouse().sideFile("edits", SNAPSHOT, HistoryCoverage.SIDE_FILE), "edits"));
    assertEquals(2L, warehouse().read(IngestStats.NAME, SNAPSHOT).where("status = 'ingested'").count());
  }

  @Test
  void aRunKilledAfterPublishingEditsIsFinishedByTheNextRunNotTakenAsStaged() throws IOException {
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, month("enwiki", "2025-03", 50, 1));
    assertEquals(50, ingest(config(""), 1L << 26).edits());
    // a user who edits only in the new file: in users only when the second publish is finished
    List<String> april = new ArrayList<>(month("enwiki", "2025-04", 20, 1_000));
    april.add(revision(DumpLayout.L78, "enwiki", 5_000, "2025-04-29 10:00:00.0", "event_user_id", "777",
        "event_user_text", "April Only", "event_user_text_historical", "April Only"));
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-04"), 9, april);
    Config config = config("");
    DumpIngest killed = new DumpIngest(HistoryRequest.everything(spark, config, warehouse()),
        new BlockBz2LineReader(1L << 26, true));
    killed.afterEditsPublished = () -> {
      throw new IllegalStateException("killed between edits and users");
    };
    assertThrows(IllegalStateException.class, killed::ingest);
    assertEquals(71L, warehouse().read("edits", SNAPSHOT).count(), "the edits were published");

    IngestResult next = ingest(config, 1L << 26);
    assertFalse(next.alreadyStaged(), "users and ingest_stats are still those of the first run");
    assertEquals(71, next.edits());
    assertEquals(1L, warehouse().read("users", SNAPSHOT).where("user_name = 'April Only'").count());
    assertEquals(2L, warehouse().read(IngestStats.NAME, SNAPSHOT).where("status = 'ingested'").count());
    assertTrue(ingest(config, 1L << 26).alreadyStaged(), "now it is staged");
  }

  @Test
  void aCorruptFileFailsTheRunNamingItAndPublishesNothing() throws IOException {
    // a file large enough that its task is still decoding when the other one fails
    writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-03"), 9, month("enwiki", "2025-03", 40_000, 1));
    Path cut = writeBz2(dumpPath(dumps(), SNAPSHOT, "enwiki", "2025-04"), 9, month("enwiki", "2025-04", 500, 1));
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    IngestException e = assertThrows(IngestException.class, () -> ingest(config(""), 1L << 26));
    assertTrue(e.getMessage().contains("2026-09.enwiki.2025-04.tsv.bz2 is corrupt or truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was published for snapshot 2026-09"), e.getMessage());
    for (String dataset : List.of("edits", "users", "ingest_rejects", "ingest_stats")) {
      assertFalse(warehouse().isComplete(dataset, SNAPSHOT), dataset);
      assertFalse(warehouse().internal().isComplete(dataset, SNAPSHOT), "internal/" + dataset);
      assertFalse(Files.exists(dir.resolve("warehouse").resolve(dataset).resolve("snapshot=" + SNAPSHOT)), dataset);
    }
    // the failed batch's other tasks were waited for and what they staged deleted: nothing is left
    // behind, and nothing appears later (a task still writing would also break @TempDir's cleanup)
    Path staging = dir.resolve("warehouse").resolve("_staging").resolve("ingest").resolve("snapshot=" + SNAPSHOT);
    assertEquals(List.of(), listing(staging));
    // no task of the run is still running (the ingest waited for them), so nothing can appear later
    assertEquals(0, spark.sparkContext().statusTracker().getActiveJobIds().length);
    int running = 0;
    for (org.apache.spark.SparkExecutorInfo executor : spark.sparkContext().statusTracker().getExecutorInfos()) {
      running += executor.numRunningTasks();
    }
    assertEquals(0, running);
  }
}
