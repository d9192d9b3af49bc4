package org.campaignmetrics.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.campaignmetrics.config.Config.CampaignConfig;

/**
 * The time range of history a run needs, {@code [from, to)}: {@code history.from}/{@code to}
 * when given, else derived from the campaigns — from the earliest {@code start −
 * preregistration_days} (enough to decide who is new, docs/metrics.md "Newcomers") to the latest
 * {@code end + max(horizons)} months, never past the snapshot's data horizon. A null bound is open.
 */
public record HistoryRange(Instant from, Instant to) {

  public static HistoryRange of(Config config) {
    Instant from = config.history().from();
    Instant to = config.history().to();
    if (!config.campaigns().isEmpty()) {
      if (from == null) {
        for (CampaignConfig c : config.campaigns()) {
          Instant needed = c.start().minus(Duration.ofDays(config.retention().preregistrationDays()));
          from = from == null || needed.isBefore(from) ? needed : from;
        }
      }
      if (to == null) {
        for (CampaignConfig c : config.campaigns()) {
          Instant needed = c.end().atZone(ZoneOffset.UTC).plusMonths(config.retention().maxHorizon()).toInstant();
          to = to == null || needed.isAfter(to) ? needed : to;
        }
      }
    }
    Instant horizon = config.dataHorizon();
    if (to == null || to.isAfter(horizon)) {
      to = horizon;
    }
    return new HistoryRange(from, to);
  }

  @Override
  public String toString() {
    return "[" + (from == null ? "beginning" : from) + ", " + to + ")";
  }
}
