package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns the retention tables share ({@code retention_summary}, {@code retention_curve},
 * {@code retention_by_wiki}, {@code retention_rollup}, {@code participant_retention}), each
 * declared once with its type; each table's model lists the ones it has, in its order
 * (docs/datasets.md, definitions in docs/metrics.md).
 */
public final class RetentionCells {
  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String COHORT = "cohort";
  public static final String HORIZON_MONTHS = "horizon_months";
  public static final String MONTH = "month";
  public static final String WIKI_DB = "wiki_db";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String COHORT_SIZE = "cohort_size";
  public static final String RETAINED = "retained";
  public static final String RATE = "rate";
  public static final String CENSORED = "censored";
  public static final String CENSORED_BECAUSE = "censored_because";
  /** The window has not ended by the end of the snapshot's month. */
  public static final String WINDOW_OPEN = "window_open";
  /** The window ends after the last instant of history the ingest read ({@code edits}' coverage). */
  public static final String HISTORY_NOT_READ = "history_not_read";
  public static final String SUPPRESSED = "suppressed";

  /** A column that is never null. */
  static StructField required(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  static StructField nullable(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  static StructType of(StructField... fields) {
    return new StructType(fields);
  }

  static final StructField CAMPAIGN_ID_FIELD = required(CAMPAIGN_ID, StringType);
  static final StructField COHORT_FIELD = required(COHORT, StringType);
  static final StructField HORIZON_MONTHS_FIELD = required(HORIZON_MONTHS, IntegerType);
  static final StructField WINDOW_START_FIELD = required(WINDOW_START, TimestampType);
  static final StructField WINDOW_END_FIELD = required(WINDOW_END, TimestampType);
  /** Null when suppressed (and, for {@code retained} and {@code rate}, when censored). */
  static final StructField COHORT_SIZE_FIELD = nullable(COHORT_SIZE, LongType);
  static final StructField RETAINED_FIELD = nullable(RETAINED, LongType);
  static final StructField RATE_FIELD = nullable(RATE, DoubleType);
  static final StructField CENSORED_FIELD = required(CENSORED, BooleanType);
  /** Null unless censored: {@link #WINDOW_OPEN} or {@link #HISTORY_NOT_READ}. */
  static final StructField CENSORED_BECAUSE_FIELD = nullable(CENSORED_BECAUSE, StringType);
  static final StructField SUPPRESSED_FIELD = required(SUPPRESSED, BooleanType);

  private RetentionCells() {}
}
