package org.campaignmetrics.cli;

import java.util.Locale;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.source.IngestResult;

/** The short reports commands print to stdout (logs go to stderr). */
final class Summaries {
  private Summaries() {}

  static String ingest(Config config, IngestResult r) {
    return String.format(Locale.ROOT,
        "ingest %s: %s%d files read, %d skipped; %d lines, %d edits, %d rejected; %d s%n  outputs: %s/{edits,users,ingest_rejects,ingest_stats}/snapshot=%s",
        config.snapshotText(), r.alreadyStaged() ? "already staged — " : "", r.filesIngested(), r.filesSkipped(),
        r.linesRead(), r.edits(), r.rejected(), r.seconds(), config.warehouse(), config.snapshotText());
  }
}
