package org.campaignmetrics.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server the tests use: {@code CM_TEST_POSTGRES_URL}
 * ({@code jdbc:postgresql://host:port/db?user=…&password=…}) when set, else a private server of
 * Debian's {@code postgresql} package started once per test JVM by {@code bin/test-postgres} (the
 * same script superset/test.sh uses) in a temporary folder, stopped with the JVM. Each test makes
 * its own schemas and drops them.
 */
public final class PostgresTestServer {
  private static PostgresTestServer instance;

  /** Without user and password (they go in {@link #properties()}). */
  public final String url;
  public final String user;
  public final String password;

  private PostgresTestServer(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static synchronized PostgresTestServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static PostgresTestServer start() {
    String url = System.getenv("CM_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      try {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cm-pg-");
        Path script = Path.of("bin/test-postgres").toAbsolutePath();
        Process p = new ProcessBuilder(script.toString(), "start", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException("bin/test-postgres start failed (Debian's postgresql installed? bin/test "
              + "installs it; or set CM_TEST_POSTGRES_URL): " + out);
        }
        url = out.lines().reduce((a, b) -> b).orElseThrow();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            new ProcessBuilder(script.toString(), "stop", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
          } catch (IOException | InterruptedException ignored) {
            // the server dies with the machine's session anyway
          }
        }));
        System.err.println("PostgresTestServer: tests use a private server, " + url + " (data in " + dir + ")");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    URI uri = URI.create(url.substring("jdbc:".length()));
    String[] credentials = TestUrls.credentials(uri, "postgres");
    String plain = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    return new PostgresTestServer(plain, credentials[0], credentials[1]);
  }

  public Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    return p;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, properties());
  }
}
