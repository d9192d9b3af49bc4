package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.GoalsJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "goals", mixinStandardHelpOptions = true,
    description = {"CampaignEvents tables (campaignevents: in the config; JDBC or a folder of exported .tsv files) "
        + "-> events, event_contribution_summary, event_goal_progress, goal_outcomes_by_{event_type,metric,wiki,"
        + "topic,country} (and by_organizer, internal only) and campaignevents_stats. Does not need the history."})
final class GoalsCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Override
  public Integer call() {
    Config config = options.load();
    if (config.campaignevents() == null) {
      System.err.println("goals: the config has no campaignevents section (source: files with path, or source: jdbc "
          + "with url)");
      return Main.BAD_INPUT;
    }
    ConfigLog.log("goals", config);
    try (JobOptions.JobSession session = options.jobSession("goals")) {
      GoalsJob.run(session.spark(), config).lines().forEach(System.out::println);
      return Main.OK;
    }
  }
}
