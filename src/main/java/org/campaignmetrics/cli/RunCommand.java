package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.IngestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Everything the config asks for, in order, skipping what is done. Today: ingest "
        + "(retention and goals follow as they are built; see README \"Status\")."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    ConfigLog.log("run", config);
    SparkSession spark = options.session("run");
    try (Progress progress = new Progress(spark)) {
      IngestResult result = HistoryJob.run(spark, config);
      System.out.println(Summaries.ingest(config, result));
      return Main.OK;
    } finally {
      spark.stop();
    }
  }
}
