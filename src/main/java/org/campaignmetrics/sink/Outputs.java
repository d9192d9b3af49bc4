package org.campaignmetrics.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;

/** Publishes a small aggregate: one Parquet file, and with {@code csv} in output.formats a headed CSV. */
public final class Outputs {
  private Outputs() {}

  public static void publish(Warehouse warehouse, Config config, String name, Dataset<Row> data) {
    warehouse.writeParquet(data.coalesce(1), name, config.snapshotText());
    if (config.output().csv()) {
      Dataset<Row> written = warehouse.read(name, config.snapshotText()).drop("snapshot");
      for (StructField field : written.schema().fields()) {
        if (field.dataType() instanceof ArrayType || field.dataType() instanceof StructType) {
          written = written.withColumn(field.name(), to_json(col(field.name()))); // CSV has no arrays: JSON text
        }
      }
      warehouse.writeCsv(written, name, config.snapshotText());
    }
  }
}
