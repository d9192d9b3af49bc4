package org.campaignmetrics.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.SupersetJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "superset", mixinStandardHelpOptions = true,
    description = {"Write the Superset 6 import bundle (v1 ZIP) of the dashboard \"Campaign retention and event "
        + "goals\": a dataset per public aggregate (named as the aggregate), the charts with saved query contexts, "
        + "the dashboard with its native filters; stable UUIDs, so a re-import updates in place.",
        "With --database duckdb (the default) it also writes campaign_metrics_catalog.sql beside the ZIP: the "
        + "views of the DuckDB catalog over the newest commit records, which superset/catalog.py turns into the "
        + "--duckdb-file (superset/serve.sh does all of it). README \"Dashboards\"."})
final class SupersetCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Option(names = "--database", paramLabel = "BACKEND", defaultValue = "duckdb",
      description = "duckdb (the Parquet through a DuckDB catalog, no server), postgresql or mariadb (the tables "
          + "output.sql publishes), presto (the Data Lake tables of `tables`); default ${DEFAULT-VALUE}.")
  SupersetJob.Database database;

  @Option(names = "--out", paramLabel = "ZIP", defaultValue = "build/superset/campaign_metrics_bundle.zip",
      description = "The bundle to write; default ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--duckdb-file", paramLabel = "FILE",
      description = "duckdb: the catalog file Superset opens (read-only); default campaign_metrics.duckdb beside --out.")
  Path duckdbFile;

  @Option(names = "--sqlalchemy-uri", paramLabel = "URI",
      description = "The database URI written into the bundle, without a password (required for presto, e.g. "
          + "presto://analytics-presto.eqiad.wmnet:8281/analytics_hive); by default made from the backend.")
  String sqlalchemyUri;

  @Option(names = "--schema", paramLabel = "NAME",
      description = "The schema of the tables: default main (duckdb), output.sql.schema (postgresql, mariadb), "
          + "campaign_metrics (presto).")
  String schema;

  @Override
  public Integer call() {
    Config config = options.load();
    Path file = duckdbFile != null ? duckdbFile
        : out.toAbsolutePath().getParent().resolve("campaign_metrics.duckdb");
    try (var session = options.session("superset")) {
      SupersetJob.BundleResult result = SupersetJob.bundle(session.spark(), config, database, out, file,
          sqlalchemyUri, schema);
      System.out.println("superset: wrote " + result.zip() + " (" + database + ", " + result.datasets() + " datasets, "
          + result.charts() + " charts, dashboard /superset/dashboard/campaign-retention/)");
      System.out.println("superset: database URI " + result.sqlalchemyUri());
      if (result.catalogSql() != null) {
        System.out.println("superset: DuckDB catalog SQL " + result.catalogSql() + " (superset/catalog.py "
            + result.catalogSql() + " " + file + " makes the catalog)");
      }
      return Main.OK;
    }
  }
}
