package org.campaignmetrics.source.mariadb;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.campaignmetrics.config.ConfigException;

/**
 * The user and password for the replicas: from the environment ({@code CM_REPLICAS_USER},
 * {@code CM_REPLICAS_PASSWORD}) when set, else from a my.cnf-style file's {@code [client]}
 * section ({@code ~/replica.my.cnf} on Toolforge). Never from the config; {@link #toString()}
 * never shows the password, and nothing here logs it.
 */
public final class ReplicaCredentials implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ENV_USER = "CM_REPLICAS_USER";
  public static final String ENV_PASSWORD = "CM_REPLICAS_PASSWORD";

  private final String user;
  private final String password;
  private final String origin;

  ReplicaCredentials(String user, String password, String origin) {
    this.user = user;
    this.password = password;
    this.origin = origin;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** {@code user} and {@code password} for a JDBC connection (the password goes nowhere else). */
  public Properties connectionProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }

  /** Where they came from, for messages: the file or "the environment". */
  public String origin() {
    return origin;
  }

  public static ReplicaCredentials load(String credentialsFile) {
    return load(credentialsFile, System.getenv());
  }

  static ReplicaCredentials load(String credentialsFile, Map<String, String> env) {
    return load(credentialsFile, "replicas.credentials_file", ENV_USER, ENV_PASSWORD, env);
  }

  /**
   * The same, for another config section: {@code key} names the config key in messages,
   * {@code envUser}/{@code envPassword} the environment variables that take precedence.
   */
  public static ReplicaCredentials load(String credentialsFile, String key, String envUser, String envPassword) {
    return load(credentialsFile, key, envUser, envPassword, System.getenv());
  }

  static ReplicaCredentials load(String credentialsFile, String configKey, String envUserName, String envPasswordName,
      Map<String, String> env) {
    String envUser = env.get(envUserName);
    if (envUser != null && !envUser.isBlank()) {
      return new ReplicaCredentials(envUser, env.getOrDefault(envPasswordName, ""),
          "the environment (" + envUserName + ")");
    }
    Path file = Path.of(credentialsFile.startsWith("~/")
        ? System.getProperty("user.home") + credentialsFile.substring(1) : credentialsFile);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(configKey + ": no such file " + file + " (and " + envUserName
          + " is not set); on Toolforge it is ~/replica.my.cnf, elsewhere write one with a [client] section "
          + "holding user= and password=");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(configKey + ": cannot read " + file + " (" + e.getMessage() + ")");
    }
    String section = "";
    String user = null;
    String password = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      if (!section.equals("client")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = unquote(line.substring(eq + 1).strip());
      if (key.equals("user")) {
        user = value;
      } else if (key.equals("password")) {
        password = value;
      }
    }
    if (user == null) {
      throw new ConfigException(configKey + ": " + file + " has no user= in a [client] section");
    }
    return new ReplicaCredentials(user, password == null ? "" : password, file.toString());
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
        || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  @Override
  public String toString() {
    return "credentials of " + user + " from " + origin;
  }
}
