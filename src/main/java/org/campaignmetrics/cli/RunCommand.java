package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.RunJob;
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
    Config config = options.loadChecked("run");
    try (JobOptions.JobSession session = options.jobSession("run")) {
      RunJob.Result result = RunJob.run(session.spark(), config);
      if (result.ingest() != null) {
        System.out.println(Summaries.ingest(result.config(), result.ingest()));
      }
      if (result.retention() != null) {
        System.out.println();
        result.retention().forEach(System.out::println);
      }
      if (result.goals() != null) {
        System.out.println();
        result.goals().forEach(System.out::println);
      }
      return Main.OK;
    }
  }
}
