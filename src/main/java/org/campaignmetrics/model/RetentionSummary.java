package org.campaignmetrics.model;

import static org.campaignmetrics.model.RetentionCells.CAMPAIGN_ID_FIELD;
import static org.campaignmetrics.model.RetentionCells.CENSORED_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_SIZE_FIELD;
import static org.campaignmetrics.model.RetentionCells.HORIZON_MONTHS_FIELD;
import static org.campaignmetrics.model.RetentionCells.RATE_FIELD;
import static org.campaignmetrics.model.RetentionCells.RETAINED_FIELD;
import static org.campaignmetrics.model.RetentionCells.SUPPRESSED_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_END_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_START_FIELD;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_summary}: campaign × cohort × horizon (3/6/9/12 months), with the campaign's
 * attributes ({@link Campaigns}); docs/datasets.md, definitions in docs/metrics.md.
 */
public final class RetentionSummary {
  public static final String NAME = "retention_summary";

  public static final StructType SCHEMA = RetentionCells.of(CAMPAIGN_ID_FIELD, COHORT_FIELD, HORIZON_MONTHS_FIELD,
      WINDOW_START_FIELD, WINDOW_END_FIELD, COHORT_SIZE_FIELD, RETAINED_FIELD, RATE_FIELD, CENSORED_FIELD, RetentionCells.CENSORED_BECAUSE_FIELD,
      SUPPRESSED_FIELD, Campaigns.SCHEMA.apply(Campaigns.CAMPAIGN_NAME), Campaigns.SCHEMA.apply(Campaigns.SERIES),
      Campaigns.SCHEMA.apply(Campaigns.COUNTRY), Campaigns.SCHEMA.apply(Campaigns.CAMPAIGN_START),
      Campaigns.SCHEMA.apply(Campaigns.CAMPAIGN_END));

  private RetentionSummary() {}
}
