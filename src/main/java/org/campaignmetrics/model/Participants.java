package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code participants}: one row per (campaign, listed name). Holds usernames: internal, never
 * published as an aggregate. {@code matched} says whether the name was found in the history.
 */
public final class Participants {
  public static final String NAME = "participants";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String USER_NAME = "user_name";
  public static final String SOURCE = "source";
  public static final String PERSON_KEY = "person_key";
  public static final String MATCHED = "matched";
  public static final String IS_BOT = "is_bot";
  public static final String IS_TEMPORARY = "is_temporary";
  public static final String GLOBAL_REGISTRATION_TS = "global_registration_ts";
  public static final String IS_NEWCOMER = "is_newcomer";
  public static final String IN_COHORT = "in_cohort";
  public static final String EXCLUDED_BECAUSE = "excluded_because";

  /** What the participant sources produce: who was listed, and where. */
  public static final StructType LISTED = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(USER_NAME, StringType, false)
      .add(SOURCE, StringType, false);

  public static final StructType SCHEMA = LISTED
      .add(PERSON_KEY, StringType)
      .add(MATCHED, BooleanType, false)
      .add(IS_BOT, BooleanType)
      .add(IS_TEMPORARY, BooleanType)
      .add(GLOBAL_REGISTRATION_TS, TimestampType)
      .add(IS_NEWCOMER, BooleanType)
      .add(IN_COHORT, BooleanType, false)
      .add(EXCLUDED_BECAUSE, StringType);

  /** What is published (internal only): the working columns, without the person key. */
  public static final StructType PUBLISHED = new StructType(Arrays.stream(SCHEMA.fields())
      .filter(f -> !f.name().equals(PERSON_KEY)).toArray(StructField[]::new));

  private Participants() {}
}
