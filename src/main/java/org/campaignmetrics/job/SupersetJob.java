package org.campaignmetrics.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.sink.SnapshotCommit;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.sql.TableDdl;
import org.campaignmetrics.sink.superset.DuckDbCatalog;
import org.campaignmetrics.sink.superset.SupersetBundle;
import org.campaignmetrics.sink.superset.SupersetBundle.Backend;

/** The {@code superset} and {@code tables} commands: what dashboards and engines need to read the outputs. */
public final class SupersetJob {
  private SupersetJob() {}

  /** {@code superset --database}: where Superset reads the aggregates ({@link Backend}). */
  public enum Database { duckdb, postgresql, mariadb, presto }

  /** {@code tables --dialect} ({@link TableDdl.Dialect}). */
  public enum Dialect { hive, spark, trino }

  /**
   * @param zip the bundle (its folder also gets the DuckDB catalog's SQL)
   * @param catalogSql the catalog SQL written (duckdb), or null
   */
  public record BundleResult(Path zip, Path catalogSql, String sqlalchemyUri, int datasets, int charts) {}

  /**
   * Writes the bundle for {@code backend}. DuckDB: the URI names {@code duckdbFile} and
   * {@code <zip folder>/campaign_metrics_catalog.sql} gets the views (superset/catalog.py turns it
   * into that file). PostgreSQL and MariaDB: the URI is made from {@code output.sql} and its user
   * (no password). Presto: {@code sqlalchemyUri} is required.
   */
  public static BundleResult bundle(SparkSession spark, Config config, Database database, Path zip, Path duckdbFile,
      String sqlalchemyUri, String schema) {
    Backend backend = Backend.valueOf(database.name());
    String uri = sqlalchemyUri;
    String tableSchema = schema;
    switch (backend) {
      case duckdb -> {
        uri = uri != null ? uri : "duckdb:///" + duckdbFile.toAbsolutePath().normalize();
        tableSchema = tableSchema != null ? tableSchema : "main";
      }
      case postgresql, mariadb -> {
        Config.SqlOutput sql = config.output().sql();
        if (uri == null) {
          if (sql == null || sql.postgresql() != (backend == Backend.postgresql)) {
            throw new ConfigException("--database " + backend + ": the config has no output.sql." + "url of jdbc:"
                + backend + "://… (the tables the job publishes); set it, or give --sqlalchemy-uri");
          }
          String user = SqlPublish.credentials(config).getProperty("user");
          uri = sqlalchemyUri(sql.url(), user, backend);
        }
        tableSchema = tableSchema != null ? tableSchema : sql != null ? sql.schema() : Config.SqlOutput.DEFAULT_SCHEMA;
      }
      case presto -> {
        if (uri == null) {
          throw new ConfigException("--database presto: give --sqlalchemy-uri, e.g. "
              + "presto://analytics-presto.eqiad.wmnet:8281/analytics_hive or trino://host:8080/hive");
        }
        tableSchema = tableSchema != null ? tableSchema : Config.SqlOutput.DEFAULT_SCHEMA;
      }
    }
    SupersetBundle bundle = new SupersetBundle(new SupersetBundle.Target(backend, uri, tableSchema),
        config.retention().horizons());
    Path catalogSql = null;
    try {
      Path folder = zip.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".bundle-", ".zip");
      try (OutputStream out = Files.newOutputStream(temp)) {
        bundle.writeZip(out);
      }
      Files.move(temp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (backend == Backend.duckdb) {
        catalogSql = folder.resolve("campaign_metrics_catalog.sql");
        Path tempSql = Files.createTempFile(folder, ".catalog-", ".sql");
        Files.writeString(tempSql, DuckDbCatalog.sql(new Warehouse(spark, config.warehouse())), StandardCharsets.UTF_8);
        Files.move(tempSql, catalogSql, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the Superset bundle " + zip, e);
    }
    long datasets = bundle.files().keySet().stream().filter(p -> p.startsWith("datasets/")).count();
    return new BundleResult(zip, catalogSql, uri, (int) datasets, bundle.chartTitles().size());
  }

  /** {@code jdbc:postgresql://h:p/db} to {@code postgresql+psycopg2://user@h:p/db}; MariaDB to {@code mysql+pymysql://}. */
  static String sqlalchemyUri(String jdbcUrl, String user, Backend backend) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String driver = backend == Backend.postgresql ? "postgresql+psycopg2" : "mysql+pymysql";
    String userPart = user == null || user.isEmpty() ? "" : encode(user) + "@";
    int port = uri.getPort();
    return driver + "://" + userPart + uri.getHost() + (port > 0 ? ":" + port : "") + (uri.getPath() == null ? "" : uri.getPath());
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The {@code tables} command's DDL for the config's warehouse. */
  public static String tables(SparkSession spark, Config config, Dialect dialect, String database,
      String catalog) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    Map<String, List<String>> snapshots = new LinkedHashMap<>();
    for (SnapshotCommit record : warehouse.latestCommits().values()) {
      for (String name : record.datasets().keySet()) {
        snapshots.computeIfAbsent(name, k -> new ArrayList<>()).add(record.snapshot());
      }
    }
    org.apache.hadoop.fs.Path root = warehouse.fs().makeQualified(warehouse.root());
    return new TableDdl(TableDdl.Dialect.valueOf(dialect.name()), database, catalog).statements(root, snapshots);
  }
}
