package org.campaignmetrics.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.IngestStats;

/** Totals of one snapshot's ingest, as the run prints them (read back from ingest_stats). */
public record IngestResult(long filesIngested, long filesSkipped, long linesRead, long edits, long rejected,
    boolean alreadyStaged, long seconds) {

  public static IngestResult fromStats(Dataset<Row> stats, boolean alreadyStaged, long seconds) {
    Row totals = stats.agg(
        count(when(col(IngestStats.STATUS).equalTo(IngestStats.STATUS_INGESTED), 1)),
        count(when(col(IngestStats.STATUS).notEqual(IngestStats.STATUS_INGESTED), 1)),
        sum(IngestStats.LINES_READ), sum(IngestStats.ACCEPTED_REVISION), sum(IngestStats.REJECTED)).first();
    return new IngestResult(totals.getLong(0), totals.getLong(1), orZero(totals, 2), orZero(totals, 3),
        orZero(totals, 4), alreadyStaged, seconds);
  }


  private static long orZero(Row row, int i) {
    return row.isNullAt(i) ? 0L : row.getLong(i);
  }
}
