package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code global_users}: CentralAuth's global accounts (from {@code globaluser}) of the users read
 * and of the listed participants: central id, name and global registration; written by the
 * replicas source with {@code replicas.centralauth: true}. Holds names: internal, like {@code users};
 * a participant named here has an account that exists, seen in the history read or not.
 */
public final class GlobalUsers {
  public static final String NAME = "global_users";

  public static final String USER_CENTRAL_ID = "user_central_id";
  public static final String REGISTRATION_TS = "registration_ts";
  public static final String USER_NAME = "user_name";

  public static final StructType SCHEMA = new StructType()
      .add(USER_CENTRAL_ID, LongType, false)
      .add(REGISTRATION_TS, TimestampType)
      .add(USER_NAME, StringType);

  private GlobalUsers() {}
}
