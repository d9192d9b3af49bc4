package org.campaignmetrics.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention refuses a config whose campaigns or participants need history the ingest did not read. */
class CoverageCheckTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static Config config(String start, String retention) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history: {path: x}", "campaigns:",
        "  - {id: c, start: \"" + start + "\", end: \"2026-05-12T23:59:59Z\"}", "retention: " + retention));
  }

  private static HistoryCoverage read(String from, List<String> wikis, List<String> names) {
    return new HistoryCoverage(from == null ? null : Instant.parse(from), Instant.parse("2026-10-01T00:00:00Z"),
        wikis, names, false);
  }

  @Test
  void whatWasReadIsEnough() {
    CoverageCheck.require(config("2026-05-01T00:00:00Z", "{preregistration_days: 14}"),
        read("2026-04-17T00:00:00Z", null, null), Set.of("Ann"));
    CoverageCheck.require(config("2026-05-01T00:00:00Z", "{}"), read(null, List.of("enwiki"), List.of("Ann", "Bob")),
        Set.of("Ann"));
    CoverageCheck.require(config("2026-05-01T00:00:00Z", "{}"), null, Set.of("Ann")); // an older warehouse
  }

  @Test
  void aCampaignThatStartsBeforeTheHistoryReadFailsNamingIt() {
    // the ingest ran for other campaigns (or without the campaigns_from events); this one starts earlier
    IngestException e = assertThrows(IngestException.class, () -> CoverageCheck.require(
        config("2026-05-01T00:00:00Z", "{preregistration_days: 14}"), read("2026-05-01T00:00:00Z", null, null),
        Set.of()));
    assertEquals("retention: the history ingested for snapshot 2026-09 does not cover this config: campaign c needs "
        + "history from 2026-04-17T00:00:00Z (its start − 14 preregistration days, to tell who is new), but edits "
        + "of snapshot 2026-09 were read from 2026-05-01T00:00:00Z. Run ingest again with this config (or run, "
        + "which does both)", e.getMessage());
  }

  @Test
  void participantsOrWikisNotReadFail() {
    IngestException e = assertThrows(IngestException.class, () -> CoverageCheck.require(
        config("2026-05-01T00:00:00Z", "{wikis: [enwiki, dewiki]}"), read(null, List.of("enwiki"), List.of("Ann")),
        Set.of("Ann", "Bob", "Cy")));
    assertTrue(e.getMessage().contains("retention.wikis lists dewiki, whose history was not ingested (read: [enwiki])"),
        e.getMessage());
    assertTrue(e.getMessage().contains("2 participant(s) whose revisions the ingest did not read, e.g. [Bob, Cy]"),
        e.getMessage());
  }

  @Test
  void coverageRoundTripsAndJoinsOnlyWhatTouches() {
    HistoryCoverage march = new HistoryCoverage(Instant.parse("2025-03-01T00:00:00Z"),
        Instant.parse("2025-04-01T00:00:00Z"), List.of("enwiki", "dewiki"), null, false);
    assertEquals(march, HistoryCoverage.fromJson(march.toJson(), "test"));
    HistoryCoverage april = new HistoryCoverage(Instant.parse("2025-04-01T00:00:00Z"),
        Instant.parse("2025-05-01T00:00:00Z"), List.of("enwiki"), null, false);
    HistoryCoverage both = april.and(march);
    assertEquals(Instant.parse("2025-03-01T00:00:00Z"), both.from());
    assertEquals(Instant.parse("2025-05-01T00:00:00Z"), both.to());
    assertEquals(List.of("enwiki"), both.wikis(), "only the wikis both read");
    HistoryCoverage june = new HistoryCoverage(Instant.parse("2025-06-01T00:00:00Z"),
        Instant.parse("2025-07-01T00:00:00Z"), null, null, false);
    assertEquals(june, june.and(march), "a gap: never more than was read");
  }

  @Test
  void globalUsersOfAnotherIngestIsNotUsed() {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    HistoryCoverage now = read(null, List.of("enwiki"), List.of("Ann"));
    HistoryCoverage before = read(null, List.of("enwiki"), List.of("Ann", "Bob"));
    warehouse.writeParquet(List.of(), GlobalUsers.SCHEMA, GlobalUsers.NAME, "2026-09");
    warehouse.writeParquet(List.of(), Edits.SCHEMA, Edits.NAME, "2026-09", Map.of(HistoryCoverage.SIDE_FILE,
        now.toJson()));
    assertFalse(CoverageCheck.sameRun(warehouse, "2026-09", GlobalUsers.NAME, now), "no coverage: an older run's");
    warehouse.writeParquet(List.of(), GlobalUsers.SCHEMA, GlobalUsers.NAME, "2026-09",
        Map.of(HistoryCoverage.SIDE_FILE, before.toJson()));
    assertFalse(CoverageCheck.sameRun(warehouse, "2026-09", GlobalUsers.NAME, now), "another run's settings");
    warehouse.writeParquet(List.of(), GlobalUsers.SCHEMA, GlobalUsers.NAME, "2026-09",
        Map.of(HistoryCoverage.SIDE_FILE, now.toJson()));
    assertTrue(CoverageCheck.sameRun(warehouse, "2026-09", GlobalUsers.NAME, now));
    assertFalse(CoverageCheck.sameRun(warehouse, "2026-09", GlobalUsers.NAME, null), "edits say nothing of what was read");
    assertFalse(CoverageCheck.sameRun(warehouse, "2026-08", GlobalUsers.NAME, now), "none for that snapshot");
  }
}
