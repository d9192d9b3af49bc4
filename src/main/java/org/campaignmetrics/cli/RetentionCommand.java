package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.RetentionJob;
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
    Config config = options.loadChecked("retention");
    if (config.campaigns().isEmpty() && !config.campaignsFromEvents()) {
      System.err.println("retention: the config lists no campaigns");
      return Main.BAD_INPUT;
    }
    try (JobOptions.JobSession session = options.jobSession("retention")) {
      RetentionJob.run(session.spark(), config).lines().forEach(System.out::println);
      return Main.OK;
    }
  }
}
