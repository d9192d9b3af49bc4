package org.campaignmetrics.source;

/**
 * A reader of edit history: it turns one kind of input into the canonical {@code edits} and
 * {@code users} of the config's snapshot, with {@code ingest_rejects} and {@code ingest_stats}
 * written through {@link IngestReport}, in the warehouse it is handed. Implemented by the
 * history dumps, a mediawiki_history table and the Wiki Replicas; {@code job/HistorySources}
 * is the one place that names them (docs/architecture.md, "How to add a source").
 */
public interface HistorySource {
  /** Reads, stages and publishes; a snapshot already staged from the same input is not read again. */
  IngestResult ingest();
}
