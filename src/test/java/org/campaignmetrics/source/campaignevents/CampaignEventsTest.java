package org.campaignmetrics.source.campaignevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.job.EventCampaigns;
import org.campaignmetrics.job.GoalsJob;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.testing.MariaDbTestServer;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CampaignEvents rule on {@link CampaignEventsFixture}, through both inputs: the same
 * tables as exported files and in a real MariaDB give the same datasets, row for row, and the
 * values are the ones worked out by hand below (docs/metrics.md "Event goals").
 */
class CampaignEventsTest extends SparkTestBase {
  private static final List<String> DATASETS = List.of("events", "event_contribution_summary", "event_goal_progress",
      "goal_outcomes_by_event_type", "goal_outcomes_by_metric", "goal_outcomes_by_wiki", "goal_outcomes_by_topic",
      "goal_outcomes_by_country", "campaignevents_stats");

  @TempDir
  static Path dir;

  /** Runs are shared by the tests (each writes ten datasets): by config text. */
  private static final Map<String, Map<String, List<String>>> RUNS = new java.util.HashMap<>();

  private static Config config(String campaignevents, boolean internal) {
    return ConfigLoader.parse("snapshot: \"2026-09\"\nwarehouse: " + dir.resolve("wh-" + internal + "-"
        + Math.abs(campaignevents.hashCode())) + "\nhistory: {path: none}\n" + campaignevents
        + "  disallowed_countries: [AQ]\n  reports: {by_organizer: true}\n"
        + "privacy: {internal_outputs: " + internal + "}\noutput: {formats: [parquet, csv]}\n");
  }

  private static Config filesConfig(boolean internal) {
    Path folder = dir.resolve("ce");
    if (!Files.isDirectory(folder)) {
      new CampaignEventsFixture().writeFiles(folder);
    }
    return config("campaignevents:\n  source: files\n  path: " + folder + "\n", internal);
  }

  /** Every dataset as sorted row texts (the job runs once per config). */
  private static Map<String, List<String>> run(Config config) {
    String key = config.toString();
    if (RUNS.containsKey(key)) {
      return RUNS.get(key);
    }
    GoalsJob.run(spark, config);
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    Map<String, List<String>> out = new TreeMap<>();
    List<String> names = new ArrayList<>(DATASETS);
    if (config.privacy().internalOutputs()) {
      org.campaignmetrics.model.Datasets.internalGoals().forEach(name -> names.add("internal/" + name));
    }
    for (String name : names) {
      List<String> rows = new ArrayList<>();
      Warehouse tree = name.startsWith("internal/") ? warehouse.internal() : warehouse;
      for (Row r : tree.read(name.replace("internal/", ""), "2026-09").drop("snapshot").collectAsList()) {
        rows.add(r.toString());
      }
      rows.sort(null);
      out.put(name, rows);
    }
    RUNS.put(key, out);
    return out;
  }

