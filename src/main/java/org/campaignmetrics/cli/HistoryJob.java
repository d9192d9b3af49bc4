package org.campaignmetrics.cli;

import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.source.dumps.HadoopBz2LineReader;
import org.campaignmetrics.source.table.HistoryTableSource;

/** Wires {@code history.source} to its reader: the history half of ingest and run. */
public final class HistoryJob {
  private HistoryJob() {}

  public static IngestResult run(SparkSession spark, Config config) {
    switch (config.history().source()) {
      case "dumps":
        return new DumpIngest(spark, config, new HadoopBz2LineReader((long) config.ingest().splitMb() << 20)).run();
      case "table":
        return new HistoryTableSource(spark, config).run();
      default:
        throw new IllegalStateException("history.source " + config.history().source() + " has no reader");
    }
  }
}
