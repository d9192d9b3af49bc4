package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.campaignmetrics.model.RetentionCells.CAMPAIGN_ID_FIELD;
import static org.campaignmetrics.model.RetentionCells.CENSORED_FIELD;
import static org.campaignmetrics.model.RetentionCells.HORIZON_MONTHS_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_END_FIELD;
import static org.campaignmetrics.model.RetentionCells.WINDOW_START_FIELD;

import org.apache.spark.sql.types.StructType;

/**
 * {@code participant_retention} (internal only, with {@code privacy.internal_outputs}): per listed
 * participant and horizon, whether they were active and how many counting edits they made;
 * docs/datasets.md.
 */
public final class ParticipantRetention {
  public static final String NAME = "participant_retention";

  public static final String USER_NAME = "user_name";
  public static final String IS_NEWCOMER = "is_newcomer";
  public static final String ACTIVE = "active";
  public static final String EDITS = "edits";

  public static final StructType SCHEMA = RetentionCells.of(CAMPAIGN_ID_FIELD,
      RetentionCells.required(USER_NAME, StringType), RetentionCells.nullable(IS_NEWCOMER, BooleanType),
      HORIZON_MONTHS_FIELD, WINDOW_START_FIELD, WINDOW_END_FIELD, RetentionCells.nullable(ACTIVE, BooleanType),
      RetentionCells.nullable(EDITS, LongType), CENSORED_FIELD);

  private ParticipantRetention() {}
}
