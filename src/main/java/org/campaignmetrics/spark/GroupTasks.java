package org.campaignmetrics.spark;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.collection.Iterator;

/**
 * Follows the tasks of one job group's jobs, so that a failed job can be waited out: when a
 * task fails, Spark fails the job at once and only asks the job's other tasks to stop; they
 * go on writing their staging files until they notice (see {@link StagingPieceFunction}).
 * Their ends are known from the listener events, which Spark posts after a task has really
 * ended (the executors' running-task counts drop as soon as the kill is asked for).
 */
public final class GroupTasks extends SparkListener implements AutoCloseable {
  static final long FIRST_JOB_GRACE_MS = 5_000;
  /** The local property {@code setJobGroup} sets (Spark's constant for it is not public). */
  static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";
  private final SparkContext context;
  private final String group;
  private final Set<Integer> jobs = new HashSet<>();
  private final Set<Integer> stages = new HashSet<>();
  private int jobsEnded;
  private int running;

  private GroupTasks(SparkContext context, String group) {
    this.context = context;
    this.group = group;
  }

  /** Starts following the jobs of {@code group}; register before the group's first job. */
  public static GroupTasks follow(SparkContext context, String group) {
    GroupTasks tasks = new GroupTasks(context, group);
    context.addSparkListener(tasks);
    return tasks;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null && group.equals(start.properties().getProperty(JOB_GROUP_PROPERTY))) {
      jobs.add(start.jobId());
      Iterator<Object> ids = start.stageIds().iterator();
      while (ids.hasNext()) {
        stages.add((Integer) ids.next());
      }
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    if (jobs.contains(end.jobId())) {
      jobsEnded++;
      notifyAll();
    }
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart start) {
    if (stages.contains(start.stageId())) {
      running++;
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    if (stages.contains(end.stageId())) {
      running--;
      notifyAll();
    }
  }

  /**
   * Waits until every job of the group has ended and none of its tasks is running; false if
   * that did not happen within {@code millis}. A job's end is posted after its tasks' starts,
   * and no task of an ended job starts later, so both together mean nothing is left running.
   * Events arrive late, so a group with no job seen yet is given {@link #FIRST_JOB_GRACE_MS}
   * (a job that failed before it started posts none).
   */
  public synchronized boolean awaitIdle(long millis) throws InterruptedException {
    long started = System.currentTimeMillis();
    long deadline = started + millis;
    while ((jobs.isEmpty() && System.currentTimeMillis() < started + FIRST_JOB_GRACE_MS)
        || jobsEnded < jobs.size() || running > 0) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(Math.min(left, 100));
    }
    return true;
  }

  public synchronized int running() {
    return running;
  }

  @Override
  public void close() {
    context.removeSparkListener(this);
  }
}
