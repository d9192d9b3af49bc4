package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code global_users}: CentralAuth's global registration per central id (from
 * {@code globaluser.gu_registration}); written by the replicas source with
 * {@code replicas.centralauth: true}. No names: it joins to {@code users} on the central id.
 */
public final class GlobalUsers {
  public static final String NAME = "global_users";

  public static final String USER_CENTRAL_ID = "user_central_id";
  public static final String REGISTRATION_TS = "registration_ts";

  public static final StructType SCHEMA = new StructType()
      .add(USER_CENTRAL_ID, LongType, false)
      .add(REGISTRATION_TS, TimestampType);

  private GlobalUsers() {}
}