  private static Map<String, Row> byKey(Warehouse warehouse, String dataset, String... keys) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : warehouse.read(dataset, "2026-09").collectAsList()) {
      StringBuilder key = new StringBuilder();
      for (String k : keys) {
        key.append(key.length() == 0 ? "" : "|").append((Object) r.getAs(k));
      }
      out.put(key.toString(), r);
    }
    return out;
  }

  @Test
  void filesAndMariaDbGiveTheSameDatasets() {
    Map<String, List<String>> fromFiles = run(filesConfig(true));
    MariaDbTestServer server = MariaDbTestServer.get();
    String database = MariaDbTestServer.newPrefix() + "_ce";
    try {
      new CampaignEventsFixture().load(server, database);
      String yaml = "campaignevents:\n  source: jdbc\n  url: jdbc:mariadb://" + server.host + ":" + server.port + "/"
          + database + "\n  credentials_file: " + server.credentialsFile(dir) + "\n";
      Map<String, List<String>> fromDb = run(config(yaml, true));
      for (String name : fromFiles.keySet()) {
        assertFalse(fromFiles.get(name).isEmpty(), name);
        // over JDBC only the globaluser rows the events name are read; the file's others are counted as skipped
        List<String> files = fromFiles.get(name).stream()
            .filter(line -> !line.contains(CampaignEventsSource.NOT_NAMED)).toList();
        assertEquals(files, fromDb.get(name), name);
      }
    } finally {
      server.dropDatabase(database);
    }
  }

  @Test
  void countryCodesAreTrimmedOfSpacesAndUpperCased() {
    assertEquals("DE", CampaignEventsSource.countryCode(" de "));
    assertEquals("AQ", CampaignEventsSource.countryCode("aQ"));
    assertEquals("", CampaignEventsSource.countryCode("   "));
    assertEquals("\tIN", CampaignEventsSource.countryCode("\tin "), "only spaces are trimmed, as Spark's trim");
  }

  @Test
  void eventsAreDecodedWithEligibility() {
    Config config = filesConfig(false);
    run(config);
    Map<String, Row> events = byKey(new Warehouse(spark, config.warehouse()), "events", "event_id");
    assertEquals(List.of("1", "2", "3", "4", "5", "8"), new ArrayList<>(events.keySet()), "test and deleted dropped");
    Row e1 = events.get("1");
    assertEquals(CampaignEventsFixture.EVENT_1_NAME, e1.getAs("event_name"));
    assertEquals("editing-event", e1.getAs("event_types"));
    assertEquals(2, (int) e1.getAs("meeting_type"));
    assertNull(e1.getAs("country_code"), "online: no country, even with an address row");
    assertEquals("dewiki,enwiki", e1.getAs("wikis"));
    assertEquals("biography,women", e1.getAs("topics"));
    assertEquals(Instant.parse("2026-05-10T00:00:00Z"), e1.getAs("event_start"));
    assertEquals(true, e1.getAs("eligible_for_contribution_statistics"));
    Row e2 = events.get("2");
    assertEquals("media-upload-event,contest", e2.getAs("event_types"));
    assertEquals("DE", e2.getAs("country_code"));
    assertEquals("in person and online", e2.getAs("meeting_type_name"));
    Row e3 = events.get("3");
    assertEquals("editing-event,workshop", e3.getAs("event_types"));
    assertEquals(true, e3.getAs("eligible_for_contribution_statistics"));
    // published without its country: neither the code nor the reason names it
    assertEquals("the country is in campaignevents.disallowed_countries", events.get("4").getAs("ineligibility_reason"));
    assertNull(events.get("4").getAs("country_code"), "a disallowed country is in no public output");
    assertEquals(true, events.get("5").getAs("all_wikis"));
    assertEquals(true, events.get("5").getAs("eligible_for_contribution_statistics"));
    Row e8 = events.get("8");
    assertEquals("other", e8.getAs("event_types"));
    assertEquals("no event type of the contributions group (editing-event, media-upload-event, backlog-drive, "
        + "contest); no wikis", e8.getAs("ineligibility_reason"));
    assertEquals(false, e8.getAs("has_goal"));
  }

  @Test
  void summaryReproducesTheSummaryQuery() {
    Config config = filesConfig(true);
    run(config);
    Map<String, Row> s = byKey(new Warehouse(spark, config.warehouse()).internal(), "event_contribution_summary",
        "event_id", "visibility");
    // public: c1,c2,c3 (Alice) and c6 (Carol, unregistered later); Bob is private, c7 deleted, c8 unregistered-never
    assertSummary(s.get("1|public"), 2, 1, 1, 2, 4, 540, -20, 4, -1);
    // all: + Bob's creation and edit on dewiki page 100 (not the same page as enwiki page 100)
    assertSummary(s.get("1|all"), 3, 2, 2, 3, 6, 740, -70, 6, -3);
    assertSummary(s.get("2|public"), 1, 1, 1, 1, 2, 1000, -300, 0, 0);
    assertSummary(s.get("3|public"), 1, 1, 0, 2, 2, 500, 0, 2, 0);
    assertSummary(s.get("8|public"), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertEquals(12, s.size(), "6 events × 2 visibilities");
  }

  private static void assertSummary(Row r, long participants, long wikis, long created, long edited, long edits,
      long bytesAdded, long bytesRemoved, long linksAdded, long linksRemoved) {
    assertEquals(List.of(participants, wikis, created, edited, edits, bytesAdded, bytesRemoved, linksAdded,
        linksRemoved), List.of(r.getAs("participants"), r.getAs("wikis"), r.getAs("articles_created"),
        r.getAs("articles_edited"), r.getAs("edits"), r.getAs("bytes_added"), r.getAs("bytes_removed"),
        r.getAs("links_added"), r.getAs("links_removed")), r.toString());
  }

  @Test
  void goalProgressPerVisibility() {
    Config config = filesConfig(true);
    run(config);
    Map<String, Row> p = byKey(new Warehouse(spark, config.warehouse()).internal(), "event_goal_progress", "event_id",
        "visibility");
    // 1 public: created 1/2 = 0.5, edits 4/4 = 1 → AND mean 0.75
    assertProgress(p.get("1|public"), "AND", 0.75, 75, false, "total_articles_created", 1);
    // 1 all: created 2/2, edits 6/4 (uncapped 1.5) → 1
    assertProgress(p.get("1|all"), "AND", 1.0, 100, true, "total_articles_created", 2);
    Row edits = p.get("1|all").<Row>getList(p.get("1|all").fieldIndex("metrics")).get(1);
    assertEquals(List.of("metrics[1]", "total_edits", 4L, 6L, 1.0, 1.5), List.of(edits.getAs("path"),
        edits.getAs("metric"), edits.getAs("target"), edits.getAs("actual"), edits.getAs("completion"),
        edits.getAs("uncapped_ratio")));
    // 2: |−300| / 100 → 1 (uncapped 3), links 0/50 → OR max 1; the primary's current value is uncapped
    assertProgress(p.get("2|public"), "OR", 1.0, 100, true, "total_bytes_removed", 300);
    // 3: edits 2/3; OR(links 2/10, AND(bytes 500/1000, edited 2/2) = 0.75) = 0.75; AND mean = 0.7083…
    assertProgress(p.get("3|public"), "AND", (2.0 / 3 + 0.75) / 2, 70, false, "total_edits", 2);
    assertEquals("metrics[1].metrics[1].metrics[1]", p.get("3|public").<Row>getList(p.get("3|public")
        .fieldIndex("metrics")).get(3).getAs("path"));
    // 4 is in AQ, a disallowed country: not eligible, so its goal is not counted
    assertEquals("not counted: the event is not eligible for contribution statistics (the country is in "
        + "campaignevents.disallowed_countries)", p.get("4|public").getAs("error"));
    assertNull(p.get("4|public").getAs("ratio"));
    // 5: the newest goal row (ceeg_id 6) wins, and it is malformed
    Row bad = p.get("5|public");
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got \"30\"", bad.getAs("error"));
    assertNull(bad.getAs("ratio"));
    assertEquals(10, p.size(), "events 1–5 × 2 visibilities");
  }

  private static void assertProgress(Row r, String operator, double ratio, int percent, boolean reached,
      String primary, long current) {
    assertEquals(operator, r.getAs("operator"), r.toString());
    assertEquals(ratio, (double) r.getAs("ratio"), 1e-12, r.toString());
    assertEquals(percent, (int) r.getAs("percent"), r.toString());
    assertEquals(reached, r.getAs("reached"), r.toString());
    assertEquals(primary, r.getAs("primary_metric"), r.toString());
    assertEquals(current, (long) r.getAs("primary_current"), r.toString());
    assertNull(r.getAs("error"));
  }

  @Test
  void outcomeReportsAndStats() {
    Config config = filesConfig(false);
    run(config);
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    // public rows only: events 1 (75), 2 (100 reached), 3 (70), 5 (error); 4 (AQ) is not counted at all
    assertOutcome(byKey(warehouse, "goal_outcomes_by_event_type", "visibility", "event_type"), Map.of(
        "public|editing-event", "3 0 2 1 72.5", "public|contest", "1 1 0 0 100.0",
        "public|media-upload-event", "1 1 0 0 100.0", "public|workshop", "1 0 1 0 70.0"));
    assertOutcome(byKey(warehouse, "goal_outcomes_by_country", "visibility", "country"), Map.of(
        "public|null", "2 0 1 1 75.0", "public|DE", "1 1 0 0 100.0", "public|IN", "1 0 1 0 70.0"));
    assertOutcome(byKey(warehouse, "goal_outcomes_by_wiki", "visibility", "wiki"), Map.of(
        "public|enwiki", "1 0 1 0 75.0", "public|dewiki", "1 0 1 0 75.0", "public|commonswiki", "1 1 0 0 100.0",
        "public|hiwiki", "1 0 1 0 70.0", "public|*all*", "1 0 0 1 null"));
    assertOutcome(byKey(warehouse, "goal_outcomes_by_metric", "visibility", "metric"), Map.of(
        "public|total_edits", "2 0 2 0 72.5", "public|total_articles_created", "1 0 1 0 75.0",
        "public|total_bytes_removed", "1 1 0 0 100.0", "public|total_links_added", "2 1 1 0 85.0",
        "public|total_bytes_added", "1 0 1 0 70.0", "public|total_articles_edited", "1 0 1 0 70.0",
        "public|null", "1 0 0 1 null"));
    assertOutcome(byKey(warehouse, "goal_outcomes_by_topic", "visibility", "topic"), Map.of(
        "public|biography", "1 0 1 0 75.0", "public|women", "1 0 1 0 75.0", "public|null", "3 1 1 1 85.0"));
    assertFalse(warehouse.isComplete("goal_outcomes_by_organizer", "2026-09"), "internal only");

    Map<String, Long> stats = new TreeMap<>();
    for (Row r : warehouse.read("campaignevents_stats", "2026-09").collectAsList()) {
      stats.put(r.getString(0) + ": " + r.getString(1), r.getLong(2));
    }
    assertEquals(6L, stats.get("campaign_events: kept"));
    assertEquals(1L, stats.get("campaign_events: dropped: test event"));
    assertEquals(1L, stats.get("campaign_events: dropped: deleted event"));
    assertEquals(11L, stats.get("ce_event_contributions: kept, counted"));
    assertEquals(1L, stats.get("ce_event_contributions: kept, not counted: deleted (cec_deleted)"));
    assertEquals(1L, stats.get("ce_event_contributions: kept, not counted: author has no ce_participants row"));
    assertEquals(1L, stats.get("ce_event_contributions: dropped: of a test, deleted or unknown event"));
    assertEquals(4L, stats.get("ce_event_goals: kept, goal valid"));
    assertEquals(1L, stats.get("ce_event_goals: kept, goal blob not valid (its row has error)"));
    assertEquals(1L, stats.get("ce_event_goals: superseded: an older goal row of the same event"));
    assertEquals(2L, stats.get("ce_event_goals: dropped: of a test, deleted or unknown event"));
    assertEquals(1L, stats.get("ce_organizers: dropped: no organizer role in ceo_roles (e.g. test only)"));
    // Dave (14) registered for no event and organizes none: his globaluser row is not needed
    assertEquals(11L, stats.get("globaluser: read"));
    assertEquals(1L, stats.get("globaluser: " + CampaignEventsSource.NOT_NAMED));
    Map<String, Long> perTable = new TreeMap<>();
    stats.forEach((k, v) -> perTable.merge(k.substring(0, k.indexOf(':')), v, Long::sum));
    CampaignEventsFixture fixture = new CampaignEventsFixture();
    assertEquals(Map.of("campaign_events", 8L, "ce_event_contributions", 14L, "ce_event_goals", 8L,
        "ce_participants", 9L, "ce_organizers", 5L, "ce_event_wikis", 8L, "ce_event_topics", 2L, "ce_address", 4L,
        "ce_event_address", 4L, "globaluser", 12L), perTable, "every row read counted once " + fixture);
  }

  @Test
  void organizerReportIsInternalAndCountsActiveOrganizers() {
    Config config = filesConfig(true);
    run(config);
    assertOutcome(byKey(new Warehouse(spark, config.warehouse()).internal(), "goal_outcomes_by_organizer", "visibility",
        "organizer_central_id"), Map.of(
        "all|99", "2 2 0 0 100.0", "public|99", "2 1 1 0 87.5"));
    // 97 organizes only event 4 (AQ: not counted); 96 has only the test role
  }

  private static void assertOutcome(Map<String, Row> rows, Map<String, String> expected) {
    Map<String, String> actual = new TreeMap<>();
    rows.forEach((k, r) -> actual.put(k, r.getAs("events_with_goals") + " " + r.getAs("reached") + " "
        + r.getAs("not_reached") + " " + r.getAs("goal_errors") + " " + r.getAs("median_percent")));
    assertEquals(new TreeMap<>(expected), actual);
  }

  @Test
  void eventsBecomeCampaigns() {
    Config config = filesConfig(false);
    CampaignEventsSource.Data data = GoalsJob.read(spark, config);
    Map<String, Config.CampaignConfig> pub = new TreeMap<>();
    EventCampaigns.Result result = EventCampaigns.of(data, List.of("AQ"));
    result.campaigns().forEach(c -> pub.put(c.id(), c));
    org.campaignmetrics.spark.Frames.release(result.kept());
    data.release();
    assertEquals(List.of("event-1", "event-2", "event-3", "event-4", "event-5", "event-8"),
        new ArrayList<>(pub.keySet()));
    Config.CampaignConfig e1 = pub.get("event-1");
    assertEquals(List.of("Alice"), e1.usernames(), "Bob is private, Carol unregistered");
    assertEquals("campaignevents", e1.usernamesSource());
    assertEquals(List.of("dewiki", "enwiki"), e1.wikis());
    assertEquals(Instant.parse("2026-05-12T23:59:59Z"), e1.end());
    assertNull(e1.country());
    assertEquals("DE", pub.get("event-2").country());
    assertEquals(List.of("Dan", "Erin"), pub.get("event-2").usernames());
    assertEquals(List.of(), pub.get("event-5").wikis(), "*all*: any wiki");
    assertNull(pub.get("event-4").country(), "AQ is disallowed: no country in per-country outputs");
  }

  /**
   * A table of 10,000 rows or more is not held in its plan (spark/Frames.ofRows): while a command
   * publishes, Parquet files under the snapshot's _tmp/; elsewhere kept (on a cluster a checkpoint
   * there too, here rows in the block manager). {@code goals} and {@code run} give every such table
   * back when they end, as their own kept frames: no file of theirs is left under _tmp/, nothing
   * kept is still held after them.
   */
  @Test
  void keptTablesAreGivenBackByGoalsAndRun() {
    Path folder = new CampaignEventsFixture().withMoreContributions(org.campaignmetrics.spark.Frames.KEEP_ROWS)
        .writeFiles(dir.resolve("ce-large"));
    Config config = config("campaignevents:\n  source: files\n  path: " + folder + "\n", false);
    java.util.Set<Object> before = persisted();
    GoalsJob.run(spark, config);
    assertEquals(before, persisted(), "goals");
    assertEquals(List.of(), filesUnder(Path.of(config.warehouse()).resolve("_tmp")), "goals");
    // run with a goals-only config (no history section: nothing to ingest, no retention)
    org.campaignmetrics.job.RunJob.run(spark, ConfigLoader.parse("snapshot: \"2026-09\"\nwarehouse: "
        + dir.resolve("wh-large-run") + "\ncampaignevents: {source: files, path: " + folder + "}\n"));
    assertEquals(before, persisted(), "run");
    assertEquals(List.of(), filesUnder(dir.resolve("wh-large-run/_tmp")), "run");
    Row contributions = new Warehouse(spark, config.warehouse()).read("campaignevents_stats", "2026-09")
        .where("table_name = 'ce_event_contributions' and outcome = 'kept, counted'").first();
    assertEquals(org.campaignmetrics.spark.Frames.KEEP_ROWS + 11L, contributions.<Long>getAs("rows"),
        "the 10,000 added and the fixture's 11 counted ones (event 1: 3 of Alice, 2 of private Bob, 1 of Carol; "
            + "events 2 and 3: 2 each; event 4: 1)");
  }

  private static List<Path> filesUnder(Path folder) {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.util.Set<Object> persisted() {
    return new java.util.TreeSet<>(scala.jdk.javaapi.CollectionConverters.asJava(
        spark.sparkContext().getPersistentRDDs()).keySet());
  }

  @Test
  void aBadFileNamesItsLine() throws Exception {
    Path folder = new CampaignEventsFixture().writeFiles(dir.resolve("bad"));
    Path file = folder.resolve("ce_event_contributions.tsv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\t-20\t", "\tlots\t"));
    Files.write(file, lines);
    Config config = config("campaignevents:\n  source: files\n  path: " + folder + "\n", false);
    IngestException e = assertThrows(IngestException.class, () -> GoalsJob.read(spark, config));
    assertTrue(e.getMessage().contains("ce_event_contributions.tsv line 3: cec_bytes_delta 'lots' is not a whole "
        + "number"), e.getMessage());
    new CampaignEventsFixture().writeFiles(folder);
    Files.delete(folder.resolve("ce_event_goals.tsv"));
    IngestException missing = assertThrows(IngestException.class, () -> GoalsJob.read(spark, config));
    assertTrue(missing.getMessage().contains("no ce_event_goals.tsv in"), missing.getMessage());
  }
}
