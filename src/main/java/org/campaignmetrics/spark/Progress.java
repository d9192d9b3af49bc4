package org.campaignmetrics.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A progress line every 30 s while Spark stages run (long steps must never look hung). */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long INTERVAL_SECONDS = 30;

  private final ScheduledExecutorService timer;
  private final long started = System.nanoTime();

  public Progress(SparkSession spark) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "campaign-metrics-progress");
      t.setDaemon(true);
      return t;
    });
    SparkStatusTracker tracker = spark.sparkContext().statusTracker();
    timer.scheduleAtFixedRate(() -> report(tracker), INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  private void report(SparkStatusTracker tracker) {
    long elapsed = Math.round((System.nanoTime() - started) / 1e9);
    for (int id : tracker.getActiveStageIds()) {
      SparkStageInfo stage = tracker.getStageInfo(id).getOrElse(() -> null);
      if (stage != null) {
        LOG.info("progress: {} — {}/{} tasks done, {} running, {} s since start", stage.name(),
            stage.numCompletedTasks(), stage.numTasks(), stage.numActiveTasks(), elapsed);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
