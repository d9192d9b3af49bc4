package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "retention", mixinStandardHelpOptions = true,
    description = {"Campaigns x edits -> retention datasets. NOT AVAILABLE YET in this version: exits 1."})
final class RetentionCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    System.err.println("retention: not available yet in this version (the retention metrics are still being built)");
    return Main.FAILED;
  }
}
