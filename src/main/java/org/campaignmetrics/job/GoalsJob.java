package org.campaignmetrics.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.metrics.goals.ContributionSummary;
import org.campaignmetrics.metrics.goals.Eligibility;
import org.campaignmetrics.metrics.goals.GoalOutcomes;
import org.campaignmetrics.metrics.goals.GoalProgress;
import org.campaignmetrics.model.CampaignEventsStats;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.model.EventContributionSummary;
import org.campaignmetrics.model.EventGoalProgress;
import org.campaignmetrics.model.Events;
import org.campaignmetrics.model.GoalOutcomesBy;
import org.campaignmetrics.sink.Outputs;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.spark.Frames;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.source.campaignevents.CampaignEventsInput;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the goals half: CampaignEvents tables → events, event_contribution_summary,
 * event_goal_progress, goal_outcomes_by_* and campaignevents_stats. Rows of the {@code all}
 * visibility and the organizer report are written only with {@code privacy.internal_outputs}, and only
 * to the internal tree ({@code <warehouse>/internal/}): the public tables are the same either way.
 */
public final class GoalsJob {
  private static final Logger LOG = LoggerFactory.getLogger(GoalsJob.class);

  private GoalsJob() {}

  /** What {@code goals} and {@code run} print. */
  public record Summary(List<String> lines) {}

  public static CampaignEventsSource.Data read(SparkSession spark, Config config) {
    // a table of 10,000 rows or more is not held in its plan: staged as Parquet files under the
    // snapshot's _tmp/ while a command publishes (spark/Frames.ofRows; job/SnapshotLock.publishing
    // says where), kept elsewhere; the caller gives them back (Data.release)
    return CampaignEventsSource.read(spark, config.campaignevents());
  }

  /**
   * The config a retention run uses, and the CentralAuth accounts of its event registrants (or null),
   * read from {@code kept} (or null): {@link #release} it after retention.
   */
  public record WithEvents(Config config, Dataset<Row> centralAccounts, Dataset<Row> kept) {
    public WithEvents(Config config) {
      this(config, null, null);
    }

    /** Gives back what the registrants are read from (a cached frame); nothing without events as campaigns. */
    public void release() {
      Frames.release(kept);
    }
  }

  /**
   * With {@code campaigns_from: campaignevents}: the config with every kept event as a campaign,
   * and the registrants' central accounts; otherwise the config as it is.
   */
  public static WithEvents withEventCampaigns(Config config, CampaignEventsSource.Data data) {
    if (!config.campaignsFromEvents()) {
      return new WithEvents(config);
    }
    EventCampaigns.Result events = interpretedIfSmall(data,
        () -> EventCampaigns.of(data, config.campaignevents().disallowedCountries()));
    return new WithEvents(config.withCampaigns(events.campaigns()), events.registrants(), events.kept());
  }

  /** {@code goals}: reads the CampaignEvents tables, then {@link #run(SparkSession, Config, Warehouse, CampaignEventsSource.Data)}. */
  public static Summary run(SparkSession spark, Config config) {
    if (config.campaignevents() == null) {
      throw new ConfigException("campaignevents: the config has no campaignevents section (source: files with path, "
          + "or source: jdbc with url)");
    }
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return SnapshotLock.publishing(warehouse, config, "goals", () -> {
      CampaignEventsSource.Data data = read(spark, config);
      try {
        return run(spark, config, warehouse, data);
      } finally {
        data.release();
      }
    });
  }

  /** The goals half over tables already read (interpreted when they are small: {@link #interpretedIfSmall}). */
  public static Summary run(SparkSession spark, Config config, Warehouse warehouse, CampaignEventsSource.Data data) {
    return interpretedIfSmall(data, () -> compute(spark, config, warehouse, data));
  }

