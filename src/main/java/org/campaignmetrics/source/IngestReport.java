package org.campaignmetrics.source;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.model.IngestRejects;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.sink.Outputs;
import org.campaignmetrics.sink.Warehouse;

/**
 * What every history source reports next to {@code edits} and {@code users}: the reject-ratio
 * check (before anything is published), {@code ingest_rejects} and {@code ingest_stats} (one row
 * per input: a dump file, a table's wiki, a replica wiki; lines read = accepted + rejected), and
 * the run's totals. One implementation for all sources, so a new source cannot forget the check.
 */
public final class IngestReport {
  private final Warehouse warehouse;
  private final Config config;

  public IngestReport(Warehouse warehouse, Config config) {
    this.warehouse = warehouse;
    this.config = config;
  }

  /** One input's lines read and rejected, as the check sees it. */
  public record InputCount(String input, long linesRead, long rejected) {
    double ratio() {
      return linesRead == 0 ? 0.0 : (double) rejected / linesRead;
    }
  }

  /** The check's view of {@code ingest_stats} rows (rows without counts, e.g. skipped files, are left out). */
  public static List<InputCount> counts(List<Row> statRows) {
    return statRows.stream()
        .filter(r -> !r.isNullAt(r.fieldIndex(IngestStats.LINES_READ)) && !r.isNullAt(r.fieldIndex(IngestStats.REJECTED)))
        .map(r -> new InputCount(r.getAs(IngestStats.FILE), r.<Long>getAs(IngestStats.LINES_READ),
            r.<Long>getAs(IngestStats.REJECTED)))
        .toList();
  }

  /**
   * Fails the run, naming the worst input, when any input's rejected share is above
   * {@code ingest.max_reject_ratio}; call it before publishing anything.
   *
   * @param rejectsAt where the rejects can be looked at (the staging folder), for the message
   */
  public void checkRejectRatio(List<InputCount> inputs, String rejectsAt) {
    double limit = config.ingest().maxRejectRatio();
    List<InputCount> over = inputs.stream().filter(c -> c.ratio() > limit)
        .sorted(Comparator.comparingDouble(InputCount::ratio).reversed()).toList();
    if (!over.isEmpty()) {
      InputCount worst = over.get(0);
      throw new IngestException(String.format(Locale.ROOT,
          "ingest: %d file(s) over ingest.max_reject_ratio %s; worst: %s with %d of %d lines rejected (%.4f). "
              + "Nothing was published for snapshot %s; see the rejects staged under %s",
          over.size(), limit, worst.input(), worst.rejected(), worst.linesRead(), worst.ratio(),
          config.snapshotText(), rejectsAt), null);
    }
  }

  /** {@code ingest_rejects}: the rows, in {@link IngestRejects#SCHEMA}. */
  public void publishRejects(Dataset<Row> rejects) {
    warehouse.internal().writeParquet(rejects, IngestRejects.NAME, config.snapshotText());
  }

  /** {@code ingest_rejects} of a run that rejected nothing: an empty partition, so readers find one. */
  public void publishNoRejects() {
    warehouse.internal().writeParquet(List.of(), IngestRejects.SCHEMA, IngestRejects.NAME, config.snapshotText());
  }

  /** {@code ingest_stats} from rows already on the driver (no Spark job), and its CSV when asked. */
  public void publishStats(List<Row> statRows) {
    publishStats(statRows, Map.of());
  }

  /** As {@link #publishStats(List)}, with files written beside it (e.g. the inputs it counts). */
  public void publishStats(List<Row> statRows, Map<String, String> sideFiles) {
    Outputs.publish(warehouse, config, IngestStats.NAME, statRows, IngestStats.SCHEMA, sideFiles);
  }

  /** {@code ingest_stats} from a small Dataset, with files written beside it (e.g. a source's fingerprint). */
  public void publishStats(Dataset<Row> stats, Map<String, String> sideFiles) {
    Outputs.publish(warehouse, config, IngestStats.NAME, stats, sideFiles);
  }

  /** The run's totals, read back from the published {@code ingest_stats}. */
  public IngestResult published(boolean alreadyStaged, long seconds) {
    return IngestResult.fromStats(warehouse.read(IngestStats.NAME, config.snapshotText()), alreadyStaged, seconds);
  }
}
