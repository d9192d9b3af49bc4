package org.campaignmetrics.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.metrics.cohort.CampaignCounts;
import org.campaignmetrics.metrics.cohort.Cohorts;
import org.campaignmetrics.metrics.privacy.PublicRetention;
import org.campaignmetrics.metrics.retention.Retention;
import org.campaignmetrics.metrics.retention.Windows;
import org.campaignmetrics.model.Campaigns;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.ParticipantRetention;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.RetentionByWiki;
import org.campaignmetrics.model.RetentionCurve;
import org.campaignmetrics.model.RetentionRollup;
import org.campaignmetrics.model.RetentionSummary;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Outputs;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.spark.Frames;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;
import org.campaignmetrics.source.participants.ParticipantLists;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the retention half: staged edits and users + campaigns → retention datasets. */
public final class RetentionJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  private RetentionJob() {}

  /** The short table {@code run} prints: campaign, cohort, size, rate per horizon. */
  public record Summary(List<String> lines) {}

  /** {@code retention}: with {@code campaigns_from: campaignevents}, the events are read and added as campaigns. */
  public static Summary run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return SnapshotLock.publishing(warehouse, config, "retention", () -> {
      if (!config.campaignsFromEvents()) {
        return run(spark, config, warehouse, null);
      }
      CampaignEventsSource.Data data = GoalsJob.read(spark, config);
      try {
        GoalsJob.WithEvents withEvents = GoalsJob.withEventCampaigns(config, data);
        try {
          return run(spark, withEvents.config(), warehouse, withEvents.centralAccounts());
        } finally {
          withEvents.release();
        }
      } finally {
        data.release();
      }
    });
  }

  /**
   * @param config the config with every campaign already in it (events included)
   * @param centralAccounts user_central_id, user_name, registration_ts from CentralAuth (the
   *     CampaignEvents registrants), or null: fills central ids by name and global registrations
   */
  public static Summary run(SparkSession spark, Config config, Warehouse warehouse, Dataset<Row> centralAccounts) {
    long started = System.nanoTime();
    String snapshot = config.snapshotText();
    if (config.campaigns().isEmpty()) {
      throw new ConfigException("campaigns: the config lists no campaigns (and no campaigns_from: campaignevents)");
    }
    if (!warehouse.isComplete(Edits.NAME, snapshot) || !warehouse.isComplete(Users.NAME, snapshot)) {
      throw new IngestException("retention: snapshot " + snapshot + " is not ingested under " + config.warehouse()
          + " (run ingest first, or run)", null);
    }
    // plans over the campaigns' people and their counts are small: interpreted; what scans the staged
    // history (accounts, CentralAuth's global users, the edits) and counts the active people compiled
    // (spark/Frames.interpreted) — unless the history and the lists are small too (smallHistory)
    try (Frames.Codegen small = Frames.interpreted(spark)) {
      return measure(spark, config, warehouse, centralAccounts, snapshot, started);
    }
  }

  private static Summary measure(SparkSession spark, Config config, Warehouse warehouse, Dataset<Row> centralAccounts,
      String snapshot, long started) {
    Progress.step(spark, "retention: cohorts and activity");
    Dataset<Row> campaigns = spark.createDataFrame(campaignRows(config), Campaigns.ATTRIBUTES);
    Dataset<Row> users = warehouse.read(Users.NAME, snapshot);
    Dataset<Row> edits = warehouse.read(Edits.NAME, snapshot);
    // the registrants' names → central ids, aggregated once for the users and the listed names
    Dataset<Row> registrantNames = centralAccounts == null ? null : Frames.keep(Cohorts.centralByName(centralAccounts));
    if (registrantNames != null) {
      users = Cohorts.withCentralIds(users, registrantNames);
    }

    Dataset<Row> accounts;
    Dataset<Row> participants;
    Dataset<Row> listedFrame;
    Dataset<Row> windows;
    Dataset<Row> activity;
    List<Row> listedRows = ParticipantLists.everyone(spark.sparkContext().hadoopConfiguration(), config);
    boolean small = listedRows.size() < Frames.KEEP_ROWS && smallHistory(warehouse, snapshot, SMALL_HISTORY_BYTES);
    if (small) {
      LOG.info("retention: fewer than {} names listed and under {} MB of staged history: every plan interpreted",
          Frames.KEEP_ROWS, SMALL_HISTORY_BYTES >> 20);
    }
    try (Frames.Codegen big = overHistory(spark, small)) {
      accounts = Frames.keep(Cohorts.accounts(users));
      HistoryCoverage coverage = CoverageCheck.read(warehouse, config);
      Dataset<Row> globalUsers = CoverageCheck.sameRun(warehouse, snapshot, GlobalUsers.NAME, coverage)
          ? warehouse.read(GlobalUsers.NAME, snapshot).drop("snapshot") : null;
      // CentralAuth's names (replicas.centralauth): a listed name there has an account, read or not
      Dataset<Row> centralNames = globalUsers == null || !Arrays.asList(globalUsers.columns()).contains(
          GlobalUsers.USER_NAME) ? null
          : globalUsers.select(col(GlobalUsers.USER_CENTRAL_ID), col(GlobalUsers.USER_NAME))
              .where(col(GlobalUsers.USER_NAME).isNotNull());
      if (centralAccounts != null) {
        Dataset<Row> known = centralAccounts.where(col("registration_ts").isNotNull())
            .select(col("user_central_id").as(GlobalUsers.USER_CENTRAL_ID),
                col("registration_ts").as(GlobalUsers.REGISTRATION_TS));
        Dataset<Row> both = globalUsers == null ? known : globalUsers.select(GlobalUsers.USER_CENTRAL_ID,
            GlobalUsers.REGISTRATION_TS).unionByName(known);
        // one registration per central id, the same on every run (CentralAuth gives one anyway)
        globalUsers = both.groupBy(GlobalUsers.USER_CENTRAL_ID).agg(min(GlobalUsers.REGISTRATION_TS)
            .as(GlobalUsers.REGISTRATION_TS));
      }
      CoverageCheck.require(config, coverage, ParticipantLists.namesOf(listedRows));
      // a long list kept at once (Frames.ofRows), as goals keep their long tables: not held in each plan
      listedFrame = Frames.ofRows(spark, listedRows, Participants.LISTED);
      Dataset<Row> listed = listedFrame;
      if (registrantNames != null) {
        listed = Cohorts.withCentralAccounts(listed, registrantNames);
      }
      if (centralNames != null) {
        listed = Cohorts.withCentralAccounts(listed, Cohorts.centralByName(centralNames));
      }
      participants = Frames.keep(Cohorts.participants(listed, accounts, globalUsers,
          campaigns.select("campaign_id", "campaign_start", "campaign_end"),
          config.retention().preregistrationDays(), config.retention().excludeBots(),
          coverage != null && coverage.everyAccount()));
      windows = spark.createDataFrame(Windows.rows(config, coverage), Windows.SCHEMA);
      activity = Frames.keep(Retention.activity(participants, accounts, edits, windows, config.retention()));
    }
    int minCell = config.privacy().minCellSize();

    // campaigns in a protected country are in no public output, not even in a rollup's total
    List<String> left = config.campaigns().stream().filter(c -> config.privacy().isProtected(c.country()))
        .map(CampaignConfig::id).sorted().toList();
    Dataset<Row> published = campaigns.where(not(col(Campaigns.CAMPAIGN_ID).isin(left.toArray())));
    Dataset<Row> publicParticipants = participants.where(not(col(Participants.CAMPAIGN_ID).isin(left.toArray())));
    Dataset<Row> publicWindows = windows.where(not(col(Windows.CAMPAIGN_ID).isin(left.toArray())));
    Dataset<Row> attributes = published.drop("wikis");
    Dataset<Row> rollupInput = published.select("campaign_id", "series", "country", "campaign_start");
    // primary and complementary suppression are decided together over every public table
    Progress.step(spark, "retention: counting cohorts and windows, deciding suppression");
    // the summary, curve and by-wiki counts from one aggregation over activity, the rollups from
    // another: both compiled unless small (they read every active person) and kept (cells, not people)
    Retention.Cells cells;
    Dataset<Row> rollupCells;
    try (Frames.Codegen big = overHistory(spark, small)) {
      Retention.Cells counted = Retention.cells(publicParticipants, activity);
      cells = new Retention.Cells(Frames.keep(counted.retained()), Frames.keep(counted.sizes()));
      rollupCells = Frames.keep(Retention.rollupCounts(publicParticipants, activity, publicWindows, rollupInput));
    }
    PublicRetention.Tables decided = PublicRetention.of(spark, minCell,
        Retention.counts(cells, publicWindows, Windows.HORIZON, false),
        Retention.counts(cells, publicWindows, Windows.CURVE, false),
        Retention.counts(cells, publicWindows, Windows.HORIZON, true)
            .where(col(Windows.CENSORED).equalTo(false)),
        rollupCells,
        CampaignCounts.withCounts(published, publicParticipants),
        config.retention().minEdits() == 1, Frames::collectTogether);
    Dataset<Row> summary = decided.summary()
        .withColumnRenamed(Windows.K, "horizon_months")
        .join(attributes, "campaign_id")
        .transform(rows -> Columns.select(rows, RetentionSummary.SCHEMA))
        .orderBy("campaign_id", "cohort", "horizon_months");
    Dataset<Row> curve = decided.curve()
        .withColumnRenamed(Windows.K, "month")
        .transform(rows -> Columns.select(rows, RetentionCurve.SCHEMA))
        .orderBy("campaign_id", "cohort", "month");
    Dataset<Row> byWiki = decided.byWiki()
        .transform(Retention::publishedByWiki)
        .withColumnRenamed(Windows.K, "horizon_months")
        .transform(rows -> Columns.select(rows, RetentionByWiki.SCHEMA))
        .orderBy("campaign_id", "cohort", "horizon_months", "wiki_db");
    Dataset<Row> rollup = decided.rollup()
        .withColumnRenamed(Windows.K, "horizon_months")
        .transform(rows -> Columns.select(rows, RetentionRollup.SCHEMA))
        .orderBy(col("series"), col("country").asc_nulls_first(), col("cohort"), col("horizon_months"));

    Progress.step(spark, "retention: writing outputs");
    Map<String, Dataset<Row>> outputs = new LinkedHashMap<>();
    outputs.put(RetentionSummary.NAME, summary);
    outputs.put(RetentionRollup.NAME, rollup);
    outputs.put(RetentionCurve.NAME, curve);
    outputs.put(RetentionByWiki.NAME, byWiki);
    outputs.put(Campaigns.NAME, Columns.select(decided.campaigns(), Campaigns.SCHEMA).orderBy(Campaigns.CAMPAIGN_ID));
    Outputs.publishAll(warehouse, config, outputs);
    if (config.privacy().internalOutputs()) {
      Outputs.internal(warehouse, config, Participants.NAME, Columns.select(participants, Participants.PUBLISHED));
      Outputs.internal(warehouse, config, ParticipantRetention.NAME, Retention.perParticipant(participants, activity,
          windows)
          .withColumnRenamed(Windows.K, "horizon_months")
          .transform(rows -> Columns.select(rows, ParticipantRetention.SCHEMA)));
    } else {
      Outputs.dropInternal(warehouse, config, Datasets.INTERNAL_RETENTION);
    }
    LOG.info("retention: {} campaigns — retention_summary, retention_rollup, retention_curve, retention_by_wiki, "
        + "campaigns in {} s",
        config.campaigns().size(), Math.round((System.nanoTime() - started) / 1e9));
    List<String> lines = table(warehouse.read(RetentionSummary.NAME, snapshot).collectAsList(),
        config.retention().horizons());
    if (!left.isEmpty()) {
      lines.add("note: " + left.size() + " campaign(s) in a country of privacy.protected_countries are in no public "
          + "output (nor in any rollup): " + String.join(", ", left));
      LOG.info("retention: {} campaign(s) in protected countries left out of the public outputs", left.size());
    }
    lines.addAll(unverifiedWarning(participants));
    // a session that goes on (run's goals, a notebook, the tests' shared one) gets its memory back
    for (Dataset<Row> kept : Arrays.asList(registrantNames, listedFrame, accounts, participants, activity,
        cells.retained(), cells.sizes(), rollupCells)) {
      Frames.release(kept);
    }
    return new Summary(lines);
  }

  /** The scope of what reads the staged history or every active person: compiled, unless the run is small. */
  private static Frames.Codegen overHistory(SparkSession spark, boolean small) {
    return small ? Frames.interpreted(spark) : Frames.compiled(spark);
  }

  /**
   * Below this many bytes of staged history (the edits' and the accounts' committed files), with
   * fewer than {@link Frames#KEEP_ROWS} names listed, retention runs interpreted throughout: the
   * sample's 1.6 MB took 9 s instead of 12–13 s; at bench/retention.sh 20 (8.8 MB of edits, 50,000
   * names) interpreted was 38.6–40.4 s against 29.3–30.8 s compiled (docs/performance.md).
   */
  static final long SMALL_HISTORY_BYTES = 4L << 20;

  /** Whether the snapshot's staged edits and accounts (their committed files) are under {@code limit} bytes together. */
  static boolean smallHistory(Warehouse warehouse, String snapshot, long limit) {
    long bytes = 0;
    for (String dataset : List.of(Edits.NAME, Users.NAME)) {
      for (Path file : warehouse.committedFiles(dataset, snapshot)) {
        try {
          bytes += warehouse.fs().getFileStatus(file).getLen();
        } catch (IOException e) {
          throw new UncheckedIOException("retention: reading the size of " + file, e);
        }
        if (bytes >= limit) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The run summary's warning about plain names found nowhere (left out of every cohort), per
   * campaign, with how to verify them; empty when there are none.
   */
  static List<String> unverifiedWarning(Dataset<Row> participants) {
    List<Row> counts = participants.where(col(Participants.MATCH_STATUS).equalTo(Participants.STATUS_UNVERIFIED))
        .groupBy(Participants.CAMPAIGN_ID).count().orderBy(Participants.CAMPAIGN_ID).collectAsList();
    if (counts.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    long total = counts.stream().mapToLong(r -> r.getLong(1)).sum();
    lines.add("warning: " + total + " listed name(s) are unverified — in no history read and no account list — and "
        + "left out of the cohorts:");
    for (Row row : counts) {
      lines.add(String.format(Locale.ROOT, "  %-22s %d unverified", row.getString(0), row.getLong(1)));
    }
    lines.add("  Verify them with replicas.centralauth: true, or ingest.every_bucket: true (reads every dump file, so "
        + "users holds every account); privacy.internal_outputs lists them in participants (match_status).");
    LOG.warn("retention: {} listed name(s) unverified (in no history read and no account list), left out", total);
    return lines;
  }

  static List<Row> campaignRows(Config config) {
    List<Row> rows = new ArrayList<>();
    for (CampaignConfig c : config.campaigns()) {
      rows.add(RowFactory.create(c.id(), c.name(), c.series(), c.country(), c.start(), c.end(),
          c.wikis().isEmpty() ? null : String.join(",", c.wikis())));
    }
    return rows;
  }

  /** "campaign  cohort  size  3 mo  6 mo …" with "censored" and "<5" where due. */
  static List<String> table(List<Row> summary, List<Integer> horizons) {
    Map<String, Map<Integer, Row>> byCampaignCohort = new TreeMap<>();
    for (Row row : summary) {
      byCampaignCohort.computeIfAbsent(row.<String>getAs("campaign_id") + "\t" + row.<String>getAs("cohort"),
          k -> new TreeMap<>()).put(row.<Integer>getAs("horizon_months"), row);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s %-10s %6s", "campaign", "cohort", "size"));
    for (int h : horizons) {
      header.append(String.format(Locale.ROOT, " %9s", h + " mo"));
    }
    lines.add(header.toString());
    byCampaignCohort.forEach((key, rows) -> {
      String[] parts = key.split("\t");
      Row any = rows.values().iterator().next();
      Object size = any.getAs("cohort_size");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s %-10s %6s", parts[0], parts[1],
          size == null ? "<" + "min" : size.toString()));
      for (int h : horizons) {
        Row r = rows.get(h);
        String cell;
        if (r == null) {
          cell = "";
        } else if (Boolean.TRUE.equals(r.getAs("censored"))) {
          cell = "censored";
        } else if (r.getAs("rate") == null) {
          cell = "suppressed";
        } else {
          cell = String.format(Locale.ROOT, "%.1f %%", 100 * r.<Double>getAs("rate"));
        }
        line.append(String.format(Locale.ROOT, " %9s", cell));
      }
      lines.add(line.toString());
    });
    return lines;
  }
}
