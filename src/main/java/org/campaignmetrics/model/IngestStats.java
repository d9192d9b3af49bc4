package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code ingest_stats}: one row per input file (read or skipped). For every read file
 * {@code lines_read = accepted_revision + accepted_user + accepted_page + rejected}.
 */
public final class IngestStats {
  public static final String NAME = "ingest_stats";

  public static final String STATUS_INGESTED = "ingested";
  public static final String STATUS_SKIPPED_OUT_OF_RANGE = "skipped_out_of_range";
  public static final String STATUS_SKIPPED_UNRECOGNISED = "skipped_unrecognised_name";

  public static final String FILE = "file";
  public static final String WIKI_DB = "wiki_db";
  public static final String BUCKET = "bucket";
  public static final String STATUS = "status";
  public static final String LAYOUTS = "layouts";
  public static final String BYTES = "bytes";
  public static final String LINES_READ = "lines_read";
  public static final String ACCEPTED_REVISION = "accepted_revision";
  public static final String ACCEPTED_USER = "accepted_user";
  public static final String ACCEPTED_PAGE = "accepted_page";
  public static final String REJECTED = "rejected";
  public static final String REJECT_RATIO = "reject_ratio";

  public static final StructType SCHEMA = new StructType()
      .add(FILE, StringType, false)
      .add(WIKI_DB, StringType)
      .add(BUCKET, StringType)
      .add(STATUS, StringType, false)
      .add(LAYOUTS, StringType)
      .add(BYTES, LongType)
      .add(LINES_READ, LongType)
      .add(ACCEPTED_REVISION, LongType)
      .add(ACCEPTED_USER, LongType)
      .add(ACCEPTED_PAGE, LongType)
      .add(REJECTED, LongType)
      .add(REJECT_RATIO, DoubleType);

  private IngestStats() {}
}
