package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.dumps.DumpFile;
import org.campaignmetrics.source.dumps.DumpIngest;
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
    int listed = org.campaignmetrics.source.participants.ParticipantLists.names(new Configuration(), config).size();
    System.out.println("config " + options.config + ": valid");
    System.out.println("snapshot " + config.snapshot() + ", warehouse " + config.warehouse() + ", "
        + config.campaigns().size() + " campaign(s), "
        + listed + " participant name(s) listed");
    if (config.history().source().equals("dumps")) {
      DumpIngest.Plan plan = DumpIngest.plan(new Configuration(), config);
      System.out.println("history: dumps under " + config.history().path() + ", range " + plan.range());
      long bytes = 0;
      for (DumpFile file : plan.selected()) {
        System.out.println("  read  " + file.wiki() + " " + file.bucket() + "  " + file.bytes() + " B  " + file.path());
        bytes += file.bytes();
      }
      for (DumpFile file : plan.outOfRange()) {
        System.out.println("  skip  " + file.wiki() + " " + file.bucket() + "  (outside the range)  " + file.path());
      }
      for (String name : plan.unrecognised()) {
        System.out.println("  skip  " + name + "  (not a dump file name)");
      }
      System.out.printf("%d files to read (%.1f MB), %d outside the range, %d unrecognised%n", plan.selected().size(),
          bytes / 1e6, plan.outOfRange().size(), plan.unrecognised().size());
    } else if (config.history().source().equals("replicas")) {
      org.campaignmetrics.source.mariadb.ReplicaConnector connector =
          new org.campaignmetrics.source.mariadb.ReplicaConnector(config.replicas(), null);
      System.out.println("history: replicas, range " + org.campaignmetrics.config.HistoryRange.of(config) + ", "
          + (config.campaigns().isEmpty() ? "every revision and user" : "the participants' revisions only")
          + " (not connected: validate does not query)");
      for (String wiki : config.history().wikis()) {
        System.out.println("  read  " + wiki + "  " + connector.describe(wiki));
      }
      if (config.replicas().centralauth()) {
        System.out.println("  read  centralauth  " + connector.describe("centralauth"));
      }
      System.out.println("credentials: " + config.replicas().credentialsFile() + " or the environment "
          + "(CM_REPLICAS_USER / CM_REPLICAS_PASSWORD)");
    } else {
      System.out.println("history: " + config.history().source() + " "
          + (config.history().table() != null ? config.history().table() : config.history().path()));
    }
    if (config.campaignevents() != null) {
      Config.CampaignEventsConfig ce = config.campaignevents();
      if (ce.source().equals("files")) {
        System.out.println("campaignevents: files under " + ce.path());
        for (var table : org.campaignmetrics.source.campaignevents.CampaignEventsInput.TABLES) {
          java.nio.file.Path file = java.nio.file.Path.of(ce.path(), table.file());
          System.out.println("  read  " + table.name() + "  " + file
              + (java.nio.file.Files.isRegularFile(file) ? "" : "  (MISSING)"));
        }
      } else {
        System.out.println("campaignevents: jdbc " + ce.url() + " (not connected: validate does not query), "
            + "globaluser from " + ce.globaluserTable() + "; credentials: " + ce.credentialsFile()
            + " or the environment (CM_CAMPAIGNEVENTS_USER / CM_CAMPAIGNEVENTS_PASSWORD)");
      }
      System.out.println("  disallowed countries: " + (ce.disallowedCountries().isEmpty() ? "none"
          : String.join(", ", ce.disallowedCountries())) + "; events as campaigns: "
          + (config.campaignsFromEvents() ? "yes" : "no"));
    }
    return Main.OK;
  }
}
