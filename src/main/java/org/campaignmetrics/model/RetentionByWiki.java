package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.campaignmetrics.model.RetentionCells.CAMPAIGN_ID_FIELD;
import static org.campaignmetrics.model.RetentionCells.CENSORED_FIELD;
import static org.campaignmetrics.model.RetentionCells.COHORT_FIELD;
import static org.campaignmetrics.model.RetentionCells.HORIZON_MONTHS_FIELD;
import static org.campaignmetrics.model.RetentionCells.RETAINED_FIELD;
import static org.campaignmetrics.model.RetentionCells.SUPPRESSED_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_END_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_START_FIELD;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_by_wiki}: campaign × cohort × horizon × the wiki the retained were active on;
 * docs/datasets.md.
 */
public final class RetentionByWiki {
  public static final String NAME = "retention_by_wiki";

  public static final StructType SCHEMA = RetentionCells.of(CAMPAIGN_ID_FIELD, COHORT_FIELD, HORIZON_MONTHS_FIELD,
      RetentionCells.nullable(RetentionCells.WIKI_DB, StringType), WINDOW_START_FIELD, WINDOW_END_FIELD,
      RETAINED_FIELD, CENSORED_FIELD, RetentionCells.CENSORED_BECAUSE_FIELD, SUPPRESSED_FIELD);

  private RetentionByWiki() {}
}
