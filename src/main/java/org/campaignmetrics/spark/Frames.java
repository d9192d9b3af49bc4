package org.campaignmetrics.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * Intermediate results a job reuses. On a local master they are kept as a <em>local checkpoint</em>:
 * the rows are computed once and the lineage is cut, so every later plan over them is analysed and
 * optimised from the checkpoint, not from the whole upstream plan again (on the sample that
 * planning, not the data, was most of retention's time: docs/performance.md). On a cluster they are
 * cached instead: a local checkpoint's blocks live on the executors only, and a lost executor would
 * fail the job where a cache recomputes them.
 */
public final class Frames {
  private Frames() {}

  public static Dataset<Row> keep(Dataset<Row> data) {
    if (data.sparkSession().sparkContext().isLocal()) {
      return data.localCheckpoint(true);
    }
    return data.cache();
  }

  /** Gives the memory of {@link #keep} back (a session that goes on needs it: run's next step, the tests). */
  public static void release(Dataset<Row> kept) {
    if (kept == null) {
      return;
    }
    kept.unpersist();
    if (kept instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      LogicalPlan plan = classic.logicalPlan();
      if (plan instanceof LogicalRDD checkpoint) {
        checkpoint.rdd().unpersist(false);
      }
    }
  }
}
