package org.campaignmetrics.cli;

import java.util.concurrent.Callable;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.job.SupersetJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = {"Print the DDL that registers every public aggregate of the warehouse as an external table "
        + "partitioned by snapshot, and adds the partitions of the committed snapshots, so Hive, Spark SQL or "
        + "Presto/Trino (and the Superset over them) can read the Data Lake copy. Run it after each run; every "
        + "statement is idempotent.",
        "e.g. tables --config conf/wmf.yaml --dialect hive --database campaign_metrics | hive -f /dev/stdin"})
final class TablesCommand implements Callable<Integer> {
  @Mixin
  JobOptions options;

  @Option(names = "--dialect", required = true, paramLabel = "DIALECT",
      description = "hive (Hive metastore through Hive), spark (Spark SQL) or trino (Trino/Presto's Hive connector).")
  SupersetJob.Dialect dialect;

  @Option(names = "--database", paramLabel = "NAME", defaultValue = "campaign_metrics",
      description = "The metastore database (schema) of the tables; default ${DEFAULT-VALUE}.")
  String database;

  @Option(names = "--catalog", paramLabel = "NAME", defaultValue = "hive",
      description = "trino: the catalog of the Hive connector (analytics_hive at Wikimedia); default ${DEFAULT-VALUE}.")
  String catalog;

  @Override
  public Integer call() {
    Config config = options.load();
    if (!database.matches("[a-z_][a-z0-9_]*") || !catalog.matches("[a-z_][a-z0-9_]*")) {
      throw new org.campaignmetrics.config.ConfigException(
          "--database/--catalog: lower-case letters, digits and _ only (they are written into SQL)");
    }
    try (var session = options.session("tables")) {
      System.out.print(SupersetJob.tables(session.spark(), config, dialect, database, catalog));
      return Main.OK;
    }
  }
}
