package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.campaignmetrics.model.RetentionCells.CAMPAIGN_ID_FIELD;
import static org.campaignmetrics.model.RetentionCells.CENSORED_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_SIZE_FIELD;
import static org.campaignmetrics.model.RetentionCells.RATE_FIELD;
import static org.campaignmetrics.model.RetentionCells.RETAINED_FIELD;
import static org.campaignmetrics.model.RetentionCells.SUPPRESSED_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_END_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_START_FIELD;

import org.apache.spark.sql.types.StructType;

/** {@code retention_curve}: campaign × cohort × month 1..12 after the end; docs/datasets.md. */
public final class RetentionCurve {
  public static final String NAME = "retention_curve";

  public static final StructType SCHEMA = RetentionCells.of(CAMPAIGN_ID_FIELD, COHORT_FIELD,
      RetentionCells.required(RetentionCells.MONTH, IntegerType), WINDOW_START_FIELD, WINDOW_END_FIELD,
      COHORT_SIZE_FIELD, RETAINED_FIELD, RATE_FIELD, CENSORED_FIELD, RetentionCells.CENSORED_BECAUSE_FIELD, SUPPRESSED_FIELD);

  private RetentionCurve() {}
}
