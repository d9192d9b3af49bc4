package org.campaignmetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.metrics.cohort.Cohorts;
import org.campaignmetrics.metrics.retention.Retention;
import org.campaignmetrics.metrics.retention.Windows;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.spark.Frames;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention rules on table-literal fixtures (docs/metrics.md). Campaign "c": start
 * 2021-09-01T00:00:00Z, end E = 2021-09-30T00:00:00Z; month windows k: [E+(k−1)mo, E+k mo).
 */
class RetentionTest extends SparkTestBase {
  private static final String START = "2021-09-01T00:00:00Z";
  private static final String END = "2021-09-30T00:00:00Z";

  /** users: a header line naming some columns of {@code users} (the rest null), then the rows. */
  private static Dataset<Row> users(String header, String... rows) {
    return Tables.of(spark, Users.SCHEMA, header, rows);
  }

  /**
   * edits: a header line naming some columns of {@code edits}, then the rows; revision ids 1, 2, …
   * in row order, a content page when the namespace is 0, one byte added, nothing reverted.
   */
  private static Dataset<Row> edits(String header, String... rows) {
    List<Row> numbered = new ArrayList<>();
    long revision = 1;
    for (Row row : Tables.rows(Edits.SCHEMA, Map.of(Edits.REVISION_ID, 0L, Edits.USER_NAME, "x",
        Edits.USER_IS_ANONYMOUS, false, Edits.USER_IS_TEMPORARY, false, Edits.USER_IS_BOT, false, Edits.PAGE_ID, 1L,
        Edits.IS_PAGE_CREATION, false, Edits.BYTES_DIFF, 1L, Edits.IS_REVERTED, false), header, rows)) {
      Object[] values = new Object[row.size()];
      for (int i = 0; i < row.size(); i++) {
        values[i] = row.get(i);
      }
      values[Edits.SCHEMA.fieldIndex(Edits.REVISION_ID)] = revision++;
      values[Edits.SCHEMA.fieldIndex(Edits.PAGE_NAMESPACE_IS_CONTENT)] =
          row.<Integer>getAs(Edits.PAGE_NAMESPACE) == 0;
      numbered.add(RowFactory.create(values));
    }
    return spark.createDataFrame(numbered, Edits.SCHEMA);
  }

