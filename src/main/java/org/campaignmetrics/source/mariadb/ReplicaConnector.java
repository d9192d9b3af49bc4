package org.campaignmetrics.source.mariadb;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.campaignmetrics.config.Config.ReplicasConfig;
import org.campaignmetrics.config.ConfigLoader;

/**
 * Opens connections to one wiki's replica database: host from {@code replicas.host_pattern},
 * database from {@code replicas.database_pattern} ({@code {wiki}} replaced by the wiki name,
 * checked against {@code ^[a-z0-9_]+$} first). Serializable so that Spark tasks can connect;
 * the password travels inside the task like Spark's own JDBC options and is never logged.
 */
public final class ReplicaConnector implements Serializable {
  private static final long serialVersionUID = 1L;
  /** CentralAuth is "the wiki centralauth": centralauth.analytics… / centralauth_p. */
  public static final String CENTRALAUTH = "centralauth";

  private final ReplicasConfig config;
  private final ReplicaCredentials credentials;

  public ReplicaConnector(ReplicasConfig config, ReplicaCredentials credentials) {
    this.config = config;
    this.credentials = credentials;
  }

  public ReplicasConfig config() {
    return config;
  }

  public static String checkWiki(String wiki) {
    if (wiki == null || !ConfigLoader.WIKI.matcher(wiki).matches()) {
      throw new IllegalArgumentException("'" + wiki + "' is not a wiki database name ([a-z0-9_]+)");
    }
    return wiki;
  }

  public String host(String wiki) {
    return config.hostPattern().replace("{wiki}", checkWiki(wiki));
  }

  public String database(String wiki) {
    return config.databasePattern().replace("{wiki}", checkWiki(wiki));
  }

  /** host:port/database, for messages (no credentials in it). */
  public String describe(String wiki) {
    return host(wiki) + ":" + config.port() + "/" + database(wiki);
  }

  public Connection connect(String wiki) throws SQLException {
    String url = "jdbc:mariadb://" + host(wiki) + ":" + config.port() + "/" + database(wiki);
    Properties properties = new Properties();
    properties.setProperty("user", credentials.user());
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "30000");
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = DriverManager.getConnection(url, properties);
    connection.setReadOnly(true);
    return connection;
  }
}
