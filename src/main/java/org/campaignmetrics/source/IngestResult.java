package org.campaignmetrics.source;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.IngestStats;

/** Totals of one snapshot's ingest, as the run prints them (read back from ingest_stats). */
public record IngestResult(long filesIngested, long filesSkipped, long linesRead, long edits, long rejected,
    boolean alreadyStaged, long seconds) {

  /** Totals of the {@code ingest_stats} rows (one per file: small, so summed here, not in a Spark job). */
  public static IngestResult fromStats(Dataset<Row> stats, boolean alreadyStaged, long seconds) {
    return fromStats(stats.collectAsList(), alreadyStaged, seconds);
  }

  public static IngestResult fromStats(List<Row> stats, boolean alreadyStaged, long seconds) {
    long ingested = 0;
    long skipped = 0;
    long lines = 0;
    long edits = 0;
    long rejected = 0;
    for (Row row : stats) {
      if (IngestStats.STATUS_INGESTED.equals(row.getAs(IngestStats.STATUS))) {
        ingested++;
      } else {
        skipped++;
      }
      lines += orZero(row, row.fieldIndex(IngestStats.LINES_READ));
      edits += orZero(row, row.fieldIndex(IngestStats.ACCEPTED_REVISION));
      rejected += orZero(row, row.fieldIndex(IngestStats.REJECTED));
    }
    return new IngestResult(ingested, skipped, lines, edits, rejected, alreadyStaged, seconds);
  }

  private static long orZero(Row row, int i) {
    return row.isNullAt(i) ? 0L : row.getLong(i);
  }
}
