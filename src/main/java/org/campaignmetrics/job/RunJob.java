package org.campaignmetrics.job;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;

/**
 * {@code run}: everything the config asks for, in order, skipping what is done — the
 * CampaignEvents tables when configured, ingest, retention when there are campaigns (listed,
 * or the events with {@code campaigns_from}), goals when {@code campaignevents:} is set.
 */
public final class RunJob {
  private RunJob() {}

  /**
   * What {@code run} did.
   *
   * @param retention the retention table's lines, or null when there were no campaigns
   * @param goals the goals summary's lines, or null without {@code campaignevents:}
   */
  public record Result(IngestResult ingest, Config config, List<String> retention, List<String> goals) {}

  public static Result run(SparkSession spark, Config config) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    Result result = SnapshotLock.publishing(warehouse, config, "run", () -> run(spark, config, warehouse));
    ReportJob.run(spark, config); // the committed snapshot's report, the last step
    return result;
  }

  public static Result run(SparkSession spark, Config config, Warehouse warehouse) {
    CampaignEventsSource.Data events = config.campaignevents() == null ? null : GoalsJob.read(spark, config);
    try {
      return run(spark, config, warehouse, events);
    } finally {
      if (events != null) {
        events.release(); // after goals, the last step that reads them
      }
    }
  }

  private static Result run(SparkSession spark, Config config, Warehouse warehouse, CampaignEventsSource.Data events) {
    GoalsJob.WithEvents withEvents = events == null ? new GoalsJob.WithEvents(config)
        : GoalsJob.withEventCampaigns(config, events);
    Config withCampaigns = withEvents.config();
    IngestResult ingest;
    List<String> retention;
    try {
      // a goals-only config (campaignevents and no history) ingests nothing
      ingest = withCampaigns.history() == null ? null : IngestJob.run(spark, withCampaigns, warehouse);
      retention = withCampaigns.campaigns().isEmpty() ? null
          : RetentionJob.run(spark, withCampaigns, warehouse, withEvents.centralAccounts()).lines();
    } finally {
      withEvents.release(); // the registrants are read by retention only
    }
    List<String> goals = events == null ? null : GoalsJob.run(spark, withCampaigns, warehouse, events).lines();
    return new Result(ingest, withCampaigns, retention, goals);
  }
}
