package org.campaignmetrics.job;

import org.campaignmetrics.config.Config;
import org.campaignmetrics.sink.RunLock;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;

/** The lock a command holds on its warehouse and snapshot while it runs ({@link RunLock}). */
final class SnapshotLock {
  private SnapshotLock() {}

  /** Takes the lock, or fails the command (exit 1) naming the run that holds it. */
  static RunLock take(Warehouse warehouse, Config config, String command) {
    warehouse.requireFolder();
    try {
      return RunLock.acquire(warehouse, config.snapshotText(), command);
    } catch (RunLock.HeldException e) {
      throw new IngestException(command + ": " + e.getMessage(), null);
    }
  }
}
