package org.campaignmetrics.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention against what the ingest read ({@code edits}' {@code _coverage.json}, docs/metrics.md
 * "Censoring"): what the config's campaigns and participants need and was not read fails the run
 * with what to do; windows past the history read are censored by {@code Windows}, never zeros.
 */
final class CoverageCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CoverageCheck.class);
  /** Names shown in a message about participants whose history was not read. */
  private static final int EXAMPLES = 3;

  private CoverageCheck() {}

  /**
   * The coverage of the snapshot's edits; a warehouse ingested before coverage was recorded is taken
   * to hold the range the config asks for now (said in the log: ingest again to be sure).
   */
  static HistoryCoverage read(Warehouse warehouse, Config config) {
    String text = warehouse.sideFile(Edits.NAME, config.snapshotText(), HistoryCoverage.SIDE_FILE);
    if (text != null) {
      return HistoryCoverage.fromJson(text, warehouse.partitionPath(Edits.NAME, config.snapshotText()) + "/"
          + HistoryCoverage.SIDE_FILE);
    }
    LOG.warn("retention: edits of snapshot {} does not say what was read (no {}: ingested by an older version); "
        + "assuming the range the config asks for — run ingest again to record it", config.snapshotText(),
        HistoryCoverage.SIDE_FILE);
    return null;
  }

  /**
   * True when {@code dataset} (e.g. {@code global_users}) was written by the same ingest as the
   * snapshot's edits: its {@code _coverage.json} says what the edits' one says ({@code edits}, read
   * once by {@link #read}). A partition left by an earlier
   * run with other settings is not used (logged).
   */
  static boolean sameRun(Warehouse warehouse, String snapshot, String dataset, HistoryCoverage edits) {
    if (!warehouse.isComplete(dataset, snapshot)) {
      return false;
    }
    String mine = warehouse.sideFile(dataset, snapshot, HistoryCoverage.SIDE_FILE);
    boolean same = mine != null && edits != null
        && edits.equals(HistoryCoverage.fromJson(mine, dataset + " " + HistoryCoverage.SIDE_FILE));
    if (!same) {
      LOG.warn("retention: {} of snapshot {} was not written by the ingest of its edits (other settings); not used",
          dataset, snapshot);
    }
    return same;
  }

  /**
   * Fails when the campaigns or participants need history that was not read.
   *
   * @param listedNames every participant's normalised name
   */
  static void require(Config config, HistoryCoverage coverage, Set<String> listedNames) {
    if (coverage == null) {
      return;
    }
    String snapshot = config.snapshotText();
    List<String> problems = new ArrayList<>();
    for (CampaignConfig campaign : config.campaigns()) {
      Instant needed = campaign.start().minus(Duration.ofDays(config.retention().preregistrationDays()));
      if (coverage.from() != null && needed.isBefore(coverage.from())) {
        problems.add("campaign " + campaign.id() + " needs history from " + needed + " (its start − "
            + config.retention().preregistrationDays() + " preregistration days, to tell who is new), but edits "
            + "of snapshot " + snapshot + " were read from " + coverage.from());
      }
    }
    for (String wiki : config.retention().wikis()) {
      if (!coverage.readWiki(wiki)) {
        problems.add("retention.wikis lists " + wiki + ", whose history was not ingested (read: "
            + coverage.wikis() + ")");
      }
    }
    if (coverage.participants() != null) {
      Set<String> read = new HashSet<>(coverage.participants());
      List<String> missing = listedNames.stream().filter(n -> !read.contains(n)).sorted().toList();
      if (!missing.isEmpty()) {
        problems.add(missing.size() + " participant(s) whose revisions the ingest did not read, e.g. "
            + missing.subList(0, Math.min(EXAMPLES, missing.size())) + " (the participants changed since the "
            + "ingest, or it ran without the campaigns_from events)");
      }
    }
    if (!problems.isEmpty()) {
      throw new IngestException("retention: the history ingested for snapshot " + snapshot
          + " does not cover this config: " + String.join("; ", problems)
          + ". Run ingest again with this config (or run, which does both)", null);
    }
  }
}
