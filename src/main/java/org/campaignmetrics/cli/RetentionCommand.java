package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.GoalsJob;
import org.campaignmetrics.job.RetentionJob;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "retention", mixinStandardHelpOptions = true,
    description = {"Campaigns x staged edits -> retention_summary, retention_curve, retention_by_wiki and "
        + "campaigns (and participants with privacy.internal_outputs). Needs the snapshot ingested "
        + "(ingest, or run)."})
final class RetentionCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    // participant lists are part of the config: a bad one fails here, before Spark starts (exit 2)
    org.campaignmetrics.source.participants.ParticipantLists.names(new org.apache.hadoop.conf.Configuration(), config);
    ConfigLog.log("retention", config);
    if (config.campaigns().isEmpty() && !config.campaignsFromEvents()) {
      System.err.println("retention: the config lists no campaigns");
      return Main.BAD_INPUT;
    }
    try (SparkSessions.Owned session = options.session("retention");
        Progress progress = new Progress(session.spark())) {
      Warehouse warehouse = new Warehouse(session.spark(), config.warehouse());
      if (!warehouse.isComplete("edits", config.snapshotText()) || !warehouse.isComplete("users", config.snapshotText())) {
        System.err.println("retention: snapshot " + config.snapshotText() + " is not ingested under "
            + config.warehouse() + " (run ingest first, or run)");
        return Main.FAILED;
      }
      GoalsJob.WithEvents withEvents = config.campaignsFromEvents()
          ? GoalsJob.withEventCampaigns(config, GoalsJob.read(session.spark(), config))
          : new GoalsJob.WithEvents(config, null);
      RetentionJob.run(session.spark(), withEvents.config(), withEvents.centralAccounts()).lines().forEach(System.out::println);
      return Main.OK;
    }
  }
}
