package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code participants}: one row per (campaign, listed name). Holds usernames: internal, never
 * published as an aggregate. {@code match_status} says how the name was matched to a person
 * (docs/metrics.md "Who is a participant"): {@code history} (an account in the history read),
 * {@code account} (an account known to exist from the source that listed it, not seen in the
 * history read), {@code unverified} (a plain name found nowhere: left out), {@code unmatched}
 * (known not to exist: left out); {@code matched} = history or account.
 */
public final class Participants {
  public static final String NAME = "participants";

  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String USER_NAME = "user_name";
  public static final String SOURCE = "source";
  public static final String PERSON_KEY = "person_key";
  public static final String ACCOUNT_KNOWN = "account_known";
  public static final String USER_CENTRAL_ID = "user_central_id";
  public static final String MATCHED = "matched";
  public static final String MATCH_STATUS = "match_status";
  public static final String IS_BOT = "is_bot";
  public static final String IS_TEMPORARY = "is_temporary";
  public static final String GLOBAL_REGISTRATION_TS = "global_registration_ts";
  public static final String IS_NEWCOMER = "is_newcomer";
  public static final String IN_COHORT = "in_cohort";
  public static final String EXCLUDED_BECAUSE = "excluded_because";
  /** {@code excluded_because} of a bot (with {@code retention.exclude_bots}) and of a temporary account. */
  public static final String EXCLUDED_BOT = "bot";
  public static final String EXCLUDED_TEMPORARY = "temporary account";

  public static final String STATUS_HISTORY = "history";
  public static final String STATUS_ACCOUNT = "account";
  public static final String STATUS_UNVERIFIED = "unverified";
  public static final String STATUS_UNMATCHED = "unmatched";

  /**
   * What the participant sources produce: who was listed, and where; {@code account_known} when the
   * source knows the account exists (a CampaignEvents registrant, a Commons uploader, a Dashboard
   * row with a {@code global_id}), with its central id when it gives one.
   */
  public static final StructType LISTED = new StructType()
      .add(CAMPAIGN_ID, StringType, false)
      .add(USER_NAME, StringType, false)
      .add(SOURCE, StringType, false)
      .add(ACCOUNT_KNOWN, BooleanType, false)
      .add(USER_CENTRAL_ID, LongType);

  public static final StructType SCHEMA = LISTED
      .add(PERSON_KEY, StringType)
      .add(MATCHED, BooleanType, false)
      .add(MATCH_STATUS, StringType, false)
      .add(IS_BOT, BooleanType)
      .add(IS_TEMPORARY, BooleanType)
      .add(GLOBAL_REGISTRATION_TS, TimestampType)
      .add(IS_NEWCOMER, BooleanType)
      .add(IN_COHORT, BooleanType, false)
      .add(EXCLUDED_BECAUSE, StringType);

  /** What is published (internal only): the working columns, without the person key and central id. */
  public static final StructType PUBLISHED = new StructType(Arrays.stream(SCHEMA.fields())
      .filter(f -> !f.name().equals(PERSON_KEY) && !f.name().equals(USER_CENTRAL_ID)).toArray(StructField[]::new));

  private Participants() {}
}
