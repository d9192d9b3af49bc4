package org.campaignmetrics.source.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.campaignmetrics.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials (file or environment, never printed) and which failures are worth retrying. */
class MariaDbPartsTest {
  @TempDir
  Path dir;

  @Test
  void credentialsComeFromTheFileOrTheEnvironmentAndArePrintedWithoutThePassword() throws Exception {
    Path cnf = Files.writeString(dir.resolve("replica.my.cnf"),
        "[mysql]\nuser = wrong\n\n[client]\nuser = s12345\npassword = \"se cret\"\n");
    ReplicaCredentials fromFile = ReplicaCredentials.load(cnf.toString(), Map.of());
    assertEquals("s12345", fromFile.user());
    assertEquals("se cret", fromFile.password());
    assertFalse(fromFile.toString().contains("se cret"), fromFile.toString());

    Map<String, String> env = new HashMap<>();
    env.put(ReplicaCredentials.ENV_USER, "tunnel");
    env.put(ReplicaCredentials.ENV_PASSWORD, "pw");
    ReplicaCredentials fromEnv = ReplicaCredentials.load(dir.resolve("missing.cnf").toString(), env);
    assertEquals("tunnel", fromEnv.user());
    assertFalse(fromEnv.toString().contains("pw"));

    ConfigException missing = assertThrows(ConfigException.class,
        () -> ReplicaCredentials.load(dir.resolve("missing.cnf").toString(), Map.of()));
    assertTrue(missing.getMessage().contains("replicas.credentials_file"), missing.getMessage());
    Path noUser = Files.writeString(dir.resolve("nouser.cnf"), "[client]\npassword = x\n");
    assertThrows(ConfigException.class, () -> ReplicaCredentials.load(noUser.toString(), Map.of()));
  }


  @Test
  void transientFailuresAreTellApartFromPermanentOnes() {
    assertTrue(Transient.isTransient(new java.sql.SQLException("Lock wait timeout exceeded", "HY000", 1205)));
    assertTrue(Transient.isTransient(new java.sql.SQLException("server has gone away", "HY000", 2006)));
    assertTrue(Transient.isTransient(new java.sql.SQLNonTransientConnectionException("Connection reset", "08000")));
    assertTrue(Transient.isTransient(new java.sql.SQLException("wrapped", null, 0,
        new java.net.SocketException("Connection reset"))));
    assertFalse(Transient.isTransient(new java.sql.SQLSyntaxErrorException("Unknown column", "42S22", 1054)));
    assertFalse(Transient.isTransient(new java.sql.SQLTimeoutException("max_statement_time exceeded", "70100", 1969)));
  }
}