  private static Dataset<Row> listed(String... names) {
    List<Row> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(RowFactory.create("c", name, "config", false, null));
    }
    return spark.createDataFrame(rows, Participants.LISTED);
  }

  /** The columns the generated fixtures below give. */
  private static final String USERS = "wiki_db user_id user_name user_central_id registration_ts created_by is_bot "
      + "is_temporary";
  private static final String EDITS = "wiki_db user_id event_ts page_namespace page_is_deleted";

  private static Config config(String retention, int minCell, String snapshot) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"" + snapshot + "\"", "history: {path: x}",
        "campaigns:", "  - {id: c, start: \"" + START + "\", end: \"" + END + "\"}",
        "retention: " + retention, "privacy: {min_cell_size: " + minCell + "}"));
  }

  private static Dataset<Row> campaigns() {
    StructType schema = StructType.fromDDL("campaign_id string, campaign_start timestamp, campaign_end timestamp");
    return spark.createDataFrame(List.of(RowFactory.create("c", Instant.parse(START), Instant.parse(END))), schema);
  }

  /** The published table of campaign "c": one row per cohort and k (and wiki). */
  private static Dataset<Row> table(Config config, Dataset<Row> users, Dataset<Row> edits, Dataset<Row> listed,
      String measure, boolean byWiki) {
    Dataset<Row> accounts = Cohorts.accounts(users);
    Dataset<Row> participants = Cohorts.participants(listed, accounts, null, campaigns(),
        config.retention().preregistrationDays(), config.retention().excludeBots(), false);
    Dataset<Row> windows = spark.createDataFrame(Windows.rows(config), Windows.SCHEMA);
    Dataset<Row> activity = Retention.activity(participants, accounts, edits, windows, config.retention());
    return Retention.table(participants, activity, windows, measure, byWiki, config.privacy().minCellSize());
  }

  /** (cohort, measure, k) → row of the published table. */
  private static Map<String, Row> run(Config config, Dataset<Row> users, Dataset<Row> edits, Dataset<Row> listed,
      String measure, boolean byWiki) {
    Map<String, Row> out = new HashMap<>();
    for (Row row : table(config, users, edits, listed, measure, byWiki).collectAsList()) {
      String key = row.getAs("cohort") + "/" + row.getAs("k") + (byWiki ? "/" + row.getAs("wiki_db") : "");
      out.put(key, row);
    }
    return out;
  }

  @Test
  void centralAuthRegistrationDecidesWhoIsNewWhereKnown() {
    // Ann: only an auto-created account read (local rule: not new) but CentralAuth says she registered in the campaign;
    // Bob: a self-created account in the campaign (local rule: new) but CentralAuth says 2015; Cy: no global row
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  system      false   false",
        "enwiki   2        Bob        20               2021-09-05T00:00:00Z  self        false   false",
        "enwiki   3        Cy         30               2021-09-05T00:00:00Z  self        false   false");
    StructType globalSchema = org.campaignmetrics.model.GlobalUsers.SCHEMA;
    Dataset<Row> global = spark.createDataFrame(List.of(
        RowFactory.create(10L, Instant.parse("2021-09-02T00:00:00Z")),
        RowFactory.create(20L, Instant.parse("2015-01-01T00:00:00Z"))), globalSchema);
    Dataset<Row> accounts = Cohorts.accounts(users);
    Map<String, Boolean> newcomer = new HashMap<>();
    for (Row r : Cohorts.participants(listed("Ann", "Bob", "Cy"), accounts, global, campaigns(), 0, true, false)
        .collectAsList()) {
      newcomer.put(r.getAs(Participants.USER_NAME), r.getAs(Participants.IS_NEWCOMER));
    }
    assertEquals(Map.of("Ann", true, "Bob", false, "Cy", true), newcomer);
    Map<String, Boolean> withoutCentral = new HashMap<>();
    for (Row r : Cohorts.participants(listed("Ann", "Bob", "Cy"), accounts, null, campaigns(), 0, true, false)
        .collectAsList()) {
      withoutCentral.put(r.getAs(Participants.USER_NAME), r.getAs(Participants.IS_NEWCOMER));
    }
    assertEquals(Map.of("Ann", false, "Bob", true, "Cy", true), withoutCentral);
  }

  private static long retained(Map<String, Row> table, String key) {
    return table.get(key).<Long>getAs("retained");
  }

  /** Ann and Bob, registered on enwiki on 2021-09-05. */
  private static Dataset<Row> annAndBob() {
    return users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  self        false   false",
        "enwiki   2        Bob        20               2021-09-05T00:00:00Z  self        false   false");
  }

  /** Ann's edit at the start of month 3, [2021-11-30T00:00, 2021-12-30T00:00), Bob's at its end. */
  private static Dataset<Row> editsAtTheEdgesOfMonth3() {
    return edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-11-30T00:00:00Z  0               false",
        "enwiki   2        2021-12-30T00:00:00Z  0               false");
  }

  /**
   * The job keeps participants and activity as checkpoints (spark/Frames) and counts over the
   * windows the activity was made from. Without adaptive execution ({@code --conf
   * spark.sql.adaptive.enabled=false}) the checkpoint kept the windows' attribute ids and Spark's
   * analyser failed on the counts' join: "Failure when resolving conflicting references in Join …
   * Conflicting attributes: k" (failed before Frames gave a kept frame's columns new ids).
   */
  @Test
  void keptFramesCountWithoutAdaptiveExecution() {
    Config config = config("{horizons: [4]}", 1, "2026-09");
    Dataset<Row> users = annAndBob();
    Dataset<Row> edits = editsAtTheEdgesOfMonth3();
    String adaptive = spark.conf().get("spark.sql.adaptive.enabled");
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    Dataset<Row> participants = null;
    Dataset<Row> activity = null;
    try {
      Dataset<Row> accounts = Cohorts.accounts(users);
      participants = Frames.keep(Cohorts.participants(listed("Ann", "Bob"), accounts, null, campaigns(), 0, true,
          false));
      Dataset<Row> windows = spark.createDataFrame(Windows.rows(config), Windows.SCHEMA);
      activity = Frames.keep(Retention.activity(participants, accounts, edits, windows, config.retention()));
      Map<String, Long> retained = new HashMap<>();
      for (Row row : Retention.counts(participants, activity, windows, Windows.CURVE, false).collectAsList()) {
        retained.put(row.getAs("cohort") + "/" + row.getAs("k"), row.getAs("retained"));
      }
      assertEquals(1L, retained.get("all/3"));
      assertEquals(1L, retained.get("all/4"));
      assertEquals(0L, retained.get("all/2"));
    } finally {
      Frames.release(participants);
      Frames.release(activity);
      spark.conf().set("spark.sql.adaptive.enabled", adaptive);
    }
  }

  @Test
  void anEditAtAWindowsStartBelongsToItAndOneAtItsEndToTheNext() {
    Config config = config("{horizons: [4]}", 1, "2026-09");
    Dataset<Row> users = annAndBob();
    Dataset<Row> edits = editsAtTheEdgesOfMonth3();
    Map<String, Row> curve = run(config, users, edits, listed("Ann", "Bob"), Windows.CURVE, false);
    assertEquals(1, retained(curve, "all/3"));
    assertEquals(1, retained(curve, "all/4"));
    assertEquals(0, retained(curve, "all/2"));
    assertEquals(Instant.parse("2021-11-30T00:00:00Z"), curve.get("all/3").getAs("window_start"));
  }

  @Test
  void newcomersRegisterBetweenStartMinusTheDaysAndTheEndInclusive() {
    Config config = config("{horizons: [1], preregistration_days: 14}", 1, "2026-09");
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name     user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        AtFirstDay    1                2021-08-18T00:00:00Z  self        false   false",
        "enwiki   2        TooEarly      2                2021-08-17T23:59:59Z  self        false   false",
        "enwiki   3        AtEnd         3                2021-09-30T00:00:00Z  peer        false   false",
        "enwiki   4        AfterEnd      4                2021-09-30T00:00:01Z  self        false   false",
        "enwiki   5        OnlyAutoMade  5                2021-09-10T00:00:00Z  system      false   false",
        "enwiki   6        NoDate        6                null                  self        false   false");
    Dataset<Row> edits = edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-10-01T00:00:00Z  0               false");
    Dataset<Row> listed = listed("AtFirstDay", "TooEarly", "AtEnd", "AfterEnd", "OnlyAutoMade", "NoDate");
    Map<String, Row> summary = run(config, users, edits, listed, Windows.HORIZON, false);
    assertEquals(2L, summary.get("newcomers/1").<Long>getAs("cohort_size"));
    assertEquals(4L, summary.get("existing/1").<Long>getAs("cohort_size"));
    assertEquals(6L, summary.get("all/1").<Long>getAs("cohort_size"));
    assertEquals(1L, retained(summary, "newcomers/1"));
    // newcomers: AtFirstDay (start − 14 days, inclusive) and AtEnd (the end, inclusive); AfterEnd, TooEarly,
    // the auto-created account and the one without a date are existing
    Tables.assertRows(table(config, users, edits, listed, Windows.HORIZON, false),
        "cohort     k  window_start          window_end            cohort_size  retained  censored  suppressed",
        "newcomers  1  2021-09-30T00:00:00Z  2021-10-30T00:00:00Z  2            1         false     false",
        "existing   1  2021-09-30T00:00:00Z  2021-10-30T00:00:00Z  4            0         false     false",
        "all        1  2021-09-30T00:00:00Z  2021-10-30T00:00:00Z  6            1         false     false");
  }

  @Test
  void oneGlobalAccountAcrossWikisAndBotsTemporaryAndUnknownNamesAreLeftOut() {
    Config config = config("{horizons: [1]}", 1, "2026-09");
    Dataset<Row> users = users(
        "wiki_db      user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "commonswiki  7        Cara       70               2021-09-02T00:00:00Z  self        false   false",
        "enwiki       9        Cara       70               2021-09-20T00:00:00Z  system      false   false",
        "enwiki       3        HelperBot  30               2020-01-01T00:00:00Z  self        true    false",
        "enwiki       4        ~2021-1    40               2021-09-03T00:00:00Z  system      false   true");
    Dataset<Row> edits = edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   9        2021-10-15T00:00:00Z  0               false",
        "enwiki   3        2021-10-15T00:00:00Z  0               false",
        "enwiki   4        2021-10-15T00:00:00Z  0               false");
    Map<String, Row> summary = run(config, users, edits, listed("Cara", "HelperBot", "~2021-1", "Nobody"),
        Windows.HORIZON, false);
    assertEquals(1L, summary.get("all/1").<Long>getAs("cohort_size"), "only Cara is in the cohort");
    assertEquals(1L, summary.get("newcomers/1").<Long>getAs("cohort_size"), "registered on commonswiki in September");
    assertEquals(1L, retained(summary, "newcomers/1"), "her edit on another wiki counts");
    Map<String, Row> byWiki = run(config, users, edits, listed("Cara"), Windows.HORIZON, true);
    assertEquals(1L, retained(byWiki, "newcomers/1/enwiki"));
  }

  @Test
  void aWindowEndingAfterTheDataHorizonIsCensoredNeverZero() {
    // snapshot 2021-12: H = 2022-01-01T00:00; month 3 ends 2021-12-30 (published), month 4 ends 2022-01-30
    Config config = config("{horizons: [3, 4]}", 1, "2021-12");
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  self        false   false");
    Map<String, Row> summary = run(config, users, edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-10-05T00:00:00Z  0               false"),
        listed("Ann"), Windows.HORIZON, false);
    assertEquals(false, summary.get("all/3").getAs("censored"));
    assertEquals(0L, retained(summary, "all/3"));
    assertEquals(0.0, summary.get("all/3").<Double>getAs("rate"));
    assertEquals(true, summary.get("all/4").getAs("censored"));
    assertNull(summary.get("all/4").getAs("retained"));
    assertNull(summary.get("all/4").getAs("rate"));
    assertEquals(false, summary.get("all/4").getAs("suppressed"));
  }

  @Test
  void countsBelowTheMinimumCellSizeAreSuppressed() {
    Config config = config("{horizons: [1]}", 5, "2026-09");
    List<String> userRows = new ArrayList<>();
    List<String> editRows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      userRows.add("enwiki  " + i + "  P" + i + "  " + (100 + i) + "  2021-09-05T00:00:00Z  self  false  false");
      names.add("P" + i);
      if (i <= 4) {
        editRows.add("enwiki  " + i + "  2021-10-10T00:00:00Z  0  false");
      }
    }
    Map<String, Row> four = run(config, users(USERS, userRows.toArray(new String[0])),
        edits(EDITS, editRows.toArray(new String[0])), listed(names.toArray(new String[0])), Windows.HORIZON, false);
    assertEquals(9L, four.get("all/1").<Long>getAs("cohort_size"));
    assertNull(four.get("all/1").getAs("retained"), "4 < 5 is suppressed");
    assertNull(four.get("all/1").getAs("rate"));
    assertEquals(true, four.get("all/1").getAs("suppressed"));

    editRows.add("enwiki  5  2021-10-10T00:00:00Z  0  false");
    Map<String, Row> five = run(config, users(USERS, userRows.toArray(new String[0])),
        edits(EDITS, editRows.toArray(new String[0])), listed(names.toArray(new String[0])), Windows.HORIZON, false);
    assertEquals(5L, retained(five, "all/1"), "5 is published");
    assertEquals(5.0 / 9, five.get("all/1").<Double>getAs("rate"), 1e-12);
    assertEquals(false, five.get("all/1").getAs("suppressed"));
    assertEquals(0L, retained(five, "existing/1"), "zero is published as zero");
  }

  /**
   * min_edits counts a person's edits on every wiki for "any wiki" and only that wiki's edits by wiki
   * (docs/metrics.md "Counts"): one edit on each of two wikis is active on any wiki, on neither wiki.
   */
  @Test
  void minimumEditsAddUpOverWikisOnlyForAnyWiki() {
    Config config = config("{horizons: [1], min_edits: 2}", 1, "2026-09");
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  self        false   false",
        "dewiki   7        Ann        10               2021-09-06T00:00:00Z  system      false   false",
        "enwiki   2        Bob        20               2021-09-05T00:00:00Z  self        false   false",
        "enwiki   3        Cy         30               2021-09-05T00:00:00Z  self        false   false");
    Dataset<Row> edits = edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-10-01T00:00:00Z  0               false",
        "dewiki   7        2021-10-02T00:00:00Z  0               false",
        "enwiki   2        2021-10-01T00:00:00Z  0               false",
        "enwiki   2        2021-10-29T23:59:59Z  0               false",
        "enwiki   3        2021-10-01T00:00:00Z  0               false",
        "enwiki   3        2021-10-30T00:00:00Z  0               false");
    // month 1 is [2021-09-30, 2021-10-30): Ann one edit on enwiki, one on dewiki; Bob two on enwiki, the
    // last a second before the window ends; Cy one in it, one at the first instant after it
    Map<String, Row> summary = run(config, users, edits, listed("Ann", "Bob", "Cy"), Windows.HORIZON, false);
    assertEquals(2L, retained(summary, "all/1"), "Ann (1 + 1 on two wikis) and Bob (2 on one)");
    Map<String, Row> byWiki = run(config, users, edits, listed("Ann", "Bob", "Cy"), Windows.HORIZON, true);
    assertEquals(1L, retained(byWiki, "all/1/enwiki"), "Bob only: Ann has one enwiki edit");
    assertEquals(null, byWiki.get("all/1/dewiki"), "nobody has two dewiki edits: no row");
  }

  @Test
  void activityFiltersAndMinimumEdits() {
    Config config = config("{horizons: [1], namespaces: content, include_deleted: false, min_edits: 2}", 1, "2026-09");
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  self        false   false",
        "enwiki   2        Bob        20               2021-09-05T00:00:00Z  self        false   false");
    Dataset<Row> edits = edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-10-01T00:00:00Z  0               false",
        "enwiki   1        2021-10-02T00:00:00Z  0               false",
        "enwiki   2        2021-10-01T00:00:00Z  0               false",
        "enwiki   2        2021-10-02T00:00:00Z  1               false",
        "enwiki   2        2021-10-03T00:00:00Z  0               true");
    Map<String, Row> summary = run(config, users, edits, listed("Ann", "Bob"), Windows.HORIZON, false);
    assertEquals(1L, retained(summary, "all/1"), "Bob has one counting edit (talk page and deleted page left out)");

    Config onlyCommons = config("{horizons: [1], wikis: [commonswiki]}", 1, "2026-09");
    Dataset<Row> commonsEdit = edits(
        "wiki_db      user_id  event_ts              page_namespace  page_is_deleted",
        "commonswiki  5        2021-10-01T00:00:00Z  6               false",
        "enwiki       1        2021-10-01T00:00:00Z  0               false");
    Dataset<Row> both = users(
        "wiki_db      user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki       1        Ann        10               2021-09-05T00:00:00Z  self        false   false",
        "commonswiki  5        Bob        20               2021-09-05T00:00:00Z  self        false   false");
    Map<String, Row> commons = run(onlyCommons, both, commonsEdit, listed("Ann", "Bob"), Windows.HORIZON, false);
    assertEquals(1L, retained(commons, "all/1"), "with wikis: [commonswiki] Ann's enwiki edit does not count");
  }

  @Test
  void aPersonInTwoCampaignsOfASeriesCountsOnceAtTheFirstInTheRollup() {
    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2021-12\"", "history: {path: x}",
        "campaigns:",
        "  - {id: a, series: S, country: IN, start: \"2021-09-01\", end: \"2021-09-30\"}",
        "  - {id: b, series: S, country: DE, start: \"2021-10-01\", end: \"2021-10-31\"}",
        "retention: {horizons: [1, 2]}", "privacy: {min_cell_size: 1}"));
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Xena       10               2021-09-05T00:00:00Z  self        false   false",
        "enwiki   2        Yuri       20               2020-01-01T00:00:00Z  self        false   false");
    // Xena active in October (month 1 after a), Yuri active in November (month 1 after b)
    Dataset<Row> edits = edits(
        "wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-10-10T00:00:00Z  0               false",
        "enwiki   2        2021-11-10T00:00:00Z  0               false");
    List<Row> listedRows = List.of(RowFactory.create("a", "Xena", "config", false, null), RowFactory.create("b", "Xena", "config", false, null),
        RowFactory.create("b", "Yuri", "config", false, null));
    Dataset<Row> listed = spark.createDataFrame(listedRows, Participants.LISTED);
    StructType schema = StructType.fromDDL(
        "campaign_id string, series string, country string, campaign_start timestamp, campaign_end timestamp");
    Dataset<Row> campaigns = spark.createDataFrame(List.of(
        RowFactory.create("a", "S", "IN", Instant.parse("2021-09-01T00:00:00Z"), Instant.parse("2021-09-30T00:00:00Z")),
        RowFactory.create("b", "S", "DE", Instant.parse("2021-10-01T00:00:00Z"), Instant.parse("2021-10-31T00:00:00Z"))),
        schema);
    Dataset<Row> accounts = Cohorts.accounts(users);
    Dataset<Row> participants = Cohorts.participants(listed, accounts, null,
        campaigns.select("campaign_id", "campaign_start", "campaign_end"), 0, true, false);
    Dataset<Row> windows = spark.createDataFrame(Windows.rows(config), Windows.SCHEMA);
    Dataset<Row> activity = Retention.activity(participants, accounts, edits, windows, config.retention());
    Map<String, Row> rows = new HashMap<>();
    for (boolean byCountry : new boolean[] {false, true}) {
      for (Row row : Retention.rollup(participants, activity, windows,
          campaigns.select("campaign_id", "series", "country", "campaign_start"), byCountry, 1).collectAsList()) {
        rows.put(row.getAs("series") + "/" + row.getAs("country") + "/" + row.getAs("cohort") + "/" + row.getAs("k"),
            row);
      }
    }
    assertEquals(2L, rows.get("S/null/all/1").<Long>getAs("cohort_size"), "Xena once, Yuri once");
    assertEquals(1L, rows.get("S/null/newcomers/1").<Long>getAs("cohort_size"), "Xena, new at a (her first)");
    assertEquals(2L, rows.get("S/null/all/1").<Long>getAs("retained"), "Xena at a's month 1, Yuri at b's");
    assertEquals(false, rows.get("S/null/all/1").getAs("censored"));
    // b's month 2 ends 2021-12-31T23:59:59 (its end, a date alone, is the day's last second) < H = 2022-01-01;
    // a's too: not censored
    assertEquals(false, rows.get("S/null/all/2").getAs("censored"));
    assertEquals(1L, rows.get("S/IN/all/1").<Long>getAs("cohort_size"));
    assertEquals(2L, rows.get("S/DE/all/1").<Long>getAs("cohort_size"), "in DE Xena's first campaign is b");
    assertEquals(1L, rows.get("S/DE/all/1").<Long>getAs("retained"), "Xena is not active in b's month 1");
    // in IN the only person, Xena, is new: the existing cohort is empty and published as zeros, as in the summary
    Row empty = rows.get("S/IN/existing/1");
    assertEquals(0L, empty.<Long>getAs("cohort_size"), "an empty cohort is a row");
    assertEquals(0L, empty.<Long>getAs("retained"));
    assertEquals(false, empty.getAs("suppressed"));
    assertEquals(18, rows.size(), "(series, series × IN, series × DE) × 3 cohorts × 2 horizons");
  }

  @Test
  void windowsByModeAndAWindowEndingOneSecondAfterTheHorizonIsCensored() {
    Config month = ConfigLoader.parse(String.join("\n", "snapshot: \"2021-12\"", "history: {path: x}",
        "campaigns:", "  - {id: c, start: \"2021-08-01\", end: \"2021-09-01T00:00:01Z\"}",
        "  - {id: d, start: \"2021-08-01\", end: \"2021-09-01T00:00:00Z\"}", "retention: {horizons: [4]}"));
    Map<String, Row> byCampaign = new HashMap<>();
    for (Row row : Windows.rows(month)) {
      if (row.getString(1).equals(Windows.HORIZON)) {
        byCampaign.put(row.getString(0), row);
      }
    }
    // H = 2022-01-01T00:00:00Z; c's month 4 ends one second after it, d's exactly at it
    assertEquals(Instant.parse("2022-01-01T00:00:01Z"), byCampaign.get("c").getAs(4));
    assertEquals(true, byCampaign.get("c").getBoolean(5));
    assertEquals(Instant.parse("2022-01-01T00:00:00Z"), byCampaign.get("d").getAs(4));
    assertEquals(false, byCampaign.get("d").getBoolean(5));

    Instant end = Instant.parse("2021-01-31T12:00:00Z");
    Instant[] m = Windows.window(ConfigLoader.parse("snapshot: \"2026-09\"\nhistory: {path: x}\n").retention(), end, 1);
    assertEquals(Instant.parse("2021-01-31T12:00:00Z"), m[0]);
    assertEquals(Instant.parse("2021-02-28T12:00:00Z"), m[1], "calendar months clamp to the month's end");
    Instant[] q = Windows.window(ConfigLoader.parse("snapshot: \"2026-09\"\nhistory: {path: x}\n"
        + "retention: {window: quarter}").retention(), end, 6);
    assertEquals(Instant.parse("2021-04-30T12:00:00Z"), q[0]);
    assertEquals(Instant.parse("2021-07-31T12:00:00Z"), q[1]);
    Instant[] since = Windows.window(ConfigLoader.parse("snapshot: \"2026-09\"\nhistory: {path: x}\n"
        + "retention: {window: since, offset_days: 7}").retention(), end, 3);
    assertEquals(Instant.parse("2021-02-07T12:00:00Z"), since[0]);
    assertEquals(Instant.parse("2021-04-30T12:00:00Z"), since[1]);
  }

  private static int occurrences(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  /**
   * The plan of the activity step on edits read from Parquet, as the job reads them: the edits are
   * scanned once, and joined to the (small) participants and windows by broadcast, never by a
   * sort-merge join that would shuffle every edit.
   */
  @Test
  void theEditsAreScannedOnceAndJoinedByBroadcastOnly(@TempDir Path dir) {
    Config config = config("{horizons: [3, 6]}", 1, "2026-09");
    Dataset<Row> users = users(
        "wiki_db  user_id  user_name  user_central_id  registration_ts       created_by  is_bot  is_temporary",
        "enwiki   1        Ann        10               2021-09-05T00:00:00Z  self        false   false",
        "dewiki   2        Ann        10               2021-09-06T00:00:00Z  system      false   false");
    String path = dir.resolve("edits/snapshot=2026-09").toString();
    edits("wiki_db  user_id  event_ts              page_namespace  page_is_deleted",
        "enwiki   1        2021-11-30T00:00:00Z  0               false",
        "dewiki   2        2022-01-10T00:00:00Z  0               false")
        .write().partitionBy(Edits.WIKI_DB).parquet(path);
    Dataset<Row> edits = spark.read().parquet(path);
    Dataset<Row> accounts = Cohorts.accounts(users);
    Dataset<Row> participants = Cohorts.participants(listed("Ann"), accounts, null, campaigns(), 0, true, false);
    Dataset<Row> windows = spark.createDataFrame(Windows.rows(config), Windows.SCHEMA);
    // the plan before it runs: once adaptive execution has run it, its text holds the final and the
    // initial plan, each with the scan
    String plan = Retention.activity(participants, accounts, edits, windows, config.retention())
        .queryExecution().executedPlan().toString();
    assertEquals(1, occurrences(plan, "/edits/snapshot=2026-09"), plan);
    assertEquals(0, occurrences(plan, "SortMergeJoin"), plan);
    assertTrue(occurrences(plan, "BroadcastHashJoin") + occurrences(plan, "BroadcastNestedLoopJoin") >= 1, plan);
  }

  /** Listed rows of campaign "c" with their source, whether the account is known, and its central id. */
  private static Dataset<Row> listedFrom(Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(RowFactory.create("c", r[0], r[1], r[2], r[3]));
    }
    return spark.createDataFrame(out, Participants.LISTED);
  }

  @Test
  void aPersonWhoseTwoNamesDisagreeOnNewcomerIsOnceInAllAndOnceInEachCohort() {
    // the counts are one aggregation over activity (Retention.cells) that counts rows, not distinct
    // people: a person listed under a renamed account's old name (known, central id 5, not in the
    // history read: existing) and under its name in the history (registered in the campaign:
    // newcomer) is in both cohorts, and must still be one person of "all" — cohort size and retained
    Config config = config("{horizons: [3]}", 1, "2026-09");
    Dataset<Row> users = users(USERS, "enwiki 1 Ann 5 2021-09-05T00:00:00Z self false false");
    Dataset<Row> edits = edits(EDITS, "enwiki 1 2021-12-15T00:00:00Z 0 false"); // month 3
    Dataset<Row> listed = listedFrom(new Object[] {"Ann", "config", false, null},
        new Object[] {"Ann Old Name", "campaignevents", true, 5L});
    Tables.assertRows(table(config, users, edits, listed, Windows.HORIZON, false),
        "cohort     k  cohort_size  retained  censored  suppressed",
        "all        3  1            1         false     false",
        "newcomers  3  1            1         false     false",
        "existing   3  1            1         false     false");
    Tables.assertRows(table(config, users, edits, listed, Windows.HORIZON, true),
        "cohort     k  wiki_db  cohort_size  retained",
        "all        3  enwiki   1            1",
        "newcomers  3  enwiki   1            1",
        "existing   3  enwiki   1            1");
  }

  @Test
  void aRegistrantWithAnAccountButNoEditInTheRangeReadStaysInTheCohortAsExisting() {
    // Tried: 15 CampaignEvents registrants, 14 active at month 3, one silent since 2019 (no row in the
    // range read) → was published 14 of 14 (100 %); it is 14 of 15
    Config config = config("{horizons: [3]}", 1, "2026-09");
    List<String> userRows = new ArrayList<>();
    List<String> editRows = new ArrayList<>();
    List<Object[]> listedRows = new ArrayList<>();
    for (int i = 1; i <= 14; i++) {
      userRows.add("enwiki " + i + " Active" + i + " " + (100 + i) + " 2021-09-05T00:00:00Z self false false");
      editRows.add("enwiki " + i + " 2021-12-15T00:00:00Z 0 false"); // month 3 = [2021-11-30, 2021-12-30)
      listedRows.add(new Object[] {"Active" + i, "campaignevents", true, 100L + i});
    }
    listedRows.add(new Object[] {"Silent Since 2019", "campaignevents", true, 999L});
    Dataset<Row> users = users(USERS, userRows.toArray(String[]::new));
    Dataset<Row> edits = edits(EDITS, editRows.toArray(String[]::new));
    Dataset<Row> listed = listedFrom(listedRows.toArray(Object[][]::new));
    Tables.assertRows(table(config, users, edits, listed, Windows.HORIZON, false),
        "cohort     k  cohort_size  retained  rate                censored  suppressed",
        "all        3  15           14        0.9333333333333333  false     false",
        "newcomers  3  14           14        1.0                 false     false",
        "existing   3  1            0         0.0                 false     false");
    Row silent = Cohorts.participants(listed, Cohorts.accounts(users), null, campaigns(), 0, true, false)
        .where("user_name = 'Silent Since 2019'").first();
    assertEquals("account", silent.getAs(Participants.MATCH_STATUS));
    assertEquals("c:999", silent.getAs(Participants.PERSON_KEY));
    assertEquals(false, silent.getAs(Participants.IS_NEWCOMER));
    assertEquals(true, silent.getAs(Participants.IN_COHORT));
  }

  @Test
  void aPlainNameFoundNowhereIsUnverifiedUnlessEveryAccountWasReadThenUnmatched() {
    Dataset<Row> users = users(USERS, "enwiki 1 Ann 10 2021-09-05T00:00:00Z self false false");
    Dataset<Row> listed = listedFrom(
        new Object[] {"Ann", "file", false, null},
        new Object[] {"Nobody Known", "file", false, null},
        new Object[] {"Uploader Only", "commons_category", true, null},
        new Object[] {"192.0.2.7", "file", false, null});
    for (boolean everyAccount : new boolean[] {false, true}) {
      Tables.assertRows(Cohorts.participants(listed, Cohorts.accounts(users), null, campaigns(), 0, true, everyAccount)
              .orderBy("user_name"),
          "user_name      person_key       matched  match_status                                  in_cohort",
          "192.0.2.7      null             false    unmatched                                     false",
          "Ann            c:10             true     history                                       true",
          "\"Nobody Known\"   null             false    " + (everyAccount ? "unmatched " : "unverified") + "  false",
          "\"Uploader Only\"  \"n:Uploader Only\"  true     account                                       true");
    }
  }

  @Test
  void campaignCountsAreDistinctPeopleAndUnverifiedApartFromUnmatched() {
    Dataset<Row> users = users(USERS,
        "enwiki 1 Ann 10 2021-09-05T00:00:00Z self false false",
        "enwiki 2 HelperBot 20 2020-01-01T00:00:00Z self true false");
    // Ann in the list and in the Commons category: one person; HelperBot twice: one bot
    Dataset<Row> listed = listedFrom(
        new Object[] {"Ann", "file", false, null},
        new Object[] {"Ann", "commons_category", true, null},
        new Object[] {"HelperBot", "file", false, null},
        new Object[] {"HelperBot", "config", false, null},
        new Object[] {"Nobody Known", "file", false, null},
        new Object[] {"192.0.2.7", "file", false, null});
    Dataset<Row> participants = Cohorts.participants(listed, Cohorts.accounts(users), null, campaigns(), 0, true, false);
    Tables.assertRows(participants.where("user_name = 'Ann'"),
        "user_name  source                 match_status",
        "Ann        commons_category,file  history");
    Tables.assertRows(org.campaignmetrics.metrics.cohort.CampaignCounts.withCounts(
            campaigns().select("campaign_id"), participants),
        "campaign_id  participants_listed  participants_unmatched  participants_unverified  participants_bots",
        "c            4                    1                       1                        1");
  }

  @Test
  void aNameHeldByTwoCentralIdsTakesTheLowestOnEveryRun() {
    StructType central = StructType.fromDDL("user_central_id bigint, user_name string");
    Dataset<Row> names = spark.createDataFrame(List.of(RowFactory.create(30L, "Twice"), RowFactory.create(7L, "Twice"),
        RowFactory.create(9L, "Once")), central);
    Dataset<Row> users = users(USERS, "enwiki 1 Twice null 2021-09-05T00:00:00Z self false false",
        "dewiki 4 Twice null 2021-09-05T00:00:00Z self false false", "enwiki 2 Once null 2021-09-05T00:00:00Z self false false");
    for (int run = 0; run < 3; run++) {
      Tables.assertRows(Cohorts.withCentralIds(users.repartition(3), Cohorts.centralByName(names.repartition(2))).orderBy("wiki_db", "user_id"),
          "wiki_db  user_id  user_central_id",
          "dewiki   4        7",
          "enwiki   1        7",
          "enwiki   2        9");
    }
  }

  @Test
  void aWindowPastTheHistoryReadIsCensoredNotAZero() {
    // Tried: history.to 2026-07-01, a campaign ending 12 May 2026 → month 3 was published retained = 0,
    // censored = false. Months: 1 = [05-12, 06-12), 2 = [06-12, 07-12), 3 = [07-12, 08-12)
    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history: {path: x}",
        "campaigns:", "  - {id: c, start: \"2026-05-01T00:00:00Z\", end: \"2026-05-12T00:00:00Z\"}",
        "retention: {horizons: [1, 2, 3, 6]}", "privacy: {min_cell_size: 1}"));
    org.campaignmetrics.model.HistoryCoverage read = new org.campaignmetrics.model.HistoryCoverage(
        Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z"), null, null, false);
    Dataset<Row> users = users(USERS, "enwiki 1 Ann 10 2026-05-05T00:00:00Z self false false");
    Dataset<Row> edits = edits(EDITS, "enwiki 1 2026-05-20T00:00:00Z 0 false");
    Dataset<Row> accounts = Cohorts.accounts(users);
    StructType schema = StructType.fromDDL("campaign_id string, campaign_start timestamp, campaign_end timestamp");
    Dataset<Row> campaign = spark.createDataFrame(List.of(RowFactory.create("c", Instant.parse("2026-05-01T00:00:00Z"),
        Instant.parse("2026-05-12T00:00:00Z"))), schema);
    Dataset<Row> participants = Cohorts.participants(listed("Ann"), accounts, null, campaign, 0, true, false);
    Dataset<Row> windows = spark.createDataFrame(Windows.rows(config, read), Windows.SCHEMA);
    Dataset<Row> activity = Retention.activity(participants, accounts, edits, windows, config.retention());
    Tables.assertRows(Retention.table(participants, activity, windows, Windows.HORIZON, false, 1)
            .where("cohort = 'all'"),
        "k  window_end            cohort_size  retained  rate  censored  censored_because",
        "1  2026-06-12T00:00:00Z  1            1         1.0   false     null",
        "2  2026-07-12T00:00:00Z  1            null      null  true      history_not_read",
        "3  2026-08-12T00:00:00Z  1            null      null  true      history_not_read",
        "6  2026-11-12T00:00:00Z  1            null      null  true      window_open");
  }

  @Test
  void byWikiRowsOfASuppressedCohortOrACensoredWindowAreNotPublished() {
    // snapshot 2021-11: month 1 = [09-30, 10-30) is closed, month 2 ends 11-30 ≤ H = 12-01, month 3 is open
    Config config = config("{horizons: [1, 3]}", 2, "2021-11");
    Dataset<Row> users = users(USERS,
        "enwiki 1 Ann 10 2021-09-05T00:00:00Z self false false",
        "enwiki 2 Bob 20 2015-01-01T00:00:00Z self false false",
        "enwiki 3 Cy 30 2015-01-01T00:00:00Z self false false");
    Dataset<Row> edits = edits(EDITS,
        "enwiki 1 2021-10-05T00:00:00Z 0 false", "enwiki 2 2021-10-06T00:00:00Z 0 false",
        "enwiki 3 2021-10-07T00:00:00Z 0 false");
    // cohorts at k = 2: all 3, existing 2 (Bob, Cy), newcomers 1 (Ann): suppressed
    Tables.assertRows(Retention.publishedByWiki(table(config, users, edits, listed("Ann", "Bob", "Cy"),
            Windows.HORIZON, true)),
        "cohort    k  wiki_db  retained  censored",
        "all       1  enwiki   3         false",
        "existing  1  enwiki   2         false");
  }
}
