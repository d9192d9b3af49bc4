package org.campaignmetrics.spark;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line every 30 s while Spark stages run (long steps must never look hung), naming
 * the step a job said it is in ({@link #step}).
 */
public final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
  static final long INTERVAL_SECONDS = 30;
  private static volatile String currentStep;

  /**
   * Names the step the calling job is in: on the progress lines, and as the description of the
   * Spark jobs it starts from this thread (the Spark UI and event log show it).
   */
  public static void step(SparkSession spark, String step) {
    currentStep = step;
    spark.sparkContext().setJobDescription(step);
  }

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
    int stages = 0;
    int done = 0;
    int total = 0;
    int running = 0;
    String name = null;
    for (int id : tracker.getActiveStageIds()) {
      SparkStageInfo stage = tracker.getStageInfo(id).getOrElse(() -> null);
      if (stage != null) {
        stages++;
        done += stage.numCompletedTasks();
        total += stage.numTasks();
        running += stage.numActiveTasks();
        name = name == null ? stage.name() : name;
      }
    }
    if (stages > 0) {
      String step = currentStep;
      LOG.info("progress: {} — {} stage(s) running, {}/{} tasks done, {} running, {} s since start",
          step != null ? step : name, stages, done, total, running, elapsed);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
