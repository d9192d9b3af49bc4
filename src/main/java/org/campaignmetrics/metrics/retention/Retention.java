package org.campaignmetrics.metrics.retention;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config.RetentionConfig;
import org.campaignmetrics.metrics.cohort.Cohorts;
import org.campaignmetrics.metrics.privacy.SmallCells;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.Users;

/**
 * Who of each cohort is active in each window, and the counts (docs/metrics.md "Activity",
 * "Windows"). The edits are scanned once: only the accounts of people in some cohort take part
 * in the join, and that small table is broadcast.
 */
public final class Retention {
  public static final String COHORT = "cohort";
  public static final String ALL = "all";
  public static final String NEWCOMERS = "newcomers";
  public static final String EXISTING = "existing";

  private Retention() {}

  /** The edits that count toward retention under the config's activity filters. */
  public static Dataset<Row> filterCountingEdits(Dataset<Row> edits, RetentionConfig retention) {
    Columns.require(edits, Edits.WIKI_DB, Edits.USER_ID, Edits.EVENT_TS, Edits.PAGE_NAMESPACE,
        Edits.PAGE_NAMESPACE_IS_CONTENT, Edits.PAGE_IS_DELETED);
    Dataset<Row> counting = edits;
    if (!retention.wikis().isEmpty()) {
      counting = counting.where(col(Edits.WIKI_DB).isin(retention.wikis().toArray()));
    }
    if (retention.namespaces().equals("content")) {
      counting = counting.where(coalesce(col(Edits.PAGE_NAMESPACE_IS_CONTENT), lit(false)));
    } else if (retention.namespaces().equals("list")) {
      counting = counting.where(col(Edits.PAGE_NAMESPACE).isin(retention.namespaceList().toArray()));
    }
    if (!retention.includeDeleted()) {
      counting = counting.where(not(coalesce(col(Edits.PAGE_IS_DELETED), lit(false))));
    }
    return counting;
  }

