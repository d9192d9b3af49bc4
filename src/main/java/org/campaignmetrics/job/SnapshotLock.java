package org.campaignmetrics.job;

import java.util.function.Supplier;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.sink.Publication;
import org.campaignmetrics.sink.RunLock;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.spark.Frames;

/**
 * The lock a command holds on its warehouse and snapshot while it runs ({@link RunLock}), and the
 * publication it commits at its end: what a command publishes becomes the snapshot at once, or
 * (failed, killed) not at all.
 */
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

  /**
   * Runs {@code body} holding the snapshot's lock with a publication open, and commits what it
   * published when it returns; when it throws, nothing it published is committed.
   */
  static <T> T publishing(Warehouse warehouse, Config config, String command, Supplier<T> body) {
    java.util.Properties sqlCredentials = SqlPublish.credentials(config);
    try (RunLock lock = take(warehouse, config, command)) {
      T result;
      try (Publication publication = warehouse.begin(config.snapshotText(), command)) {
        // on a cluster, frames kept by the body are checkpointed under the snapshot's _tmp/, and
        // everywhere long tables the driver read are staged there as Parquet (spark/Frames.ofRows)
        String checkpoints = warehouse.checkpointDir(config.snapshotText());
        Frames.checkpointsIn(warehouse.spark(), checkpoints);
        try (Frames.Staging rows = Frames.stageRowsIn(warehouse.spark(), checkpoints, DirectParquetWriter.ROWS)) {
          result = body.get();
        }
        publication.commit();
      }
      // output.sql: the committed snapshot's public aggregates as tables, still under the lock
      SqlPublish.publish(warehouse, config, sqlCredentials);
      return result;
    }
  }
}
