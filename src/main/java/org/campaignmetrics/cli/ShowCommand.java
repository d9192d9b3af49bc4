package org.campaignmetrics.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.format.Csv;
import org.campaignmetrics.job.ShowJob;
import org.campaignmetrics.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print rows of a warehouse dataset for the config's snapshot, e.g. "
        + "show ingest_stats --config conf/sample.yaml --where \"rejected > 0\"."})
final class ShowCommand implements Callable<Integer> {
  enum Format { table, csv, json }

  @Parameters(index = "0", paramLabel = "DATASET",
      description = "Dataset name: edits, users, ingest_stats, retention_summary, …; ingest_rejects, participants "
          + "and the other internal-only ones from <warehouse>/internal/; internal/NAME for an internal twin")
  String dataset;

  @Mixin
  JobOptions options;

  @Option(names = "--where", paramLabel = "SQL", description = "A Spark SQL filter, e.g. \"wiki_db = 'enwiki'\".")
  String where;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N rows (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, csv or json (JSON lines); default ${DEFAULT-VALUE}.")
  Format format;

  @Override
  public Integer call() {
    Config config = options.load();
    if (!dataset.matches("(internal/)?[a-z_]+")) {
      throw new ConfigException("DATASET: '" + dataset + "' is not a dataset name");
    }
    if (limit < 0) {
      throw new ConfigException("--limit: must be 0 or more");
    }
    try (SparkSessions.Owned session = options.session("show")) {
      Optional<Dataset<Row>> rows = ShowJob.rows(session.spark(), config, dataset, where, limit);
      if (rows.isEmpty()) {
        System.err.println("show: no dataset '" + dataset + "' for snapshot " + config.snapshotText() + " under "
            + config.warehouse() + " (run the job first, or check --snapshot)");
        return Main.BAD_INPUT;
      }
      print(rows.get(), System.out);
      return Main.OK;
    }
  }

  private void print(Dataset<Row> rows, PrintStream out) {
    switch (format) {
      case json:
        rows.toJSON().collectAsList().forEach(out::println);
        break;
      case csv:
        out.println(Csv.line(List.of(rows.columns())));
        for (Row row : rows.collectAsList()) {
          List<Object> values = new ArrayList<>();
          for (int i = 0; i < row.size(); i++) {
            values.add(row.get(i));
          }
          out.println(Csv.line(values));
        }
        break;
      default:
        rows.show(limit, false);
    }
  }
}
