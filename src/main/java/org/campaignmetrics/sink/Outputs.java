package org.campaignmetrics.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;
import org.campaignmetrics.spark.Frames;

/**
 * The one place that decides where a published dataset goes: its Parquet partition, and with
 * {@code csv} in {@code output.formats} a headed CSV ({@code <warehouse>/csv/<name>/snapshot=S/<name>.csv},
 * arrays and structs as JSON text). Every job and source publishes through it.
 */
public final class Outputs {
  private Outputs() {}

  /**
   * A small aggregate: one Parquet file, and its CSV. A flat one is collected once and written by the
   * driver (one Spark job, not three: the Parquet write, and the CSV's read back and write); one with
   * arrays or structs is written by Spark, its CSV read back from what was written.
   */
  public static void publish(Warehouse warehouse, Config config, String name, Dataset<Row> data) {
    publish(warehouse, config, name, data, Map.of());
  }

  /** As {@link #publish(Warehouse, Config, String, Dataset)}, with small files placed in the partition. */
  public static void publish(Warehouse warehouse, Config config, String name, Dataset<Row> data,
      Map<String, String> sideFiles) {
    if (DirectParquetWriter.takesRows(data.schema())) {
      publish(warehouse, config, name, data.collectAsList(), data.schema(), sideFiles);
      return;
    }
    warehouse.writeParquet(data.coalesce(1), name, config.snapshotText(), sideFiles);
    if (config.output().csv()) {
      writeCsv(warehouse, config, name, warehouse.read(name, config.snapshotText()).drop("snapshot"));
    }
  }

  /**
   * Several aggregates, as {@link #publish(Warehouse, Config, String, Dataset)} each, in the order
   * given; the flat ones are collected side by side first ({@link Frames#collectTogether}: their
   * many short jobs wait on the driver together, not one after another).
   */
  public static void publishAll(Warehouse warehouse, Config config, Map<String, Dataset<Row>> outputs) {
    List<String> flat = outputs.entrySet().stream()
        .filter(e -> DirectParquetWriter.takesRows(e.getValue().schema())).map(Map.Entry::getKey).toList();
    List<List<Row>> rows = Frames.collectTogether(flat.stream().map(outputs::get).toList());
    for (Map.Entry<String, Dataset<Row>> e : outputs.entrySet()) {
      int i = flat.indexOf(e.getKey());
      if (i >= 0) {
        publish(warehouse, config, e.getKey(), rows.get(i), e.getValue().schema(), Map.of());
      } else {
        publish(warehouse, config, e.getKey(), e.getValue());
      }
    }
  }

  /** Rows the driver holds (counters, stats): Parquet and CSV written without a Spark job. */
  public static void publish(Warehouse warehouse, Config config, String name, List<Row> rows, StructType schema) {
    publish(warehouse, config, name, rows, schema, Map.of());
  }

  /** As {@link #publish(Warehouse, Config, String, List, StructType)}, with small files placed in the partition. */
  public static void publish(Warehouse warehouse, Config config, String name, List<Row> rows, StructType schema,
      Map<String, String> sideFiles) {
    warehouse.writeParquet(rows, schema, name, config.snapshotText(), sideFiles);
    if (config.output().csv()) {
      if (nested(schema)) {
        writeCsv(warehouse, config, name, warehouse.spark().createDataFrame(rows, schema));
      } else {
        warehouse.writeCsv(rows, schema, name, config.snapshotText());
      }
    }
  }

  /**
   * A per-person or private-inclusive dataset: Parquet in the internal tree
   * ({@code <warehouse>/internal/<name>/snapshot=S/}), never CSV, never in the public tree.
   */
  public static void internal(Warehouse warehouse, Config config, String name, Dataset<Row> data) {
    warehouse.internal().writeParquet(data.coalesce(1), name, config.snapshotText(), Map.of());
  }

  /**
   * With {@code privacy.internal_outputs} off: deletes these internal datasets' partitions of the
   * snapshot (a run with it on may have left them), and where a name is no public dataset's, the
   * partition an older version wrote into the public tree.
   */
  public static void dropInternal(Warehouse warehouse, Config config, List<String> names) {
    for (String name : names) {
      warehouse.internal().drop(name, config.snapshotText());
      if (!Datasets.PUBLIC.containsKey(name)) {
        warehouse.drop(name, config.snapshotText());
      }
    }
  }

  private static boolean nested(StructType schema) {
    for (StructField field : schema.fields()) {
      if (field.dataType() instanceof ArrayType || field.dataType() instanceof StructType) {
        return true;
      }
    }
    return false;
  }

  private static void writeCsv(Warehouse warehouse, Config config, String name, Dataset<Row> written) {
    warehouse.writeCsv(nestedAsJson(written), name, config.snapshotText()); // CSV has no arrays: JSON text
  }

  /** {@code data} with every array or struct column as its JSON text (the CSV copies, the SQL tables). */
  public static Dataset<Row> nestedAsJson(Dataset<Row> data) {
    for (StructField field : data.schema().fields()) {
      if (field.dataType() instanceof ArrayType || field.dataType() instanceof StructType) {
        data = data.withColumn(field.name(), to_json(col(field.name())));
      }
    }
    return data;
  }
}
