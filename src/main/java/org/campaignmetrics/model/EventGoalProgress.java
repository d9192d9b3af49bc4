package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code event_goal_progress}: each event's goal, its metrics' progress and whether it was reached;
 * docs/datasets.md.
 */
public final class EventGoalProgress {
  public static final String NAME = "event_goal_progress";

  public static final String EVENT_ID = "event_id";
  public static final String VISIBILITY = "visibility";
  public static final String OPERATOR = "operator";
  public static final String METRICS = "metrics";
  public static final String RATIO = "ratio";
  public static final String PERCENT = "percent";
  public static final String REACHED = "reached";
  public static final String PRIMARY_METRIC = "primary_metric";
  public static final String PRIMARY_CURRENT = "primary_current";
  public static final String ERROR = "error";

  public static final StructType SCHEMA = new StructType()
      .add(EVENT_ID, LongType, false)
      .add(VISIBILITY, StringType, false)
      .add(OPERATOR, StringType)
      .add(METRICS, DataTypes.createArrayType(new StructType()
              .add("path", StringType, false)
              .add("metric", StringType, false)
              .add("target", LongType, false)
              .add("actual", LongType, false)
              .add("completion", DoubleType, false)
              .add("uncapped_ratio", DoubleType, false), false))
      .add(RATIO, DoubleType)
      .add(PERCENT, IntegerType)
      .add(REACHED, BooleanType)
      .add(PRIMARY_METRIC, StringType)
      .add(PRIMARY_CURRENT, LongType)
      .add(ERROR, StringType);

  private EventGoalProgress() {}
}
