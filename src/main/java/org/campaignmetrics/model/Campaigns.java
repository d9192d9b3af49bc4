package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import org.apache.spark.sql.types.StructType;

/**
 * {@code campaigns}: one row per campaign, with how many names were listed, not found and bots
 * (small counts suppressed); docs/datasets.md.
 */
public final class Campaigns {
  public static final String NAME = "campaigns";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String CAMPAIGN_NAME = "campaign_name";
  public static final String SERIES = "series";
  public static final String COUNTRY = "country";
  public static final String CAMPAIGN_START = "campaign_start";
  public static final String CAMPAIGN_END = "campaign_end";
  public static final String WIKIS = "wikis";
  public static final String PARTICIPANTS_LISTED = "participants_listed";
  public static final String PARTICIPANTS_UNMATCHED = "participants_unmatched";
  public static final String PARTICIPANTS_UNVERIFIED = "participants_unverified";
  public static final String PARTICIPANTS_BOTS = "participants_bots";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(CAMPAIGN_NAME, StringType)
      .add(SERIES, StringType)
      .add(COUNTRY, StringType)
      .add(CAMPAIGN_START, TimestampType, false)
      .add(CAMPAIGN_END, TimestampType, false)
      .add(WIKIS, StringType)
      .add(PARTICIPANTS_LISTED, LongType)
      .add(PARTICIPANTS_UNMATCHED, LongType)
      .add(PARTICIPANTS_UNVERIFIED, LongType)
      .add(PARTICIPANTS_BOTS, LongType);

  /** The campaigns as the config (and the events) define them: the first columns, before the counts. */
  public static final StructType ATTRIBUTES = new StructType(Arrays.copyOf(SCHEMA.fields(), 7));

  private Campaigns() {}
}
