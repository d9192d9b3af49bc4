package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code retention_by_wiki}: campaign × cohort × horizon × the wiki the retained were active on;
 * docs/datasets.md.
 */
public final class RetentionByWiki {
  public static final String NAME = "retention_by_wiki";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String COHORT = "cohort";
  public static final String HORIZON_MONTHS = "horizon_months";
  public static final String WIKI_DB = "wiki_db";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String RETAINED = "retained";
  public static final String CENSORED = "censored";
  public static final String SUPPRESSED = "suppressed";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(COHORT, StringType, false)
      .add(HORIZON_MONTHS, IntegerType, false)
      .add(WIKI_DB, StringType)
      .add(WINDOW_START, TimestampType, false)
      .add(WINDOW_END, TimestampType, false)
      .add(RETAINED, LongType)
      .add(CENSORED, BooleanType, false)
      .add(SUPPRESSED, BooleanType, false);

  private RetentionByWiki() {}
}
