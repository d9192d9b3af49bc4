package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.campaignmetrics.model.RetentionCells.COHORT_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_SIZE_FIELD;
import static org.campaignmetrics.model.RetentionCells.HORIZON_MONTHS_FIELD;
import static org.campaignmetrics.model.RetentionCells.RATE_FIELD;
import static org.campaignmetrics.model.RetentionCells.RETAINED_FIELD;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_rollup}: series (and series × country) × cohort × horizon, each person counted
 * once at their first campaign of the series; docs/datasets.md. {@code censored} is nullable here:
 * it comes out of an aggregation over campaigns ({@code suppressed} is decided row by row).
 */
public final class RetentionRollup {
  public static final String NAME = "retention_rollup";

  public static final String SERIES = "series";
  public static final String COUNTRY = "country";

  public static final StructType SCHEMA = RetentionCells.of(RetentionCells.nullable(SERIES, StringType),
      RetentionCells.nullable(COUNTRY, StringType), COHORT_FIELD, HORIZON_MONTHS_FIELD, COHORT_SIZE_FIELD,
      RETAINED_FIELD, RATE_FIELD, RetentionCells.nullable(RetentionCells.CENSORED, BooleanType), RetentionCells.CENSORED_BECAUSE_FIELD,
      RetentionCells.SUPPRESSED_FIELD);

  private RetentionRollup() {}
}
