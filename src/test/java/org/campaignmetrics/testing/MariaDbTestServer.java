package org.campaignmetrics.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The MariaDB server the tests use: {@code CM_TEST_MARIADB_URL}
 * ({@code jdbc:mariadb://host:port/?user=…&password=…}) when set, else the local server on
 * 127.0.0.1:3306 as root with an empty password, else a private server of Debian's
 * {@code mariadb-server} package, started once per test JVM in a temporary data directory on a
 * free loopback port. {@code -Dcm.test.mariadb=debian} forces the private one. Each test makes its
 * own databases ({@link #createDatabase}) and drops them.
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
    boolean forcePrivate = "debian".equals(System.getProperty("cm.test.mariadb"));
    if (url != null && !url.isBlank() && !forcePrivate) {
      URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
      String[] credentials = TestUrls.credentials(uri, "root");
      return new MariaDbTestServer(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), credentials[0], credentials[1],
          "CM_TEST_MARIADB_URL");
    }
    if (!forcePrivate) {
      MariaDbTestServer local = new MariaDbTestServer("127.0.0.1", 3306, "root", "", "local server 127.0.0.1:3306");
      try (Connection c = local.connect("")) {
        c.isValid(1);
        return local;
      } catch (SQLException e) {
        System.err.println("MariaDbTestServer: no local server (" + e.getMessage() + "); starting Debian's mariadbd");
      }
    }
    return debian();
  }

  /**
   * Debian's {@code mariadb-server} ({@code .ci/run} installs it): a private server in a fresh data
   * directory on a free loopback port, root with an empty password, ended with the test JVM.
   */
  private static MariaDbTestServer debian() {
    Path server = executable("mariadbd", "/usr/sbin/mariadbd");
    Path installDb = executable("mariadb-install-db", "/usr/bin/mariadb-install-db");
    if (server == null || installDb == null) {
      throw new IllegalStateException("no MariaDB for the tests: CM_TEST_MARIADB_URL is unset, nothing answers on "
          + "127.0.0.1:3306, and Debian's mariadb-server is not installed (apt-get install mariadb-server; "
          + ".ci/run does this)");
    }
    try {
      // under /tmp, not target/: the socket path must stay under the 108 bytes a Unix socket name allows
      Path base = Files.createTempDirectory(Path.of("/tmp"), "cm-mariadb-");
      Path data = base.resolve("data");
      run(List.of(installDb.toString(), "--no-defaults", "--user=root", "--datadir=" + data,
          "--auth-root-authentication-method=normal", "--skip-test-db"), base.resolve("install.log"));
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      Process process = new ProcessBuilder(server.toString(), "--no-defaults", "--user=root", "--datadir=" + data,
          "--socket=" + base.resolve("sock"), "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
          "--innodb-buffer-pool-size=128M", "--log-error=" + base.resolve("error.log"),
          "--pid-file=" + base.resolve("pid"))
          .redirectErrorStream(true).redirectOutput(base.resolve("out.log").toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        process.destroy();
        try {
          process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
        deleteTree(base);
      }));
      MariaDbTestServer started = new MariaDbTestServer("127.0.0.1", port, "root", "",
          "Debian mariadbd " + server + " on port " + port + " (data in " + data + ")");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      SQLException last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; see "
              + base.resolve("error.log") + ":\n" + tail(base.resolve("error.log")));
        }
        try (Connection c = started.connect("")) {
          return started;
        } catch (SQLException e) {
          last = e;
          Thread.sleep(200);
        }
      }
      process.destroy();
      throw new IllegalStateException("mariadbd did not answer on port " + port + " within 60 s", last);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path executable(String name, String usual) {
    String pathVariable = System.getenv("PATH");
    for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path fallback = Path.of(usual);
    return Files.isExecutable(fallback) ? fallback : null;
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed; its output:\n" + tail(log));
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
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
