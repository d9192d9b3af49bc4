package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_summary}: campaign × cohort × horizon (3/6/9/12 months); docs/datasets.md,
 * definitions in docs/metrics.md.
 */
public final class RetentionSummary {
  public static final String NAME = "retention_summary";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String COHORT = "cohort";
  public static final String HORIZON_MONTHS = "horizon_months";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String COHORT_SIZE = "cohort_size";
  public static final String RETAINED = "retained";
  public static final String RATE = "rate";
  public static final String CENSORED = "censored";
  public static final String SUPPRESSED = "suppressed";
  public static final String CAMPAIGN_NAME = "campaign_name";
  public static final String SERIES = "series";
  public static final String COUNTRY = "country";
  public static final String CAMPAIGN_START = "campaign_start";
  public static final String CAMPAIGN_END = "campaign_end";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(COHORT, StringType, false)
      .add(HORIZON_MONTHS, IntegerType, false)
      .add(WINDOW_START, TimestampType, false)
      .add(WINDOW_END, TimestampType, false)
      .add(COHORT_SIZE, LongType)
      .add(RETAINED, LongType)
      .add(RATE, DoubleType)
      .add(CENSORED, BooleanType, false)
      .add(SUPPRESSED, BooleanType, false)
      .add(CAMPAIGN_NAME, StringType)
      .add(SERIES, StringType)
      .add(COUNTRY, StringType)
      .add(CAMPAIGN_START, TimestampType, false)
      .add(CAMPAIGN_END, TimestampType, false);

  private RetentionSummary() {}
}
