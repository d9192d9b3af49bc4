package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class FramesTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false);

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>(n);
    for (long i = 0; i < n; i++) {
      rows.add(RowFactory.create(i));
    }
    return rows;
  }

  /** Below KEEP_ROWS the rows stay in the plan; from it they are a checkpoint (its columns re-aliased). */
  @Test
  void rowsTheDriverHoldsAreKeptFromTenThousand() {
    Dataset<Row> small = Frames.ofRows(spark, rows(Frames.KEEP_ROWS - 1), SCHEMA);
    Dataset<Row> large = Frames.ofRows(spark, rows(Frames.KEEP_ROWS), SCHEMA);
    try {
      assertInstanceOf(LocalRelation.class, ((org.apache.spark.sql.classic.Dataset<Row>) small).logicalPlan());
      Project kept = assertInstanceOf(Project.class, ((org.apache.spark.sql.classic.Dataset<Row>) large).logicalPlan());
      assertInstanceOf(LogicalRDD.class, kept.child());
      assertEquals(Frames.KEEP_ROWS - 1, small.count());
      assertEquals(Frames.KEEP_ROWS, large.count());
      assertEquals((long) Frames.KEEP_ROWS * (Frames.KEEP_ROWS - 1) / 2,
          large.agg(org.apache.spark.sql.functions.sum("id")).first().getLong(0));
    } finally {
      Frames.release(large);
    }
  }
}
