package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "goals", mixinStandardHelpOptions = true,
    description = {"CampaignEvents -> contribution and goal datasets. NOT AVAILABLE YET in this version: exits 1."})
final class GoalsCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    System.err.println("goals: not available yet in this version (CampaignEvents support is still being built)");
    return Main.FAILED;
  }
}
