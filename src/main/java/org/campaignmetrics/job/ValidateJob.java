package org.campaignmetrics.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.format.Urls;
import org.campaignmetrics.config.HistoryRange;
import org.campaignmetrics.source.campaignevents.CampaignEventsInput;
import org.campaignmetrics.source.dumps.DumpFile;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.source.mariadb.ReplicaConnector;
import org.campaignmetrics.spark.SpawnFreeLocalFileSystem;

/** {@code validate}: what a run of the config would read and skip, without starting Spark or querying. */
public final class ValidateJob {
  private ValidateJob() {}

  /** The lines {@code validate} prints after "config F: valid"; a bad participant list fails first (exit 2). */
  public static List<String> describe(Config config) {
    List<String> lines = new ArrayList<>();
    int listed = IngestJob.checkParticipantLists(config);
    lines.add("snapshot " + config.snapshot() + ", warehouse " + config.warehouse() + ", "
        + config.campaigns().size() + " campaign(s), "
        + listed + " participant name(s) listed");
    if (config.history() == null) {
      lines.add("history: none (goals only: campaignevents and no campaigns)");
    } else if (config.history().source() == Config.HistoryConfig.Source.DUMPS) {
      DumpIngest.Plan plan = DumpIngest.plan(SpawnFreeLocalFileSystem.configuration(), config);
      lines.add("history: dumps under " + config.history().path() + ", range " + plan.range());
      long bytes = 0;
      for (DumpFile file : plan.selected()) {
        lines.add("  read  " + file.wiki() + " " + file.bucket() + "  " + file.bytes() + " B  " + file.path());
        bytes += file.bytes();
      }
      for (DumpFile file : plan.outOfRange()) {
        lines.add("  skip  " + file.wiki() + " " + file.bucket() + "  (outside the range)  " + file.path());
      }
      for (String name : plan.unrecognised()) {
        lines.add("  skip  " + name + "  (not a dump file name)");
      }
      lines.add(String.format(Locale.ROOT, "%d files to read (%.1f MB), %d outside the range, %d unrecognised",
          plan.selected().size(), bytes / 1e6, plan.outOfRange().size(), plan.unrecognised().size()));
    } else if (config.history().source() == Config.HistoryConfig.Source.REPLICAS) {
      ReplicaConnector connector = new ReplicaConnector(config.replicas(), null);
      lines.add("history: replicas, range " + HistoryRange.of(config) + ", "
          + (config.campaigns().isEmpty() ? "every revision and user" : "the participants' revisions only")
          + " (not connected: validate does not query)");
      for (String wiki : config.history().wikis()) {
        lines.add("  read  " + wiki + "  " + connector.describe(wiki));
      }
      if (config.replicas().centralauth()) {
        lines.add("  read  centralauth  " + connector.describe("centralauth"));
      }
      lines.add("credentials: " + config.replicas().credentialsFile() + " or the environment "
          + "(CM_REPLICAS_USER / CM_REPLICAS_PASSWORD)");
    } else {
      lines.add("history: " + config.history().source() + " "
          + (config.history().table() != null ? config.history().table() : config.history().path()));
    }
    if (config.campaignevents() != null) {
      Config.CampaignEventsConfig ce = config.campaignevents();
      if (ce.source() == Config.CampaignEventsConfig.Source.FILES) {
        lines.add("campaignevents: files under " + ce.path());
        for (var table : CampaignEventsInput.TABLES) {
          Path file = Path.of(ce.path(), table.file());
          lines.add("  read  " + table.name() + "  " + file
              + (Files.isRegularFile(file) ? "" : "  (MISSING)"));
        }
      } else {
        lines.add("campaignevents: jdbc " + Urls.redact(ce.url()) + " (not connected: validate does not query), "
            + "globaluser from " + ce.globaluserTable() + "; credentials: " + ce.credentialsFile()
            + " or the environment (CM_CAMPAIGNEVENTS_USER / CM_CAMPAIGNEVENTS_PASSWORD)");
      }
      lines.add("  disallowed countries: " + (ce.disallowedCountries().isEmpty() ? "none"
          : String.join(", ", ce.disallowedCountries())) + "; events as campaigns: "
          + (config.campaignsFromEvents() ? "yes" : "no"));
    }
    return lines;
  }
}
