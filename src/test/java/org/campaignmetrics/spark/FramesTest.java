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

  /** Code generation off in an interpreted scope, back on in a compiled one inside it, as before after. */
  @Test
  void interpretedScopesSetCodeGenerationAndPutItBack() {
    String wholeStage = "spark.sql.codegen.wholeStage";
    String factory = "spark.sql.codegen.factoryMode";
    String beforeWholeStage = spark.conf().get(wholeStage);
    String beforeFactory = spark.conf().get(factory);
    try (Frames.Codegen small = Frames.interpreted(spark)) {
      assertEquals("false", spark.conf().get(wholeStage));
      assertEquals("NO_CODEGEN", spark.conf().get(factory));
      assertEquals(49_995_000L, spark.range(10_000).selectExpr("sum(id * 1) as s").first().getLong(0));
      try (Frames.Codegen big = Frames.compiled(spark)) {
        assertEquals("true", spark.conf().get(wholeStage));
        assertEquals("FALLBACK", spark.conf().get(factory));
      }
      assertEquals("false", spark.conf().get(wholeStage));
    }
    assertEquals(beforeWholeStage, spark.conf().get(wholeStage));
    assertEquals(beforeFactory, spark.conf().get(factory));
  }

  /** Collected side by side, each frame's rows in the order given; a failure is thrown as it was. */
  @Test
  void framesCollectedTogetherComeBackInOrder() {
    List<List<Row>> rows = Frames.collectTogether(List.of(spark.range(3).toDF(), spark.range(5).toDF(),
        spark.range(0).toDF()));
    assertEquals(List.of(3, 5, 0), rows.stream().map(List::size).toList());
    assertEquals(4L, rows.get(1).get(4).getLong(0));
    RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> Frames.collectTogether(List.of(spark.range(3).toDF(), spark.range(1).selectExpr("raise_error('boom')"))));
    org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(failed.getMessage()).contains("boom"),
        failed.getMessage());
  }
}
