package org.campaignmetrics.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.format.Urls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the resolved config once, as one aligned block (never credentials: the config holds none). */
final class ConfigLog {
  private static final Logger LOG = LoggerFactory.getLogger("campaign-metrics");

  private ConfigLog() {}

  static void log(String command, Config config) {
    Map<String, Object> lines = new LinkedHashMap<>();
    lines.put("command", command);
    lines.put("snapshot", config.snapshot());
    lines.put("warehouse", config.warehouse());
    if (config.history() == null) {
      lines.put("history", "(none: goals only)");
    } else {
      history(lines, config);
    }
    ingestAndTheRest(lines, config);
  }

  private static void history(Map<String, Object> lines, Config config) {
    lines.put("history.source", config.history().source());
    lines.put("history.path", config.history().path());
    if (config.history().table() != null) {
      lines.put("history.table", config.history().table());
    }
    lines.put("history.wikis", config.history().wikis().isEmpty() ? "(all found)" : config.history().wikis());
    lines.put("history.from/to", (config.history().from() == null ? "(derived)" : config.history().from()) + " / "
        + (config.history().to() == null ? "(derived)" : config.history().to()));
    lines.put("ingest.max_reject_ratio", config.ingest().maxRejectRatio());
    lines.put("ingest.split_mb", config.ingest().splitMb());
    lines.put("ingest.every_bucket", config.ingest().everyBucket());
    lines.put("ingest.decoder", config.ingest().decoder());
  }

  private static void ingestAndTheRest(Map<String, Object> lines, Config config) {
    lines.put("campaigns", config.campaigns().size());
    lines.put("retention", config.retention());
    lines.put("privacy", config.privacy());
    lines.put("output.formats", config.output().formats());
    if (config.campaignevents() != null) {
      Config.CampaignEventsConfig ce = config.campaignevents();
      lines.put("campaignevents", ce.source() + " " + (ce.source() == Config.CampaignEventsConfig.Source.FILES ? ce.path() : Urls.redact(ce.url()))
          + ", disallowed countries " + ce.disallowedCountries() + ", by_organizer " + ce.byOrganizer()
          + (config.campaignsFromEvents() ? ", events as campaigns" : ""));
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(10);
    StringBuilder block = new StringBuilder("resolved config:");
    lines.forEach((k, v) -> block.append(String.format("%n  %-" + width + "s  %s", k, v)));
    LOG.info(block.toString());
  }
}
