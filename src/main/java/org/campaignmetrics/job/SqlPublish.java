package org.campaignmetrics.job;

import java.util.Properties;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.Config.SqlOutput;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.sql.SqlTables;
import org.campaignmetrics.source.mariadb.ReplicaCredentials;

/**
 * The {@code output.sql} step: after a command's commit, its snapshot's public aggregates become
 * tables of the configured database ({@link SqlTables}). Credentials from {@code CM_SQL_USER} /
 * {@code CM_SQL_PASSWORD} or {@code output.sql.credentials_file}, loaded before the run starts so
 * a missing file fails it at once.
 */
final class SqlPublish {
  static final String ENV_USER = "CM_SQL_USER";
  static final String ENV_PASSWORD = "CM_SQL_PASSWORD";

  private SqlPublish() {}

  /** The connection properties, or null when {@code output.sql} is not set. */
  static Properties credentials(Config config) {
    SqlOutput sql = config.output().sql();
    if (sql == null) {
      return null;
    }
    return ReplicaCredentials.load(sql.credentialsFile(), "output.sql.credentials_file", ENV_USER, ENV_PASSWORD)
        .connectionProperties();
  }

  static void publish(Warehouse warehouse, Config config, Properties credentials) {
    if (credentials != null) {
      new SqlTables(config.output().sql()).publish(warehouse, config.snapshotText(), credentials);
    }
  }
}
