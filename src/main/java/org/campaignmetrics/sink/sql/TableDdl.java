package org.campaignmetrics.sink.sql;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Datasets;

/**
 * The DDL that registers every public aggregate of a warehouse as an external table partitioned by
 * {@code snapshot} (Hive metastore through Hive or Spark SQL, or Trino/Presto's Hive connector), and
 * adds the partitions of the snapshots that have it, so the Data Lake copy can be read by Presto and
 * the Superset of Wikimedia. The tables read the partition folders: a query that runs during a
 * run's commit (the few seconds between the moves and the deletes, docs/datasets.md "Commits") can
 * count a file twice; schedule readers after the job, or read through the commit record.
 */
public final class TableDdl {
  public enum Dialect { hive, spark, trino }

  private final Dialect dialect;
  private final String database;
  private final String catalog;

  /**
   * @param database the metastore database (schema) of the tables
   * @param catalog Trino's catalog of the Hive connector (e.g. {@code hive}; {@code analytics_hive} at WMF)
   */
  public TableDdl(Dialect dialect, String database, String catalog) {
    this.dialect = dialect;
    this.database = database;
    this.catalog = catalog;
  }

  /**
   * @param root the warehouse root, as a URI the engine can read (hdfs://…, s3a://…, file:/…)
   * @param snapshots per public dataset, the snapshots whose newest commit record has it
   */
  public String statements(Path root, Map<String, List<String>> snapshots) {
    StringBuilder out = new StringBuilder();
    out.append("-- campaign-metrics: the public aggregates of ").append(root).append(" as external tables (")
        .append(dialect).append(")\n");
    out.append(switch (dialect) {
      case hive, spark -> "CREATE DATABASE IF NOT EXISTS " + database + ";\n";
      case trino -> "CREATE SCHEMA IF NOT EXISTS " + catalog + "." + database + ";\n";
    });
    for (Map.Entry<String, StructType> dataset : Datasets.PUBLIC.entrySet()) {
      String name = dataset.getKey();
      String location = new Path(root, name).toString();
      out.append('\n').append(create(name, dataset.getValue(), location));
      for (String snapshot : snapshots.getOrDefault(name, List.of())) {
        out.append(addPartition(name, snapshot, new Path(new Path(root, name), "snapshot=" + snapshot).toString()));
      }
    }
    return out.toString();
  }

  private String create(String name, StructType schema, String location) {
    StringBuilder sql = new StringBuilder();
    switch (dialect) {
      case hive -> {
        sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(database).append('.').append(name).append(" (\n");
        columns(sql, schema, false);
        sql.append(")\nPARTITIONED BY (snapshot STRING)\nSTORED AS PARQUET\nLOCATION '").append(location)
            .append("';\n");
      }
      case spark -> {
        sql.append("CREATE TABLE IF NOT EXISTS ").append(database).append('.').append(name).append(" (\n");
        columns(sql, schema, true);
        sql.append(")\nUSING parquet\nPARTITIONED BY (snapshot)\nLOCATION '").append(location).append("';\n");
      }
      case trino -> {
        sql.append("CREATE TABLE IF NOT EXISTS ").append(catalog).append('.').append(database).append('.')
            .append(name).append(" (\n");
        columns(sql, schema, true);
        sql.append(")\nWITH (format = 'PARQUET', external_location = '").append(location)
            .append("', partitioned_by = ARRAY['snapshot']);\n");
      }
    }
    return sql.toString();
  }

  private void columns(StringBuilder sql, StructType schema, boolean withSnapshot) {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      sql.append("  ").append(fields[i].name()).append(' ').append(type(fields[i].dataType()));
      sql.append(i < fields.length - 1 || withSnapshot ? ",\n" : "\n");
    }
    if (withSnapshot) {
      sql.append("  snapshot ").append(type(DataTypes.StringType)).append('\n');
    }
  }

  private String addPartition(String name, String snapshot, String location) {
    return switch (dialect) {
      case hive -> "ALTER TABLE " + database + "." + name + " ADD IF NOT EXISTS PARTITION (snapshot='" + snapshot
          + "') LOCATION '" + location + "';\n";
      case spark -> "ALTER TABLE " + database + "." + name + " ADD IF NOT EXISTS PARTITION (snapshot='" + snapshot
          + "');\n";
      case trino -> "CALL " + catalog + ".system.register_partition('" + database + "', '" + name
          + "', ARRAY['snapshot'], ARRAY['" + snapshot + "']);\n";
    };
  }

  private String type(DataType type) {
    return SqlTypes.of(type, dialect == Dialect.trino ? SqlTypes.Dialect.TRINO : SqlTypes.Dialect.HIVE);
  }
}
