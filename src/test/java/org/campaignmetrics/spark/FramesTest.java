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

  /**
   * In a staging scope (a command publishing) a table of KEEP_ROWS rows or more is written as Parquet
   * files under the scope's folder and read back: the same rows, and the declared schema, nullability
   * included (a file read alone would make every column nullable); released, its files are gone. A
   * shorter table stays in its plan and writes nothing.
   */
  @Test
  void longTablesAreStagedAsParquetWhileAScopeIsOpen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    StructType schema = new StructType().add("id", DataTypes.LongType, false).add("name", DataTypes.StringType, false)
        .add("note", DataTypes.StringType, true).add("n", DataTypes.IntegerType, false)
        .add("share", DataTypes.DoubleType, true).add("flag", DataTypes.BooleanType, false)
        .add("at", DataTypes.TimestampType, false).add("until", DataTypes.TimestampType, true);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < Frames.KEEP_ROWS + 1; i++) {
      rows.add(RowFactory.create(i, "name " + i + " \u00e9\t", i % 3 == 0 ? null : "n" + i, (int) (i % 7),
          i % 5 == 0 ? null : i / 4.0, i % 2 == 0, java.time.Instant.ofEpochSecond(1_780_000_000L + i, 123_456_000),
          i % 4 == 0 ? null : java.time.Instant.ofEpochSecond(i)));
    }
    java.nio.file.Path staging = dir.resolve("checkpoints");
    Dataset<Row> staged;
    try (Frames.Staging scope = Frames.stageRowsIn(spark, staging.toString(),
        org.campaignmetrics.sink.parquet.DirectParquetWriter.ROWS)) {
      Dataset<Row> small = Frames.ofRows(spark, rows.subList(0, Frames.KEEP_ROWS - 1), schema);
      assertInstanceOf(LocalRelation.class, ((org.apache.spark.sql.classic.Dataset<Row>) small).logicalPlan());
      org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(staging), "nothing written for it");
      staged = Frames.ofRows(spark, rows, schema);
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(staging)) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count(),
          "10,001 rows on 2 cores: one file (a piece per 10,000 rows, at most one per core)");
    }
    assertEquals(schema.json(), staged.schema().json());
    List<Row> back = staged.orderBy("id").collectAsList();
    assertEquals(rows.size(), back.size());
    for (int i = 0; i < rows.size(); i++) {
      Row expected = rows.get(i);
      Row actual = back.get(i);
      for (int c = 0; c < schema.size(); c++) {
        Object value = actual.get(c);
        if (value instanceof java.sql.Timestamp t) {
          value = t.toInstant();
        }
        assertEquals(expected.get(c), value, "row " + i + " column " + schema.fields()[c].name());
      }
    }
    Frames.release(staged);
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(staging)) {
      assertEquals(0, files.filter(java.nio.file.Files::isRegularFile).count(), "released: its files deleted");
    }
    // the scope closed: kept again, not staged
    Dataset<Row> kept = Frames.ofRows(spark, rows, schema);
    try {
      Project project = assertInstanceOf(Project.class, ((org.apache.spark.sql.classic.Dataset<Row>) kept).logicalPlan());
      assertInstanceOf(LogicalRDD.class, project.child());
    } finally {
      Frames.release(kept);
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
