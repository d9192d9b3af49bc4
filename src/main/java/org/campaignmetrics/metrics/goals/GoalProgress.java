package org.campaignmetrics.metrics.goals;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.campaignevents.GoalBlob.Group;
import org.campaignmetrics.format.campaignevents.GoalBlob.Metric;
import org.campaignmetrics.format.campaignevents.GoalBlob.Node;
import org.campaignmetrics.format.campaignevents.GoalBlob;
import org.campaignmetrics.model.Columns;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code event_goal_progress}: CampaignEvents' {@code EventGoalCompletionCalculator}
 * (src/EventGoal/ of CampaignEvents, https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents),
 * recursively for nested groups. Per metric: actual (the summary value;
 * removed bytes and links as absolute values), completion = min(actual / target, 1) and the
 * uncapped ratio actual / target; a group is the mean of its items' values (AND, summed in
 * order) or their maximum (OR), an item's value being its completion or its group's value;
 * percent = floor(ratio × 100); reached = ratio ≥ 1; the primary metric is the first metric of
 * the blob, with its uncapped current value. A blob that is not a goal gives a row with
 * {@code error} and nulls.
 */
public final class GoalProgress {
  public static final StructType METRIC = new StructType()
      .add("path", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("target", DataTypes.LongType, false)
      .add("actual", DataTypes.LongType, false)
      .add("completion", DataTypes.DoubleType, false)
      .add("uncapped_ratio", DataTypes.DoubleType, false);

  public static final StructType SCHEMA = new StructType()
      .add("event_id", DataTypes.LongType, false)
      .add("visibility", DataTypes.StringType, false)
      .add("operator", DataTypes.StringType)
      .add("metrics", new ArrayType(METRIC, false))
      .add("ratio", DataTypes.DoubleType)
      .add("percent", DataTypes.IntegerType)
      .add("reached", DataTypes.BooleanType)
      .add("primary_metric", DataTypes.StringType)
      .add("primary_current", DataTypes.LongType)
      .add("error", DataTypes.StringType);

  /** The result for one goal. */
  public record Result(String operator, List<MetricResult> metrics, double ratio, int percent, boolean reached,
      String primaryMetric, long primaryCurrent) {}

  public record MetricResult(String path, String metric, long target, long actual, double completion,
      double uncappedRatio) {}

  private GoalProgress() {}

  /** The summary value a metric reads (GoalProgress maps removed bytes and links to absolute values). */
  public static long actual(String metric, Map<String, Long> summary) {
    return switch (metric) {
      case "total_articles_created" -> summary.get("articles_created");
      case "total_articles_edited" -> summary.get("articles_edited");
      case "total_edits" -> summary.get("edits");
      case "total_bytes_added" -> summary.get("bytes_added");
      case "total_bytes_removed" -> Math.abs(summary.get("bytes_removed"));
      case "total_links_added" -> summary.get("links_added");
      case "total_links_removed" -> Math.abs(summary.get("links_removed"));
      default -> throw new IllegalArgumentException("unknown metric " + metric);
    };
  }

  public static Result evaluate(Group goal, Map<String, Long> summary) {
    List<MetricResult> metrics = new ArrayList<>();
    double ratio = value(goal, summary, metrics);
    MetricResult primary = metrics.get(0);
    return new Result(goal.operator(), List.copyOf(metrics), ratio, (int) Math.floor(ratio * 100), ratio >= 1.0,
        primary.metric(), primary.actual());
  }

  private static double value(Node node, Map<String, Long> summary, List<MetricResult> out) {
    if (node instanceof Metric m) {
      long actual = actual(m.metric(), summary);
      double uncapped = (double) actual / m.target();
      double completion = Math.min(uncapped, 1.0);
      out.add(new MetricResult(m.path(), m.metric(), m.target(), actual, completion, uncapped));
      return completion;
    }
    Group g = (Group) node;
    double sum = 0;
    double max = 0;
    for (Node item : g.items()) {
      double v = value(item, summary, out);
      sum += v;
      max = Math.max(max, v);
    }
    return g.operator().equals("AND") ? sum / g.items().size() : max;
  }

  /**
   * One row per event with a goal and visibility.
   *
   * @param summary {@link ContributionSummary#summary}
   * @param goals event_id, goal_blob
   */
  public static Dataset<Row> table(Dataset<Row> summary, Dataset<Row> goals) {
    Columns.require(goals, "event_id", "goal_blob");
    Dataset<Row> joined = goals.select("event_id", "goal_blob").join(summary, Columns.names("event_id"));
    List<String> summaryColumns = new ArrayList<>(ContributionSummary.COLUMNS.subList(2,
        ContributionSummary.COLUMNS.size())); // serializable: the map function captures it
    return joined.map((MapFunction<Row, Row>) row -> {
      long eventId = row.getAs("event_id");
      String visibility = row.getAs("visibility");
      Map<String, Long> values = new HashMap<>();
      for (String c : summaryColumns) {
        values.put(c, row.<Long>getAs(c));
      }
      Group goal;
      try {
        goal = GoalBlob.parse(row.getAs("goal_blob"));
      } catch (GoalBlob.BadGoal e) {
        return RowFactory.create(eventId, visibility, null, null, null, null, null, null, null, e.getMessage());
      }
      Result r = evaluate(goal, values);
      List<Row> metrics = new ArrayList<>();
      for (MetricResult m : r.metrics()) {
        metrics.add(RowFactory.create(m.path(), m.metric(), m.target(), m.actual(), m.completion(),
            m.uncappedRatio()));
      }
      return RowFactory.create(eventId, visibility, r.operator(), CollectionConverters.asScala(
          metrics).toSeq(), r.ratio(), r.percent(), r.reached(), r.primaryMetric(), r.primaryCurrent(), null);
    }, Encoders.row(SCHEMA)).orderBy(col("event_id"), col("visibility").desc());
  }

  /** True on a goal the outcome reports count: its event tracks contributions and is eligible. */
  public static final String IN_REPORTS = "in_reports";

  /**
   * {@code progress} with the goals of events that do not track contributions
   * ({@code event_track_contributions = 0}: CampaignEvents refuses such a goal) or are not eligible
   * for contribution statistics given an {@code error} (the other values null, as for a blob that is
   * not valid) and {@link #IN_REPORTS} false: the outcome reports leave them out.
   *
   * @param events event_id, track_contributions, eligible_for_contribution_statistics, ineligibility_reason
   */
  public static Dataset<Row> withEventChecks(Dataset<Row> progress, Dataset<Row> events) {
    Column tracked = coalesce(col("track_contributions"), lit(false));
    Column eligible = coalesce(col("eligible_for_contribution_statistics"), lit(false));
    Column problem = when(not(tracked), lit("not counted: the event does not track contributions "
        + "(event_track_contributions = 0)"))
        .when(not(eligible), concat(lit("not counted: the event is not eligible for contribution statistics ("),
            coalesce(col("ineligibility_reason"), lit("?")), lit(")")));
    Dataset<Row> joined = progress.join(events.select("event_id", "track_contributions",
        "eligible_for_contribution_statistics", "ineligibility_reason"), Columns.names("event_id"), "left");
    Column counted = problem.isNull();
    for (String c : List.of("operator", "metrics", "ratio", "percent", "reached", "primary_metric", "primary_current")) {
      joined = joined.withColumn(c, when(counted, col(c)));
    }
    return joined.withColumn("error", coalesce(problem, col("error")))
        .withColumn(IN_REPORTS, counted)
        .drop("track_contributions", "eligible_for_contribution_statistics", "ineligibility_reason");
  }
}
