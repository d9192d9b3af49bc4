package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.IngestJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Stage the history source into the warehouse: edits and users, with ingest_rejects and "
        + "ingest_stats. Resumable: files already staged for the snapshot are not read again."})
final class IngestCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    ConfigLog.log("ingest", config);
    try (JobOptions.JobSession session = options.jobSession("ingest")) {
      System.out.println(Summaries.ingest(config, IngestJob.run(session.spark(), config)));
      return Main.OK;
    }
  }
}
