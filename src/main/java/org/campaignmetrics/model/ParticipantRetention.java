package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code participant_retention} (internal only, with {@code privacy.internal_outputs}): per listed
 * participant and horizon, whether they were active and how many counting edits they made;
 * docs/datasets.md.
 */
public final class ParticipantRetention {
  public static final String NAME = "participant_retention";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String USER_NAME = "user_name";
  public static final String IS_NEWCOMER = "is_newcomer";
  public static final String HORIZON_MONTHS = "horizon_months";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String ACTIVE = "active";
  public static final String EDITS = "edits";
  public static final String CENSORED = "censored";

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(USER_NAME, StringType, false)
      .add(IS_NEWCOMER, BooleanType)
      .add(HORIZON_MONTHS, IntegerType, false)
      .add(WINDOW_START, TimestampType, false)
      .add(WINDOW_END, TimestampType, false)
      .add(ACTIVE, BooleanType)
      .add(EDITS, LongType)
      .add(CENSORED, BooleanType, false);

  private ParticipantRetention() {}
}