  /**
   * One row per (campaign, person, window) where the person is active: campaign_id,
   * person_key, measure, k, wiki_db (null: any wiki), with at least min_edits counting edits.
   */
  public static Dataset<Row> activity(Dataset<Row> participants, Dataset<Row> accounts, Dataset<Row> edits,
      Dataset<Row> windows, RetentionConfig retention) {
    Dataset<Row> members = participants.where(col(Participants.IN_COHORT))
        .select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY)).distinct();
    Dataset<Row> memberAccounts = accounts.select(col(Users.WIKI_DB), col(Users.USER_ID), col(Cohorts.PERSON_KEY))
        .join(members.select(Participants.PERSON_KEY).distinct(), Participants.PERSON_KEY);
    Dataset<Row> personEdits = filterCountingEdits(edits, retention)
        .select(col(Edits.WIKI_DB), col(Edits.USER_ID), col(Edits.EVENT_TS))
        .join(broadcast(memberAccounts), Columns.names(Edits.WIKI_DB, Edits.USER_ID))
        .join(broadcast(members), Participants.PERSON_KEY);
    Dataset<Row> inWindows = personEdits.join(broadcast(windows),
        personEdits.col(Participants.CAMPAIGN_ID).equalTo(windows.col(Windows.CAMPAIGN_ID))
            .and(personEdits.col(Edits.EVENT_TS).geq(windows.col(Windows.WINDOW_START)))
            .and(personEdits.col(Edits.EVENT_TS).lt(windows.col(Windows.WINDOW_END))))
        .drop(windows.col(Windows.CAMPAIGN_ID));
    // each edit counts toward its wiki and toward "any wiki" (wiki_db null)
    Dataset<Row> both = inWindows.withColumn("scope", explode(array(col(Edits.WIKI_DB),
        lit(null).cast("string"))));
    return both.groupBy(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(Windows.MEASURE),
            col(Windows.K), col("scope").as(Edits.WIKI_DB))
        .agg(count(lit(1)).as("edits"))
        .where(col("edits").geq(retention.minEdits()));
  }

  /**
   * Each cohort member once per cohort: campaign_id, person_key, cohort — one row per campaign ×
   * person × cohort (a person whose names disagree on is_newcomer is in both cohorts and once in
   * all), so counting rows counts distinct people.
   */
  static Dataset<Row> cohortMembers(Dataset<Row> participants) {
    Dataset<Row> members = participants.where(col(Participants.IN_COHORT))
        .select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(Participants.IS_NEWCOMER))
        .distinct();
    return withCohorts(members).select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(COHORT))
        .distinct();
  }

  /** Cohort sizes per campaign and cohort (all, newcomers, existing) of {@link #cohortMembers}. */
  static Dataset<Row> cohortSizes(Dataset<Row> cohortMembers) {
    return cohortMembers.groupBy(col(Participants.CAMPAIGN_ID), col(COHORT))
        .agg(count(lit(1)).as(SmallCells.COHORT_SIZE));
  }

  /** Each member once per cohort it belongs to: all, and newcomers or existing. */
  static Dataset<Row> withCohorts(Dataset<Row> members) {
    return members.withColumn(COHORT, explode(array(lit(ALL),
        when(col(Participants.IS_NEWCOMER), lit(NEWCOMERS)).otherwise(lit(EXISTING)))));
  }

  /**
   * Retained counts per campaign × cohort × window (wiki_db null: any wiki), joined to the full
   * grid of cohorts and windows so that zero is a row, censored and suppressed cell by cell. The
   * job publishes {@link #counts} decided by {@code metrics/privacy/PublicRetention} instead
   * (complementary suppression); this is the per-table rule, kept for the tests of the counts.
   */
  public static Dataset<Row> table(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      String measure, boolean byWiki, int minCellSize) {
    return SmallCells.apply(counts(participants, activity, windows, measure, byWiki), minCellSize);
  }

  /** As {@link #table}, raw: cohort_size and retained as counted, censored, nothing suppressed yet. */
  public static Dataset<Row> counts(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      String measure, boolean byWiki) {
    return counts(cells(participants, activity), windows, measure, byWiki);
  }

  /**
   * What every count table of a campaign is read from, aggregated once: {@code retained}, the
   * people of each campaign × cohort × measure × window × wiki_db (null: any wiki) who are active
   * in it — one pass over {@code activity} for the summary, the curve and the by-wiki table
   * together — and {@code sizes}, each campaign × cohort's size. Both are small (their rows are
   * cells, not people); the job keeps them.
   */
  public record Cells(Dataset<Row> retained, Dataset<Row> sizes) {}

  /** The {@link Cells} of {@code activity}. */
  public static Cells cells(Dataset<Row> participants, Dataset<Row> activity) {
    // one row per campaign × person × cohort, and activity has one per campaign × person × window ×
    // wiki: a plain count is the number of distinct people
    Dataset<Row> cohortMembers = cohortMembers(participants);
    Dataset<Row> retained = activity
        .join(broadcast(cohortMembers), Columns.names(Participants.CAMPAIGN_ID, Participants.PERSON_KEY))
        .groupBy(col(Participants.CAMPAIGN_ID), col(COHORT), col(Windows.MEASURE), col(Windows.K),
            col(Edits.WIKI_DB))
        .agg(count(lit(1)).as(SmallCells.RETAINED));
    return new Cells(retained, cohortSizes(cohortMembers));
  }

  /** As {@link #counts(Dataset, Dataset, Dataset, String, boolean)}, from cells aggregated once. */
  public static Dataset<Row> counts(Cells cells, Dataset<Row> windows, String measure, boolean byWiki) {
    Dataset<Row> retained = cells.retained().where(col(Windows.MEASURE).equalTo(measure))
        .where(byWiki ? col(Edits.WIKI_DB).isNotNull() : col(Edits.WIKI_DB).isNull())
        .drop(Windows.MEASURE);
    // every configured campaign × cohort × window is a row: an empty cohort is published as 0
    Dataset<Row> grid = windows.where(col(Windows.MEASURE).equalTo(measure)).drop(Windows.MEASURE)
        .crossJoin(cohorts(windows))
        .join(cells.sizes(), Columns.names(Participants.CAMPAIGN_ID, COHORT), "left")
        .withColumn(SmallCells.COHORT_SIZE, coalesce(col(SmallCells.COHORT_SIZE), lit(0L)));
    Dataset<Row> table;
    if (byWiki) {
      // by wiki only the wikis where someone was active are rows
      table = retained.join(grid, Columns.names(Participants.CAMPAIGN_ID, COHORT, Windows.K));
    } else {
      table = grid.join(retained.drop(Edits.WIKI_DB), Columns.names(Participants.CAMPAIGN_ID, COHORT, Windows.K), "left")
          .withColumn(SmallCells.RETAINED, coalesce(col(SmallCells.RETAINED), lit(0L)));
    }
    return table;
  }

  /**
   * The rows of a by-wiki {@link #table} that may be published: not those of a suppressed cohort
   * (the wikis where someone was active would say something about fewer than k people) nor of a
   * censored window (nothing to say yet).
   */
  public static Dataset<Row> publishedByWiki(Dataset<Row> byWiki) {
    Columns.require(byWiki, SmallCells.COHORT_SIZE, Windows.CENSORED);
    return byWiki.where(col(SmallCells.COHORT_SIZE).isNotNull().and(not(col(Windows.CENSORED))));
  }

  /** The three cohorts, one row each (in the session of {@code any}). */
  private static Dataset<Row> cohorts(Dataset<Row> any) {
    return any.sparkSession().createDataFrame(
        List.of(RowFactory.create(ALL), RowFactory.create(NEWCOMERS), RowFactory.create(EXISTING)),
        new StructType().add(COHORT, DataTypes.StringType, false));
  }

  /**
   * Per person (internal only): each cohort member × horizon, whether active in the window (null
   * when censored).
   */
  public static Dataset<Row> perParticipant(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows) {
    Dataset<Row> members = participants.where(col(Participants.IN_COHORT))
        .select(col(Participants.CAMPAIGN_ID), col(Participants.USER_NAME), col(Participants.PERSON_KEY),
            col(Participants.IS_NEWCOMER));
    Dataset<Row> horizons = windows.where(col(Windows.MEASURE).equalTo(Windows.HORIZON)).drop(Windows.MEASURE);
    Dataset<Row> active = activity.where(col(Windows.MEASURE).equalTo(Windows.HORIZON))
        .where(col(Edits.WIKI_DB).isNull())
        .select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(Windows.K), col("edits"));
    return members.join(horizons, Participants.CAMPAIGN_ID)
        .join(active, Columns.names(Participants.CAMPAIGN_ID, Participants.PERSON_KEY, Windows.K), "left")
        .withColumn("active", when(col(Windows.CENSORED), lit(null).cast(DataTypes.BooleanType))
            .otherwise(col("edits").isNotNull()))
        .withColumn("edits", when(col(Windows.CENSORED), lit(null).cast(DataTypes.LongType))
            .otherwise(coalesce(col("edits"), lit(0L))));
  }

  /**
   * Retention per series ({@code byCountry} false: country null) or per series × country: each
   * person once, at their first campaign of the group (earliest start, then campaign id), which
   * decides their cohort and windows; a horizon is censored if it is for any campaign of the
   * group. Campaigns without a series are in no rollup.
   *
   * @param campaigns campaign_id, series, country, campaign_start
   */
  public static Dataset<Row> rollup(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      Dataset<Row> campaigns, boolean byCountry, int minCellSize) {
    return SmallCells.apply(rollupCounts(participants, activity, windows, campaigns, byCountry), minCellSize);
  }

  /** As {@link #rollup}, raw. */
  public static Dataset<Row> rollupCounts(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      Dataset<Row> campaigns, boolean byCountry) {
    return groupCounts(participants, activity, windows, groups(campaigns, byCountry));
  }

  /**
   * Both rollups, per series and per series × country, as {@link #rollup} has them raw, in one pass
   * over {@code activity} (the union of their rows).
   */
  public static Dataset<Row> rollupCounts(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      Dataset<Row> campaigns) {
    return groupCounts(participants, activity, windows, groups(campaigns, false).unionByName(groups(campaigns, true)));
  }

  /** Each campaign of a series with its group: series, and country or "" (any country) while joining. */
  private static Dataset<Row> groups(Dataset<Row> campaigns, boolean byCountry) {
    // "" stands for "any country" while joining (null never equals null); published as null
    Column country = byCountry ? col("country") : lit("");
    return campaigns.where(col("series").isNotNull())
        .where(byCountry ? col("country").isNotNull() : lit(true))
        .select(col(Participants.CAMPAIGN_ID), col("series"), country.as("country"), col("campaign_start"));
  }

  /** The raw rollup of the groups given (campaign_id, series, country, campaign_start). */
  private static Dataset<Row> groupCounts(Dataset<Row> participants, Dataset<Row> activity, Dataset<Row> windows,
      Dataset<Row> grouped) {
    Dataset<Row> members = participants.where(col(Participants.IN_COHORT))
        .select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(Participants.IS_NEWCOMER))
        .distinct()
        .join(grouped, Participants.CAMPAIGN_ID);
    WindowSpec firstCampaign = Window
        .partitionBy(col("series"), col("country"), col(Participants.PERSON_KEY))
        .orderBy(col("campaign_start"), col(Participants.CAMPAIGN_ID));
    Dataset<Row> firsts = withCohorts(members
        .withColumn("order", row_number().over(firstCampaign))
        .where(col("order").equalTo(1)).drop("order"));
    Dataset<Row> sizes = firsts.groupBy(col("series"), col("country"), col(COHORT))
        .agg(countDistinct(Participants.PERSON_KEY).as(SmallCells.COHORT_SIZE));
    Dataset<Row> active = activity.where(col(Windows.MEASURE).equalTo(Windows.HORIZON))
        .where(col(Edits.WIKI_DB).isNull())
        .select(col(Participants.CAMPAIGN_ID), col(Participants.PERSON_KEY), col(Windows.K));
    // firsts: one row per group × person × cohort; active: one per campaign × person × horizon
    Dataset<Row> retained = firsts.join(active, Columns.names(Participants.CAMPAIGN_ID, Participants.PERSON_KEY))
        .groupBy(col("series"), col("country"), col(COHORT), col(Windows.K))
        .agg(count(lit(1)).as(SmallCells.RETAINED));
    Dataset<Row> censored = windows.where(col(Windows.MEASURE).equalTo(Windows.HORIZON))
        .join(grouped, windows.col(Windows.CAMPAIGN_ID).equalTo(grouped.col(Participants.CAMPAIGN_ID)))
        .groupBy(col("series"), col("country"), col(Windows.K))
        .agg(bool_or(col(Windows.CENSORED)).as(Windows.CENSORED),
            max(col(Windows.CENSORED_BECAUSE)).as(Windows.CENSORED_BECAUSE));
    // every group × cohort × horizon is a row: an empty cohort is published as 0, as in the summary
    Dataset<Row> grid = censored.crossJoin(cohorts(participants))
        .join(sizes, Columns.names("series", "country", COHORT), "left")
        .withColumn(SmallCells.COHORT_SIZE, coalesce(col(SmallCells.COHORT_SIZE), lit(0L)))
        .join(retained, Columns.names("series", "country", COHORT, Windows.K), "left")
        .withColumn(SmallCells.RETAINED, coalesce(col(SmallCells.RETAINED), lit(0L)))
        .withColumn("country", when(col("country").equalTo(""), lit(null).cast(DataTypes.StringType))
            .otherwise(col("country")));
    return grid;
  }

}
