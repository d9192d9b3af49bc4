package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.StructType;

/** {@code users}: one row per (wiki_db, user_id), partitioned by {@code wiki_db}. docs/datasets.md. */
public final class Users {
  public static final String NAME = "users";

  public static final String WIKI_DB = "wiki_db";
  public static final String USER_ID = "user_id";
  public static final String USER_NAME = "user_name";
  public static final String USER_CENTRAL_ID = "user_central_id";
  public static final String REGISTRATION_TS = "registration_ts";
  public static final String CREATION_TS = "creation_ts";
  public static final String FIRST_EDIT_TS = "first_edit_ts";
  public static final String CREATED_BY = "created_by";
  public static final String GROUPS = "groups";
  public static final String IS_BOT = "is_bot";
  public static final String IS_TEMPORARY = "is_temporary";
  public static final String LAST_EVENT_TS = "last_event_ts";

  public static final StructType DATA_SCHEMA = new StructType()
      .add(USER_ID, LongType, false)
      .add(USER_NAME, StringType)
      .add(USER_CENTRAL_ID, LongType)
      .add(REGISTRATION_TS, TimestampType)
      .add(CREATION_TS, TimestampType)
      .add(FIRST_EDIT_TS, TimestampType)
      .add(CREATED_BY, StringType)
      .add(GROUPS, createArrayType(StringType))
      .add(IS_BOT, BooleanType)
      .add(IS_TEMPORARY, BooleanType)
      .add(LAST_EVENT_TS, TimestampType);

  public static final StructType SCHEMA = DATA_SCHEMA.add(WIKI_DB, StringType, false);

  private Users() {}
}
