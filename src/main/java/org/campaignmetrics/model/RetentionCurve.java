package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_curve}: campaign × cohort × month 1..12 after the end; docs/datasets.md.
 */
public final class RetentionCurve {
  public static final String NAME = "retention_curve";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String COHORT = "cohort";
  public static final String MONTH = "month";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String COHORT_SIZE = "cohort_size";
  public static final String RETAINED = "retained";
  public static final String RATE = "rate";
  public static final String CENSORED = "censored";
  public static final String SUPPRESSED = "suppressed";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(COHORT, StringType, false)
      .add(MONTH, IntegerType, false)
      .add(WINDOW_START, TimestampType, false)
      .add(WINDOW_END, TimestampType, false)
      .add(COHORT_SIZE, LongType)
      .add(RETAINED, LongType)
      .add(RATE, DoubleType)
      .add(CENSORED, BooleanType, false)
      .add(SUPPRESSED, BooleanType, false);

  private RetentionCurve() {}
}
