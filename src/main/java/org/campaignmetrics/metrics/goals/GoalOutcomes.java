package org.campaignmetrics.metrics.goals;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.GoalOutcomesBy;

/**
 * The cross-event goal outcome reports (docs/metrics.md "Event goals") ({@code goal_outcomes_by_*}): per value of a
 * dimension, the events with a goal, how many reached it, did not, or have a goal blob that is
 * not valid, and the median percent of the valid ones (exact; the mean of the two middle values
 * for an even count). An event with several values of a dimension (two types, several wikis,
 * metrics or topics) counts under each; an event without one counts under null. These are
 * counts of events, not of people, so they are not suppressed.
 */
public final class GoalOutcomes {

  private GoalOutcomes() {}

  /**
   * @param progress {@link GoalProgress#table}
   * @param events the kept events with eligibility ({@link Eligibility#events})
   * @param disallowedCountries events in these countries never appear in the country report
   */
  public static Dataset<Row> report(String dimension, Dataset<Row> progress, Dataset<Row> events,
      List<String> disallowedCountries) {
    Dataset<Row> joined = counted(progress).join(events.select("event_id", "event_types", "wikis", "topics",
        "country_code"), Columns.names("event_id"));
    Column value = switch (dimension) {
      case "event_type" -> explode_outer(split(col("event_types"), ","));
      case "metric" -> explode_outer(array_distinct(col("metrics.metric")));
      case "wiki" -> explode_outer(split(col("wikis"), ","));
      case "topic" -> explode_outer(split(col("topics"), ","));
      case "country" -> col("country_code");
      default -> throw new IllegalArgumentException("unknown dimension " + dimension);
    };
    if (dimension.equals("country")) {
      joined = joined.where(not(Eligibility.disallowed(col("country_code"), disallowedCountries)));
    }
    return aggregate(joined.withColumn(dimension, value), dimension);
  }

  /**
   * Per organizer (internal outputs only): active organizers (not removed) of each event.
   *
   * @param organizers event_id, user_central_id
   * @param names user_central_id, user_name (CentralAuth)
   */
  public static Dataset<Row> byOrganizer(Dataset<Row> progress, Dataset<Row> organizers, Dataset<Row> names) {
    Dataset<Row> joined = counted(progress).join(organizers.select("event_id", "user_central_id"),
            Columns.names("event_id"))
        .join(names.select("user_central_id", "user_name"), Columns.names("user_central_id"), "left")
        .withColumnRenamed("user_central_id", "organizer_central_id")
        .withColumnRenamed("user_name", "organizer_name");
    return aggregate(joined, "organizer_central_id", "organizer_name");
  }

  /** The goals the reports count: not those {@link GoalProgress#withEventChecks} left out. */
  private static Dataset<Row> counted(Dataset<Row> progress) {
    return Arrays.asList(progress.columns()).contains(GoalProgress.IN_REPORTS)
        ? progress.where(col(GoalProgress.IN_REPORTS)) : progress;
  }

  private static Dataset<Row> aggregate(Dataset<Row> rows, String... keys) {
    Column valid = col("error").isNull();
    Column[] groups = new Column[keys.length + 1];
    groups[0] = col("visibility");
    for (int i = 0; i < keys.length; i++) {
      groups[i + 1] = col(keys[i]);
    }
    return rows.groupBy(groups).agg(
            count(lit(1)).as(GoalOutcomesBy.EVENTS_WITH_GOALS),
            sum(when(valid.and(col("reached")), 1L).otherwise(0L)).as(GoalOutcomesBy.REACHED),
            sum(when(valid.and(not(col("reached"))), 1L).otherwise(0L)).as(GoalOutcomesBy.NOT_REACHED),
            sum(when(not(valid), 1L).otherwise(0L)).as(GoalOutcomesBy.GOAL_ERRORS),
            expr("percentile(CASE WHEN error IS NULL THEN percent END, 0.5)").as(GoalOutcomesBy.MEDIAN_PERCENT))
        .orderBy(groups[0].desc(), groups.length > 1 ? groups[1].asc_nulls_last() : lit(1));
  }
}
