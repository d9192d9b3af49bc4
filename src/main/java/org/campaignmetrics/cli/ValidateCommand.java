package org.campaignmetrics.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.ValidateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check the config and list what a run would read and skip, without starting Spark. "
        + "Exit 0 when valid, 2 with every problem named by its key otherwise."})
final class ValidateCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    List<String> lines = ValidateJob.describe(config);
    System.out.println("config " + options.config + ": valid");
    lines.forEach(System.out::println);
    return Main.OK;
  }
}
