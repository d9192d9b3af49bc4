package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.job.IngestJob;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.GoalsJob;
import org.campaignmetrics.job.RetentionJob;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Everything the config asks for, in order, skipping what is done: ingest, then "
        + "retention when the config lists campaigns (or campaigns_from: campaignevents), then goals when it has a "
        + "campaignevents section."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    // participant lists are part of the config: a bad one fails here, before Spark starts (exit 2)
    org.campaignmetrics.source.participants.ParticipantLists.names(new org.apache.hadoop.conf.Configuration(), config);
    ConfigLog.log("run", config);
    try (SparkSessions.Owned session = options.session("run");
        Progress progress = new Progress(session.spark())) {
      CampaignEventsSource.Data events = config.campaignevents() == null ? null
          : GoalsJob.read(session.spark(), config);
      GoalsJob.WithEvents withEvents = events == null ? new GoalsJob.WithEvents(config, null)
          : GoalsJob.withEventCampaigns(config, events);
      config = withEvents.config();
      IngestResult result = IngestJob.run(session.spark(), config);
      System.out.println(Summaries.ingest(config, result));
      if (!config.campaigns().isEmpty()) {
        System.out.println();
        RetentionJob.run(session.spark(), config, withEvents.centralAccounts()).lines().forEach(System.out::println);
      }
      if (events != null) {
        System.out.println();
        GoalsJob.run(session.spark(), config, events).lines().forEach(System.out::println);
      }
      return Main.OK;
    }
  }
}
