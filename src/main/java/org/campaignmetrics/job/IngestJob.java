package org.campaignmetrics.job;

import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.dumps.BlockBz2LineReader;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.source.dumps.DumpLineReader;
import org.campaignmetrics.source.dumps.HadoopBz2LineReader;
import org.campaignmetrics.source.table.HistoryTableSource;

/** Wires {@code history.source} to its reader: the history half of ingest and run. */
public final class IngestJob {
  private IngestJob() {}

  static DumpLineReader reader(Config config) {
    long splitBytes = (long) config.ingest().splitMb() << 20;
    switch (config.ingest().decoder()) {
      case "hadoop":
        return new HadoopBz2LineReader(splitBytes);
      case "java":
        return new BlockBz2LineReader(splitBytes, false);
      default:
        return new BlockBz2LineReader(splitBytes, true);
    }
  }

  public static IngestResult run(SparkSession spark, Config config) {
    switch (config.history().source()) {
      case "dumps":
        return new DumpIngest(spark, config, reader(config)).run();
      case "table":
        return new HistoryTableSource(spark, config).run();
      case "replicas":
        return new org.campaignmetrics.source.replicas.ReplicaIngest(spark, config).run();
      default:
        throw new IllegalStateException("history.source " + config.history().source() + " has no reader");
    }
  }
}
