package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.IngestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Everything the config asks for, in order, skipping what is done: ingest, then "
        + "retention when the config lists campaigns (goals follow as they are built; see README \"Status\")."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    // participant lists are part of the config: a bad one fails here, before Spark starts (exit 2)
    org.campaignmetrics.source.campaigns.ParticipantLists.names(new org.apache.hadoop.conf.Configuration(), config);
    ConfigLog.log("run", config);
    try (SparkSessions.Owned session = options.session("run");
        Progress progress = new Progress(session.spark())) {
      IngestResult result = HistoryJob.run(session.spark(), config);
      System.out.println(Summaries.ingest(config, result));
      if (!config.campaigns().isEmpty()) {
        System.out.println();
        RetentionJob.run(session.spark(), config).lines().forEach(System.out::println);
      }
      return Main.OK;
    }
  }
}
