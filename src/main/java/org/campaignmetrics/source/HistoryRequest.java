package org.campaignmetrics.source;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.sink.Warehouse;

/**
 * What a {@link HistorySource} is asked for: the config's snapshot, range and wikis, the warehouse
 * to write to, and whose history is wanted.
 *
 * @param participants the normalised user names of every campaign's participants, sorted, or null
 *     when the config lists no campaigns (read every revision and user); asked for only by a
 *     source that can read less with them (the replicas: reading the lists may query Commons)
 */
public record HistoryRequest(SparkSession spark, Config config, Warehouse warehouse,
    Supplier<List<String>> participants) {

  /** A request for everything (tests, and sources that read whole files anyway). */
  public static HistoryRequest everything(SparkSession spark, Config config, Warehouse warehouse) {
    return new HistoryRequest(spark, config, warehouse, () -> null);
  }

  public List<String> participantNames() {
    return participants.get();
  }
}
