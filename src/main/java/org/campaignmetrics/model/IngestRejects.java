package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/** {@code ingest_rejects}: one row per input line that was not accepted. docs/datasets.md. */
public final class IngestRejects {
  public static final String NAME = "ingest_rejects";
  public static final int RAW_LINE_MAX_BYTES = 1024;

  public static final String FILE = "file";
  public static final String WIKI_DB = "wiki_db";
  public static final String LINE_NUMBER = "line_number";
  public static final String REASON = "reason";
  public static final String RAW_LINE = "raw_line";

  public static final StructType SCHEMA = new StructType()
      .add(FILE, StringType, false)
      .add(WIKI_DB, StringType)
      .add(LINE_NUMBER, LongType, false)
      .add(REASON, StringType, false)
      .add(RAW_LINE, StringType);

  private IngestRejects() {}
}
