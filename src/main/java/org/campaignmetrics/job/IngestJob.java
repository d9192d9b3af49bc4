package org.campaignmetrics.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.participants.ParticipantLists;
import org.campaignmetrics.spark.SpawnFreeLocalFileSystem;

/** The history half of {@code ingest} and {@code run}: {@code history.source} → the warehouse's edits and users. */
public final class IngestJob {
  private IngestJob() {}

  public static IngestResult run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    return SnapshotLock.publishing(warehouse, config, "ingest", () -> run(spark, config, warehouse));
  }

  public static IngestResult run(SparkSession spark, Config config, Warehouse warehouse) {
    if (config.history() == null) {
      throw new ConfigException("history: required to ingest (this config has only campaignevents: run goals)");
    }
    return HistorySources.of(new HistoryRequest(spark, config, warehouse, () -> participantNames(spark, config)))
        .ingest();
  }

  /**
   * The normalised names of every campaign's participants (lists and Commons categories), sorted;
   * null when the config lists no campaigns (every revision and user is wanted).
   */
  static List<String> participantNames(SparkSession spark, Config config) {
    if (config.campaigns().isEmpty()) {
      return null;
    }
    return new ArrayList<>(ParticipantLists.namesOf(
        ParticipantLists.everyone(spark.sparkContext().hadoopConfiguration(), config)));
  }

  /** Reads every participant list once, so that a bad one fails before Spark starts (exit 2). */
  public static int checkParticipantLists(Config config) {
    return ParticipantLists.names(SpawnFreeLocalFileSystem.configuration(), config).size();
  }
}
