package org.campaignmetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final String MINIMAL = "snapshot: \"2026-09\"\nhistory: {path: dumps}\n";

  private static List<String> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml)).problems();
  }

  @Test
  void theBundledSampleConfigIsValid() {
    Config config = ConfigLoader.load(Path.of("conf/sample.yaml"));
    assertEquals(YearMonth.of(2026, 9), config.snapshot());
    assertEquals(5, config.campaigns().size());
    assertEquals(Instant.parse("2025-09-30T23:59:59Z"), config.campaigns().get(1).end());
    assertEquals("Wiki Loves Monuments 2025", config.campaigns().get(2).series());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    Config config = ConfigLoader.parse(MINIMAL);
    assertEquals("out/warehouse", config.warehouse());
    assertEquals(Config.HistoryConfig.Source.DUMPS, config.history().source());
    assertEquals(0.001, config.ingest().maxRejectRatio());
    assertEquals(32, config.ingest().splitMb());
    assertEquals(Config.IngestConfig.Decoder.AUTO, config.ingest().decoder());
    assertEquals(0, config.retention().preregistrationDays());
    assertEquals(List.of(3, 6, 9, 12), config.retention().horizons());
    assertEquals(Config.RetentionConfig.Window.MONTH, config.retention().window());
    assertEquals(5, config.privacy().minCellSize());
    assertEquals(List.of("parquet", "csv"), config.output().formats());
    assertEquals(Instant.parse("2026-10-01T00:00:00Z"), config.dataHorizon());
  }

  @Test
  void protectedCountriesDefaultToTheShippedListWhichCanBeExtendedOrReplaced() throws Exception {
    // the shipped list is conf/country-protection-list.txt, read here on its own
    List<String> file = java.nio.file.Files.readAllLines(Path.of("conf/country-protection-list.txt")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.substring(0, 2)).sorted().toList();
    assertEquals(35, file.size());
    java.util.Set<String> shipped = ConfigLoader.parse(MINIMAL).privacy().protectedCountries();
    assertEquals(file, shipped.stream().sorted().toList());
    assertEquals(true, ConfigLoader.parse(MINIMAL).privacy().isProtected("IR"));
    assertEquals(false, ConfigLoader.parse(MINIMAL).privacy().isProtected("IN"));
    assertEquals(false, ConfigLoader.parse(MINIMAL).privacy().isProtected(null));
    assertEquals(java.util.Set.of("DE"), ConfigLoader.parse(MINIMAL + "privacy: {protected_countries: [DE]}")
        .privacy().protectedCountries());
    assertEquals(36, ConfigLoader.parse(MINIMAL + "privacy: {protected_countries: [default, DE]}")
        .privacy().protectedCountries().size());
    assertEquals(java.util.Set.of(), ConfigLoader.parse(MINIMAL + "privacy: {protected_countries: []}")
        .privacy().protectedCountries());
    assertEquals(List.of("privacy.protected_countries[1]: 'Iran' is not an ISO 3166-1 alpha-2 code (two capital "
        + "letters) nor 'default' (the shipped list, org/campaignmetrics/config/country-protection-list.txt)"),
        problems(MINIMAL + "privacy: {protected_countries: [DE, Iran]}"));
  }

  @Test
  void newcomerPresetsSetThePreregistrationDays() {
    assertEquals(14, ConfigLoader.parse(MINIMAL + "retention: {newcomers: event-metrics}").retention()
        .preregistrationDays());
    assertEquals(60, ConfigLoader.parse(MINIMAL + "retention: {newcomers: wmf-preregistration}").retention()
        .preregistrationDays());
    assertEquals(List.of("retention.newcomers: unknown preset 'eventmetrics' (valid: dashboard, event-metrics, "
        + "wmf-preregistration)"), problems(MINIMAL + "retention: {newcomers: eventmetrics}"));
  }

  @Test
  void everyProblemNamesItsKeyPath() {
    List<String> problems = problems(String.join("\n",
        "snapshot: \"2026-9\"",
        "history: {source: dumpz, path: x, wikis: enwiki}",
        "ingest: {max_reject_ratio: 2}",
        "campaigns:",
        "  - {id: ok, start: \"2021-09-01\", end: \"2021-09-30\"}",
        "  - {id: ok, start: \"2021-09-30\", end: \"2021-09-01\", country: India}",
        "  - {name: no id, start: \"yesterday\"}",
        "retention: {horizons: [3, 3], window: weekly}",
        "output: {formats: [parquet, xlsx]}",
        "privacy: {min_cell_size: 0, internal: true}",
        "unknown_top: 1"));
    assertEquals(List.of(
        "unknown_top: unknown key (valid here: campaignevents, campaigns, campaigns_file, campaigns_from, history, ingest, output, privacy, replicas, "
            + "retention, snapshot, warehouse)",
        "snapshot: '2026-9' is not a month in the form YYYY-MM",
        "history.source: unknown value 'dumpz' (valid: dumps, table, replicas)",
        "history.wikis: expected a list, got \"enwiki\"",
        "ingest.max_reject_ratio: must be a number from 0 to 1, got 2",
        "retention.horizons[1]: 3 is listed twice",
        "retention.window: unknown value 'weekly' (valid: month, quarter, since)",
        "campaigns[1].id: 'ok' is used by an earlier campaign",
        "campaigns[1].end: must be after start",
        "campaigns[1].country: 'India' is not an ISO 3166-1 alpha-2 code (two capital letters)",
        "campaigns[2].id: required",
        "campaigns[2].start: 'yesterday' is not a UTC time like 2021-09-30T23:59:59Z or a date like 2021-09-30",
        "campaigns[2].end: required",
        "privacy.internal: unknown key (valid here: internal_outputs, min_cell_size, protected_countries)",
        "privacy.min_cell_size: 0 is out of range (1 to 1000)",
        "output.formats[1]: unknown format 'xlsx' (valid: parquet, csv)"), problems);
  }

  @Test
  void outputSqlIsCheckedAndItsDefaultsAreTheDocumentedOnes() {
    Config config = ConfigLoader.parse(MINIMAL + "output: {sql: {url: \"jdbc:postgresql://db:5432/analytics\"}}\n");
    assertEquals(new Config.SqlOutput("jdbc:postgresql://db:5432/analytics", "~/.campaign-metrics-sql.cnf",
        "campaign_metrics"), config.output().sql());
    assertEquals(null, ConfigLoader.parse(MINIMAL).output().sql(), "no output.sql: no tables");
    assertEquals(List.of(
        "output.sql.url: 'jdbc:sqlite:x.db' is neither a jdbc:postgresql:// nor a jdbc:mariadb:// URL",
        "output.sql.schema: 'Campaign-Metrics' must be lower-case letters, digits and _ (it is written into SQL)"),
        problems(MINIMAL + "output: {sql: {url: \"jdbc:sqlite:x.db\", schema: Campaign-Metrics}}\n"));
    assertEquals(List.of("output.sql.url: holds a user or password; the URL is logged, so put them in "
        + "output.sql.credentials_file or CM_SQL_USER/CM_SQL_PASSWORD: jdbc:mariadb://db/x?user=u&password=***"),
        problems(MINIMAL + "output: {sql: {url: \"jdbc:mariadb://db/x?user=u&password=secret\"}}\n"));
    assertEquals(List.of("output.sql.url: required (e.g. jdbc:postgresql://127.0.0.1:5432/analytics or "
        + "jdbc:mariadb://127.0.0.1:3306/analytics)"), problems(MINIMAL + "output: {sql: {schema: x}}\n"));
  }

  @Test
  void aMissingFileOrBrokenYamlIsNamed() {
    assertEquals(List.of("nope.yaml: no such config file"),
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("nope.yaml"))).problems());
    assertEquals(1, problems("snapshot: [unclosed").size());
    assertEquals(List.of("snapshot: required (the history snapshot, YYYY-MM)"), problems("history: {path: x}"));
  }

  @Test
  void campaignsFromACsvFileAreCheckedLikeConfigCampaignsNamingTheirLine(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    Path csv = dir.resolve("campaigns.csv");
    java.nio.file.Files.writeString(csv, String.join("\n",
        "id,name,series,start,end,country,wikis,participants_file",
        "wlm-2021-in,\"WLM 2021, India\",WLM 2021,2021-09-01,2021-09-30T23:59:59Z,IN,commonswiki,in.csv",
        "wlm-2021-de,WLM 2021 Germany,WLM 2021,2021-09-01,2021-09-30T23:59:59Z,DE,commonswiki;dewiki,",
        ""));
    Config config = ConfigLoader.parse(MINIMAL + "campaigns_file: " + csv);
    assertEquals(2, config.campaigns().size());
    assertEquals("WLM 2021, India", config.campaigns().get(0).name());
    assertEquals("in.csv", config.campaigns().get(0).participantsFile());
    assertEquals(List.of("commonswiki", "dewiki"), config.campaigns().get(1).wikis());
    assertEquals(Instant.parse("2021-09-30T23:59:59Z"), config.campaigns().get(1).end());

    java.nio.file.Files.writeString(csv, String.join("\n", "id,start,end,country",
        "x,2021-09-30,2021-09-01,India", "x,2021-09-01,2021-09-02,"));
    assertEquals(List.of(
        "campaigns_file " + csv + " line 2.end: must be after start",
        "campaigns_file " + csv + " line 2.country: 'India' is not an ISO 3166-1 alpha-2 code (two capital letters)",
        "campaigns_file " + csv + " line 3.id: 'x' is used by another campaign"),
        problems(MINIMAL + "campaigns_file: " + csv));
  }

  @Test
  void campaignEventsKeysAreChecked() {
    List<String> problems = problems(MINIMAL + String.join("\n",
        "campaignevents:",
        "  source: jdbc",
        "  url: jdbc:mariadb://h/db?password=secret",
        "  globaluser_table: \"x; DROP\"",
        "  disallowed_countries: [de]",
        "  reports: {by_organiser: true}",
        "campaigns_from: events"));
    assertEquals(List.of(
        "campaignevents.url: must not hold credentials (a user:password@ part or a password parameter; use "
            + "credentials_file or CM_CAMPAIGNEVENTS_USER/CM_CAMPAIGNEVENTS_PASSWORD): jdbc:mariadb://h/db?password=***",
        "campaignevents.globaluser_table: 'x; DROP' is not a table name (table or database.table)",
        "campaignevents.disallowed_countries[0]: 'de' is not a CLDR/ISO country code (two capital letters)",
        "campaignevents.reports.by_organiser: unknown key (valid here: by_organizer)",
        "campaigns_from: unknown value 'events' (valid: campaignevents)"), problems);
    assertEquals(List.of("campaignevents.path: required with source: files (a folder with one <table>.tsv per table)"),
        problems(MINIMAL + "campaignevents: {source: files}\n"));
    assertEquals(List.of("campaigns_from: campaignevents needs a campaignevents section (source and path or url)"),
        problems(MINIMAL + "campaigns_from: campaignevents\n"));
    Config config = ConfigLoader.parse(MINIMAL + "campaignevents: {path: ce}\ncampaigns_from: campaignevents\n");
    assertEquals(Config.CampaignEventsConfig.Source.FILES, config.campaignevents().source());
    assertEquals("globaluser", config.campaignevents().globaluserTable());
    assertEquals(false, config.campaignevents().byOrganizer());
    assertEquals(true, config.campaignsFromEvents());
  }

  @Test
  void aDateAloneEndsAtTheDaysLastSecondAndStartsAtItsMidnight() {
    Config config = ConfigLoader.parse(MINIMAL + "campaigns:\n  - {id: c, start: \"2021-09-01\", end: \"2021-09-30\"}");
    assertEquals(Instant.parse("2021-09-01T00:00:00Z"), config.campaigns().get(0).start());
    assertEquals(Instant.parse("2021-09-30T23:59:59Z"), config.campaigns().get(0).end());
    Config explicit = ConfigLoader.parse(MINIMAL + "campaigns:\n  - {id: c, start: \"2021-09-01\", "
        + "end: \"2021-09-30T00:00:00Z\"}");
    assertEquals(Instant.parse("2021-09-30T00:00:00Z"), explicit.campaigns().get(0).end());
  }

  @Test
  void aSinceWindowThatTheOffsetLeavesEmptyIsAConfigError() {
    assertEquals(List.of("retention.offset_days: 28 leaves the since window of horizon 1 (1 month(s), as few as 28 "
        + "days) empty; use fewer days or longer horizons"),
        problems(MINIMAL + "retention: {window: since, offset_days: 28, horizons: [1, 3]}"));
    assertEquals(27, ConfigLoader.parse(MINIMAL + "retention: {window: since, offset_days: 27, horizons: [1]}")
        .retention().offsetDays());
    assertEquals(89, ConfigLoader.shortestDays(3));
    // the offset only matters for since windows
    assertEquals(90, ConfigLoader.parse(MINIMAL + "retention: {window: month, offset_days: 90, horizons: [1]}")
        .retention().offsetDays());
  }
}
