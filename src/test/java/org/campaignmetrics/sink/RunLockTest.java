package org.campaignmetrics.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs on one warehouse and snapshot at once: the second stops, naming the first. */
class RunLockTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void aSecondRunStopsWithTheHolderAndItsAgeAndTheLockGoesWithTheRun() {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Instant start = Instant.parse("2026-12-01T10:00:00Z");
    try (RunLock first = RunLock.acquire(warehouse, "2026-09", "ingest", start)) {
      RunLock.HeldException e = assertThrows(RunLock.HeldException.class,
          () -> RunLock.acquire(warehouse, "2026-09", "retention", start.plus(Duration.ofMinutes(7))));
      assertTrue(e.getMessage().startsWith("another run is using snapshot 2026-09 of "), e.getMessage());
      assertTrue(e.getMessage().contains(": ingest (pid " + ProcessHandle.current().pid() + " on "), e.getMessage());
      assertTrue(e.getMessage().contains("7 min ago"), e.getMessage());
      // another snapshot is free
      RunLock.acquire(warehouse, "2026-08", "ingest", start).close();
    }
    assertFalse(Files.exists(dir.resolve("_locks/snapshot=2026-09.lock")), "released when the run ends");
    RunLock.acquire(warehouse, "2026-09", "retention", start).close();
  }

  @Test
  void aLockOfAProcessThatIsGoneOrOlderThanTheStaleTimeIsTakenOver() throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    Path lock = dir.resolve("_locks/snapshot=2026-09.lock");
    Files.createDirectories(lock.getParent());
    // kill -9 left this: a process of this host that no longer exists
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(lock, "host=" + host + "\npid=999999999\ncommand=run\nstarted=2026-12-01T09:00:00Z\n");
    RunLock.acquire(warehouse, "2026-09", "run", Instant.parse("2026-12-01T09:05:00Z")).close();
    // another machine's run, 13 hours old
    Files.writeString(lock, "host=elsewhere\npid=1\ncommand=run\nstarted=2026-12-01T00:00:00Z\n");
    RunLock.acquire(warehouse, "2026-09", "run", Instant.parse("2026-12-01T13:00:01Z")).close();
    // …but not at 11 hours
    Files.writeString(lock, "host=elsewhere\npid=1\ncommand=run\nstarted=2026-12-01T00:00:00Z\n");
    assertThrows(RunLock.HeldException.class,
        () -> RunLock.acquire(warehouse, "2026-09", "run", Instant.parse("2026-12-01T11:00:00Z")));
  }
}
