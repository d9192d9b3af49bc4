package org.campaignmetrics.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.job.IngestJob;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.spark.SparkSessions;
import picocli.CommandLine.Option;

/** Options every job command takes; the descriptions are the {@code --help} and the README table. */
final class JobOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "YAML config (see README \"Config reference\"), e.g. conf/sample.yaml.")
  Path config;

  @Option(names = "--snapshot", paramLabel = "YYYY-MM",
      description = "History snapshot to use; overrides the config's snapshot.")
  String snapshot;

  @Option(names = "--warehouse", paramLabel = "PATH",
      description = "Root of all outputs (local path, hdfs://, s3a://); overrides the config's warehouse.")
  String warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master for local runs (default local[*]; under spark-submit use its own --master).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting, e.g. --conf spark.sql.shuffle.partitions=8; repeatable.")
  List<String> sparkConf = new ArrayList<>();

  @Option(names = "--allow-open-month",
      description = "Read a live source (replicas, CampaignEvents over JDBC) for a snapshot month that has not "
          + "ended yet; its numbers will change as the month goes on. Off by default.")
  boolean allowOpenMonth;

  /** The config with the command-line overrides applied; fails (exit 2) naming the key. */
  Config load() {
    Config loaded = ConfigLoader.load(config);
    if (snapshot != null) {
      try {
        if (!snapshot.matches("\\d{4}-\\d{2}")) {
          throw new DateTimeParseException("format", snapshot, 0);
        }
        loaded = loaded.withSnapshot(YearMonth.parse(snapshot));
      } catch (DateTimeParseException e) {
        throw new ConfigException("--snapshot: '" + snapshot + "' is not a month in the form YYYY-MM");
      }
    }
    if (warehouse != null) {
      loaded = loaded.withWarehouse(warehouse);
    }
    for (String kv : sparkConf) {
      if (kv.indexOf('=') <= 0) {
        throw new ConfigException("--conf: '" + kv + "' is not KEY=VALUE");
      }
      if (SparkSessions.refused(kv) != null) {
        throw new ConfigException(SparkSessions.refused(kv));
      }
    }
    refuseOpenMonth(loaded, Instant.now(), allowOpenMonth);
    return loaded;
  }

  /**
   * A live source read for a month that has not ended by the clock would give numbers that change
   * with the hour of the run: refused unless {@code --allow-open-month}. Dumps and tables are
   * snapshots already taken.
   */
  static void refuseOpenMonth(Config config, Instant now, boolean allowed) {
    boolean replicas = config.history() != null && config.history().source() == Config.HistoryConfig.Source.REPLICAS;
    boolean jdbc = config.campaignevents() != null
        && config.campaignevents().source() == Config.CampaignEventsConfig.Source.JDBC;
    if (!allowed && (replicas || jdbc) && now.isBefore(config.dataHorizon())) {
      throw new ConfigException("snapshot: " + config.snapshotText() + " has not ended yet (it ends "
          + config.dataHorizon() + ") and " + (replicas ? "history.source: replicas" : "campaignevents.source: jdbc")
          + " reads live data, which would change with the hour of the run; use the last ended month, or pass "
          + "--allow-open-month");
    }
  }

  /** {@link #load}, then every participant list read once (a bad one fails here, exit 2, before Spark starts), then logged. */
  Config loadChecked(String command) {
    Config loaded = load();
    IngestJob.checkParticipantLists(loaded);
    ConfigLog.log(command, loaded);
    return loaded;
  }

  SparkSessions.Owned session(String command) {
    return SparkSessions.open("campaign-metrics " + command, master, sparkConf);
  }

  /** A job's session with a progress line every 30 s while it runs; closing stops both. */
  JobSession jobSession(String command) {
    SparkSessions.Owned session = session(command);
    return new JobSession(session, new Progress(session.spark()));
  }

  record JobSession(SparkSessions.Owned owned, Progress progress) implements AutoCloseable {
    SparkSession spark() {
      return owned.spark();
    }

    @Override
    public void close() {
      try {
        progress.close();
      } finally {
        owned.close();
      }
    }
  }
}
