package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_rollup}: series (and series × country) × cohort × horizon, each person counted
 * once at their first campaign of the series; docs/datasets.md.
 */
public final class RetentionRollup {
  public static final String NAME = "retention_rollup";

  public static final String SERIES = "series";
  public static final String COUNTRY = "country";
  public static final String COHORT = "cohort";
  public static final String HORIZON_MONTHS = "horizon_months";
  public static final String COHORT_SIZE = "cohort_size";
  public static final String RETAINED = "retained";
  public static final String RATE = "rate";
  public static final String CENSORED = "censored";
  public static final String SUPPRESSED = "suppressed";

  public static final StructType SCHEMA = new StructType()
      .add(SERIES, StringType)
      .add(COUNTRY, StringType)
      .add(COHORT, StringType, false)
      .add(HORIZON_MONTHS, IntegerType, false)
      .add(COHORT_SIZE, LongType)
      .add(RETAINED, LongType)
      .add(RATE, DoubleType)
      .add(CENSORED, BooleanType)
      .add(SUPPRESSED, BooleanType);

  private RetentionRollup() {}
}
