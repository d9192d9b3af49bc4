package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code goal_outcomes_by_<dimension>} datasets, one per dimension and all of one shape: per
 * visibility and value of the dimension, the events with a goal, how many reached it, did not, or
 * have a goal blob that is not valid, and the median percent of the valid ones; docs/datasets.md.
 * {@code goal_outcomes_by_organizer} (internal only) has the organizer's central id and name as its
 * dimension.
 */
public final class GoalOutcomesBy {
  /** The public dimensions, each a dataset {@code goal_outcomes_by_<dimension>} with a column of its name. */
  public static final List<String> DIMENSIONS = List.of("event_type", "metric", "wiki", "topic", "country");
  public static final String ORGANIZER = "organizer";

  public static final String VISIBILITY = "visibility";
  public static final String ORGANIZER_CENTRAL_ID = "organizer_central_id";
  public static final String ORGANIZER_NAME = "organizer_name";
  public static final String EVENTS_WITH_GOALS = "events_with_goals";
  public static final String REACHED = "reached";
  public static final String NOT_REACHED = "not_reached";
  public static final String GOAL_ERRORS = "goal_errors";
  public static final String MEDIAN_PERCENT = "median_percent";

  private static final StructType COUNTS = new StructType()
      .add(EVENTS_WITH_GOALS, LongType, false)
      .add(REACHED, LongType)
      .add(NOT_REACHED, LongType)
      .add(GOAL_ERRORS, LongType)
      .add(MEDIAN_PERCENT, DoubleType);

  /** The dataset's name for a dimension ({@link #DIMENSIONS} or {@link #ORGANIZER}). */
  public static String name(String dimension) {
    return "goal_outcomes_by_" + dimension;
  }

  /** The schema of {@code goal_outcomes_by_<dimension>}. */
  public static StructType schema(String dimension) {
    StructType keys = new StructType().add(VISIBILITY, StringType, false);
    keys = dimension.equals(ORGANIZER)
        ? keys.add(ORGANIZER_CENTRAL_ID, LongType, false).add(ORGANIZER_NAME, StringType)
        : keys.add(dimension, StringType);
    for (var field : COUNTS.fields()) {
      keys = keys.add(field);
    }
    return keys;
  }

  private GoalOutcomesBy() {}
}
