package org.campaignmetrics.source.dumps;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Edits;

/**
 * The one schema a staging pass writes, so a dump line is decoded once: every row is an
 * edit, a user observation (pre-merged per piece), a reject or a piece's counters, told
 * apart by {@code kind} (the staging directory's partition column).
 */
final class StagedRows {
  static final String KIND = "kind";
  static final String EDIT = "edit";
  static final String USER = "user";
  static final String REJECT = "reject";
  static final String STAT = "stat";

  // user observations reuse the edit user columns, with event_ts = the latest event seen
  static final String REGISTRATION_TS = "registration_ts";
  static final String CREATION_TS = "creation_ts";
  static final String FIRST_EDIT_TS = "first_edit_ts";
  static final String CREATED_BY = "created_by";
  static final String GROUPS = "groups";
  // rejects and counters
  static final String SOURCE_FILE = "source_file";
  static final String PIECE_START = "piece_start";
  static final String LINE_IN_PIECE = "line_in_piece";
  static final String REASON = "reason";
  static final String RAW_LINE = "raw_line";
  static final String LINES_READ = "lines_read";
  static final String ACCEPTED_REVISION = "accepted_revision";
  static final String ACCEPTED_USER = "accepted_user";
  static final String ACCEPTED_PAGE = "accepted_page";
  static final String REJECTED = "rejected";
  static final String LAYOUTS = "layouts";

  static final StructType SCHEMA;

  static {
    StructType schema = new StructType().add(Edits.WIKI_DB, StringType);
    for (StructField field : Edits.DATA_SCHEMA.fields()) {
      schema = schema.add(field.name(), field.dataType(), true);
    }
    SCHEMA = schema
        .add(REGISTRATION_TS, TimestampType)
        .add(CREATION_TS, TimestampType)
        .add(FIRST_EDIT_TS, TimestampType)
        .add(CREATED_BY, StringType)
        .add(GROUPS, createArrayType(StringType))
        .add(SOURCE_FILE, StringType)
        .add(PIECE_START, LongType)
        .add(LINE_IN_PIECE, LongType)
        .add(REASON, StringType)
        .add(RAW_LINE, StringType)
        .add(LINES_READ, LongType)
        .add(ACCEPTED_REVISION, LongType)
        .add(ACCEPTED_USER, LongType)
        .add(ACCEPTED_PAGE, LongType)
        .add(REJECTED, LongType)
        .add(LAYOUTS, StringType)
        .add(KIND, StringType, false);
  }

  static final int WIDTH = SCHEMA.size();

  static int index(String column) {
    return SCHEMA.fieldIndex(column);
  }

  private StagedRows() {}
}
