package org.campaignmetrics.sink.superset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.SnapshotCommit;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.sql.SqlTypes;

/**
 * The SQL of the DuckDB catalog that the embedded Superset reads: for each public dataset a view
 * {@code <name>} over the files the newest commit record of the newest snapshot lists, and a view
 * {@code <name>_all_snapshots} over each snapshot's newest record, with {@code snapshot} as a column
 * (read from the {@code snapshot=S} folder). File lists, never globs: a file beside the record's
 * (a run's commit under way) is not read. A dataset no snapshot has is an empty view of its columns,
 * so every chart answers. Also a table {@code _catalog}: which record of which snapshot it was built
 * from. The job jar does not carry DuckDB: superset/catalog.py runs this SQL with the Superset venv's
 * duckdb (1.5.x) into a new file and renames it over the old one.
 *
 * <p>The views name files, so a commit that replaces them makes the catalog stale: rebuild it after
 * each run (serve.sh and setup.sh do; docs/dashboards.md).
 */
public final class DuckDbCatalog {
  private DuckDbCatalog() {}

  public static String sql(Warehouse warehouse) {
    Map<String, SnapshotCommit> records = warehouse.latestCommits();
    StringBuilder sql = new StringBuilder();
    sql.append("-- campaign-metrics DuckDB catalog for Superset: views over the committed files of ")
        .append(warehouse.root()).append("\n");
    sql.append("CREATE OR REPLACE TABLE _catalog (snapshot VARCHAR, commit_number BIGINT, committed_at VARCHAR);\n");
    for (SnapshotCommit record : records.values()) {
      sql.append("INSERT INTO _catalog VALUES (").append(literal(record.snapshot())).append(", ")
          .append(record.number()).append(", ").append(literal(record.committedAt())).append(");\n");
    }
    for (Map.Entry<String, StructType> dataset : Datasets.PUBLIC.entrySet()) {
      String name = dataset.getKey();
      List<String> all = new ArrayList<>();
      List<String> newest = new ArrayList<>();
      for (SnapshotCommit record : records.values()) {
        SnapshotCommit.Entry entry = record.datasets().get(name);
        if (entry == null) {
          continue;
        }
        newest = new ArrayList<>();
        for (SnapshotCommit.FileRef file : entry.files()) {
          String path = localPath(warehouse.fs().makeQualified(new Path(new Path(warehouse.root(), entry.partition()), file.path())));
          all.add(path);
          newest.add(path);
        }
      }
      sql.append(view(name, newest, dataset.getValue()));
      sql.append(view(name + "_all_snapshots", all, dataset.getValue()));
    }
    return sql.toString();
  }

  private static String view(String view, List<String> files, StructType schema) {
    StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW \"").append(view).append("\" AS ");
    if (files.isEmpty()) {
      sql.append("SELECT ");
      for (StructField field : schema.fields()) {
        sql.append("CAST(NULL AS ").append(SqlTypes.of(field.dataType(), SqlTypes.Dialect.DUCKDB)).append(") AS \"").append(field.name()).append("\", ");
      }
      return sql.append("CAST(NULL AS VARCHAR) AS snapshot WHERE false;\n").toString();
    }
    sql.append("SELECT * FROM read_parquet([");
    for (int i = 0; i < files.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(literal(files.get(i)));
    }
    return sql.append("], hive_partitioning = true, hive_types = {'snapshot': VARCHAR}, union_by_name = true);\n")
        .toString();
  }

  private static String localPath(Path path) {
    String scheme = path.toUri().getScheme();
    if (scheme != null && !scheme.equals("file")) {
      throw new IllegalArgumentException("the DuckDB catalog reads local files; the warehouse is " + path.toUri()
          + " (use --database presto with `tables`, or copy the warehouse)");
    }
    return path.toUri().getPath();
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