  /**
   * {@code work} with Spark's code generation off (spark/Frames.interpreted) when every CampaignEvents
   * table read has fewer than {@link Frames#KEEP_ROWS} rows: then compiling each short plan costs
   * more than running it (the sample's goals: 5–6 s → 4–5 s). Over larger tables generated code wins
   * (bench/goals.sh, 1,000,000 contributions: 33–34 s with it, 41 s without).
   */
  static <T> T interpretedIfSmall(CampaignEventsSource.Data data, java.util.function.Supplier<T> work) {
    int rows = CampaignEventsStats.SCHEMA.fieldIndex(CampaignEventsStats.ROWS);
    boolean small = data.stats().stream().allMatch(r -> r.getLong(rows) < Frames.KEEP_ROWS);
    return small ? Frames.interpreted(data.events().sparkSession(), work) : work.get();
  }

  private static Summary compute(SparkSession spark, Config config, Warehouse warehouse,
      CampaignEventsSource.Data data) {
    long started = System.nanoTime();
    String snapshot = config.snapshotText();
    boolean internal = config.privacy().internalOutputs();
    List<String> disallowed = config.campaignevents().disallowedCountries();
    // no public output names these countries: CampaignEvents' disallowed ones, and the protected
    java.util.TreeSet<String> both = new java.util.TreeSet<>(disallowed);
    both.addAll(config.privacy().protectedCountries());
    List<String> unnamed = List.copyOf(both);

    Progress.step(spark, "goals: contributions, goal progress and outcomes");
    Dataset<Row> events = Frames.keep(Eligibility.events(data.events(), disallowed).orderBy("event_id"));
    // the public tables never count private registrants, whatever internal_outputs says; their
    // twins with visibility all too are computed apart and go to the internal tree
    Dataset<Row> summary = Frames.keep(ContributionSummary.summary(events, data.contributions(), data.participants(),
        false).orderBy(col("event_id"), col("visibility").desc()));
    Dataset<Row> evaluated = Frames.keep(GoalProgress.table(summary, data.goals()));
    Dataset<Row> progress = Frames.keep(GoalProgress.withEventChecks(evaluated, events));

    Map<String, Dataset<Row>> outputs = new LinkedHashMap<>();
    outputs.put(Events.NAME, Columns.select(Eligibility.published(events, unnamed), Events.SCHEMA));
    outputs.put(EventContributionSummary.NAME, Columns.select(summary, EventContributionSummary.SCHEMA));
    outputs.put(EventGoalProgress.NAME, Columns.select(progress, EventGoalProgress.SCHEMA));
    for (String dimension : GoalOutcomesBy.DIMENSIONS) {
      outputs.put(GoalOutcomesBy.name(dimension), Columns.select(
          GoalOutcomes.report(dimension, progress, events, unnamed), GoalOutcomesBy.schema(dimension)));
    }
    Outputs.publishAll(warehouse, config, outputs);
    if (internal) {
      Dataset<Row> summaryAll = ContributionSummary.summary(events, data.contributions(), data.participants(), true)
          .orderBy(col("event_id"), col("visibility").desc()).cache();
      Dataset<Row> progressAll = GoalProgress.withEventChecks(GoalProgress.table(summaryAll, data.goals()), events)
          .cache();
      Outputs.internal(warehouse, config, EventContributionSummary.NAME,
          Columns.select(summaryAll, EventContributionSummary.SCHEMA));
      Outputs.internal(warehouse, config, EventGoalProgress.NAME,
          Columns.select(progressAll, EventGoalProgress.SCHEMA));
      for (String dimension : GoalOutcomesBy.DIMENSIONS) {
        Outputs.internal(warehouse, config, GoalOutcomesBy.name(dimension), Columns.select(
            GoalOutcomes.report(dimension, progressAll, events, unnamed), GoalOutcomesBy.schema(dimension)));
      }
      if (config.campaignevents().byOrganizer()) {
        Outputs.internal(warehouse, config, GoalOutcomesBy.name(GoalOutcomesBy.ORGANIZER), Columns.select(
            GoalOutcomes.byOrganizer(progressAll, data.organizers(), data.globalUsers()),
            GoalOutcomesBy.schema(GoalOutcomesBy.ORGANIZER)));
      } else {
        Outputs.dropInternal(warehouse, config, List.of(GoalOutcomesBy.name(GoalOutcomesBy.ORGANIZER)));
      }
      summaryAll.unpersist();
      progressAll.unpersist();
    } else {
      Outputs.dropInternal(warehouse, config, Datasets.internalGoals());
    }

    // the counts of the stats and the console summary, side by side
    Column isPublic = col("visibility").equalTo("public");
    List<List<Row>> counted = Frames.collectTogether(List.of(
        evaluated.agg(count(when(col("error").isNotNull().and(isPublic), lit(1)))),
        events.agg(count(lit(1))),
        progress.agg(count(when(isPublic, lit(1))), count(when(isPublic.and(col("reached")), lit(1))),
            count(when(isPublic.and(not(col(GoalProgress.IN_REPORTS))), lit(1)))),
        ContributionSummary.outcomes(data.contributions(), data.participants()).orderBy("outcome")));
    long goalErrors = counted.get(0).get(0).getLong(0);
    Row goalCounts = counted.get(2).get(0);
    List<Row> stats = new ArrayList<>();
    int table = CampaignEventsStats.SCHEMA.fieldIndex(CampaignEventsStats.TABLE_NAME);
    int outcome = CampaignEventsStats.SCHEMA.fieldIndex(CampaignEventsStats.OUTCOME);
    int count = CampaignEventsStats.SCHEMA.fieldIndex(CampaignEventsStats.ROWS);
    for (Row row : data.stats()) {
      String name = row.getString(table);
      boolean kept = row.getString(outcome).equals("kept");
      if (name.equals(CampaignEventsInput.GOALS.name()) && kept) {
        stats.add(RowFactory.create(name, "kept, goal valid", row.getLong(count) - goalErrors));
        stats.add(RowFactory.create(name, "kept, goal blob not valid (its row has error)", goalErrors));
      } else if (name.equals(CampaignEventsInput.CONTRIBUTIONS.name()) && kept) {
        for (Row byOutcome : counted.get(3)) {
          stats.add(RowFactory.create(name, byOutcome.<String>getAs("outcome"), byOutcome.<Long>getAs("rows")));
        }
      } else {
        stats.add(row);
      }
    }
    Outputs.publish(warehouse, config, CampaignEventsStats.NAME,
        spark.createDataFrame(stats, CampaignEventsStats.SCHEMA));

    List<String> lines = new ArrayList<>();
    long eventCount = counted.get(1).get(0).getLong(0);
    long notCounted = goalCounts.getLong(2);
    lines.add(String.format(Locale.ROOT, "goals %s: %d events kept, %d with a goal (%d reached, %d not valid, "
        + "%d not counted: no contribution tracking or not eligible); %d s", snapshot, eventCount,
        goalCounts.getLong(0), goalCounts.getLong(1), goalErrors, notCounted,
        Math.round((System.nanoTime() - started) / 1e9)));
    lines.add(String.format(Locale.ROOT, "%-8s %-28s %-22s %8s %8s %s", "event", "goal", "primary", "current",
        "percent", "reached"));
    for (Row r : warehouse.read(EventGoalProgress.NAME, snapshot).where(col("visibility").equalTo("public"))
        .orderBy("event_id").collectAsList()) {
      String error = r.getAs("error");
      if (error != null) {
        lines.add(String.format(Locale.ROOT, "%-8d %s%s", r.<Long>getAs("event_id"),
            error.startsWith("not counted") ? "" : "not valid: ", error));
        continue;
      }
      List<Row> metrics = r.getList(r.fieldIndex("metrics"));
      lines.add(String.format(Locale.ROOT, "%-8d %-28s %-22s %8d %7d%% %s", r.<Long>getAs("event_id"),
          r.<String>getAs("operator") + " of " + metrics.size() + " metric(s)", r.<String>getAs("primary_metric"),
          r.<Long>getAs("primary_current"), r.<Integer>getAs("percent"), r.<Boolean>getAs("reached") ? "yes" : "no"));
    }
    LOG.info("goals: events, event_contribution_summary, event_goal_progress, goal_outcomes_by_{} , "
        + "campaignevents_stats written", String.join("/", GoalOutcomesBy.DIMENSIONS));
    // a session that goes on (a notebook, the tests' shared one) gets its memory back
    List.of(events, summary, evaluated, progress).forEach(Frames::release);
    return new Summary(lines);
  }
}
