package org.campaignmetrics.job;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.sink.Warehouse;

/** {@code show}: the rows of one dataset of the config's snapshot, filtered and limited. */
public final class ShowJob {
  private ShowJob() {}

  /** The rows, or empty when the snapshot has no such dataset (or it is incomplete). */
  public static Optional<Dataset<Row>> rows(SparkSession spark, Config config, String dataset, String where,
      int limit) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    if (!warehouse.isComplete(dataset, config.snapshotText())) {
      return Optional.empty();
    }
    Dataset<Row> rows = warehouse.read(dataset, config.snapshotText()).drop("snapshot");
    if (where != null) {
      rows = rows.where(where);
    }
    return Optional.of(rows.limit(limit));
  }
}
