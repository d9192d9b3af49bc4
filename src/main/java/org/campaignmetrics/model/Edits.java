package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/** {@code edits}: one row per revision on any wiki, partitioned by {@code wiki_db}. docs/datasets.md. */
public final class Edits {
  public static final String NAME = "edits";

  public static final String WIKI_DB = "wiki_db";
  public static final String REVISION_ID = "revision_id";
  public static final String EVENT_TS = "event_ts";
  public static final String USER_ID = "user_id";
  public static final String USER_CENTRAL_ID = "user_central_id";
  public static final String USER_NAME = "user_name";
  public static final String USER_IS_ANONYMOUS = "user_is_anonymous";
  public static final String USER_IS_TEMPORARY = "user_is_temporary";
  public static final String USER_IS_BOT = "user_is_bot";
  public static final String PAGE_ID = "page_id";
  public static final String PAGE_NAMESPACE = "page_namespace";
  public static final String PAGE_NAMESPACE_IS_CONTENT = "page_namespace_is_content";
  public static final String IS_PAGE_CREATION = "is_page_creation";
  public static final String BYTES_DIFF = "bytes_diff";
  public static final String PAGE_IS_DELETED = "page_is_deleted";
  public static final String IS_REVERTED = "is_reverted";

  /** Column order of the data files; {@code wiki_db} is the partition column and comes last when read. */
  public static final StructType DATA_SCHEMA = new StructType()
      .add(REVISION_ID, LongType, false)
      .add(EVENT_TS, TimestampType, false)
      .add(USER_ID, LongType)
      .add(USER_CENTRAL_ID, LongType)
      .add(USER_NAME, StringType)
      .add(USER_IS_ANONYMOUS, BooleanType)
      .add(USER_IS_TEMPORARY, BooleanType)
      .add(USER_IS_BOT, BooleanType)
      .add(PAGE_ID, LongType)
      .add(PAGE_NAMESPACE, IntegerType)
      .add(PAGE_NAMESPACE_IS_CONTENT, BooleanType)
      .add(IS_PAGE_CREATION, BooleanType)
      .add(BYTES_DIFF, LongType)
      .add(PAGE_IS_DELETED, BooleanType)
      .add(IS_REVERTED, BooleanType);

  /** As read back: data columns, then the partition column. */
  public static final StructType SCHEMA = DATA_SCHEMA.add(WIKI_DB, StringType, false);

  private Edits() {}
}
