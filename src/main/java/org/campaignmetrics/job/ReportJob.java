package org.campaignmetrics.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.model.GoalOutcomesBy;
import org.campaignmetrics.sink.SnapshotCommit;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.parquet.ParquetRows;
import org.campaignmetrics.sink.report.HtmlReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report} (and the last step of {@code run}): the committed snapshot's public aggregates as a
 * self-contained HTML report at {@code <warehouse>/report/snapshot=S/} ({@link HtmlReport}). The
 * pages are written into a new folder beside it, then renamed into place, so a reader sees the old
 * report or the new one (a kill in between leaves the old one, or none, never half).
 */
public final class ReportJob {
  private static final Logger LOG = LoggerFactory.getLogger("campaign-metrics");

  public record Result(Path folder, int pages) {}

  private ReportJob() {}

  public static Result run(SparkSession spark, Config config) {
    long started = System.nanoTime();
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    String snapshot = config.snapshotText();
    SnapshotCommit record = warehouse.latestCommit(snapshot);
    Map<String, List<Map<String, Object>>> outcomes = new LinkedHashMap<>();
    for (String dimension : GoalOutcomesBy.DIMENSIONS) {
      outcomes.put(dimension, rows(warehouse, GoalOutcomesBy.name(dimension), snapshot));
    }
    HtmlReport.Data data = new HtmlReport.Data(rows(warehouse, "campaigns", snapshot),
        rows(warehouse, "retention_summary", snapshot), rows(warehouse, "retention_curve", snapshot),
        rows(warehouse, "retention_rollup", snapshot), rows(warehouse, "retention_by_wiki", snapshot),
        rows(warehouse, "events", snapshot), rows(warehouse, "event_contribution_summary", snapshot),
        rows(warehouse, "event_goal_progress", snapshot), outcomes);
    Config.RetentionConfig r = config.retention();
    HtmlReport.Settings settings = new HtmlReport.Settings(snapshot, record == null ? null : record.committedAt(),
        config.privacy().minCellSize(), r.preregistrationDays(), r.window().name().toLowerCase(java.util.Locale.ROOT),
        r.horizons(), r.minEdits());
    Map<String, String> pages = HtmlReport.pages(settings, data);
    Path folder = write(warehouse, snapshot, pages);
    LOG.info("report: {} pages at {} ({} s)", pages.size(), folder,
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return new Result(folder, pages.size());
  }

  /**
   * A dataset's rows of the snapshot (the files of the newest commit record, read without a Spark
   * job: {@link ParquetRows}); none when the snapshot lacks it.
   */
  private static List<Map<String, Object>> rows(Warehouse warehouse, String name, String snapshot) {
    List<Path> files = warehouse.committedFiles(name, snapshot);
    if (files == null) {
      return List.of();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(ParquetRows.read(warehouse.spark().sparkContext().hadoopConfiguration(), file,
          Datasets.PUBLIC.get(name)));
    }
    return rows;
  }

  private static Path write(Warehouse warehouse, String snapshot, Map<String, String> pages) {
    FileSystem fs = warehouse.fs();
    Path parent = new Path(warehouse.root(), Warehouse.REPORT_DIR);
    Path target = new Path(parent, "snapshot=" + snapshot);
    Path temp = new Path(parent, "_tmp-" + UUID.randomUUID());
    Path old = new Path(parent, "_old-" + UUID.randomUUID());
    try {
      fs.mkdirs(temp);
      for (Map.Entry<String, String> page : pages.entrySet()) {
        try (OutputStream out = fs.create(new Path(temp, page.getKey()), true)) {
          out.write(page.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
      if (fs.exists(target) && !fs.rename(target, old)) {
        throw new IOException("could not move the old report " + target + " aside");
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("could not rename " + temp + " to " + target);
      }
      fs.delete(old, true);
      for (org.apache.hadoop.fs.FileStatus leftover : fs.listStatus(parent)) {
        String name = leftover.getPath().getName();
        if (name.startsWith("_tmp-") || name.startsWith("_old-")) {
          fs.delete(leftover.getPath(), true); // a killed earlier run's
        }
      }
      return fs.makeQualified(target);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report to " + target, e);
    }
  }
}
