package org.campaignmetrics.job;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.Warehouse;

/** {@code show}: the rows of one dataset of the config's snapshot, filtered and limited. */
public final class ShowJob {
  private static final String INTERNAL = Warehouse.INTERNAL_DIR + "/";

  private ShowJob() {}

  /** The rows, or empty when the snapshot has no such dataset (or it is incomplete). */
  public static Optional<Dataset<Row>> rows(SparkSession spark, Config config, String dataset, String where,
      int limit) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    // internal/<name>: the internal tree's; a name only the internal tree has is looked for there
    boolean internal = dataset.startsWith(INTERNAL);
    String name = internal ? dataset.substring(INTERNAL.length()) : dataset;
    if (internal || (Datasets.INTERNAL.containsKey(name) && !Datasets.PUBLIC.containsKey(name))) {
      warehouse = warehouse.internal();
    }
    if (!warehouse.isComplete(name, config.snapshotText())) {
      return Optional.empty();
    }
    Dataset<Row> rows = warehouse.read(name, config.snapshotText()).drop("snapshot");
    if (where != null) {
      rows = rows.where(where);
    }
    return Optional.of(rows.limit(limit));
  }
}
