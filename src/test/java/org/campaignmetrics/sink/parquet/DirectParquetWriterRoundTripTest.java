package org.campaignmetrics.sink.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the direct writer writes, Spark reads back value for value, nulls and schema included. */
class DirectParquetWriterRoundTripTest extends SparkTestBase {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("name", DataTypes.StringType, true)
      .add("count", DataTypes.IntegerType, true)
      .add("share", DataTypes.DoubleType, true)
      .add("flag", DataTypes.BooleanType, true)
      .add("at", DataTypes.TimestampType, true);

  @TempDir
  Path dir;

  private org.apache.hadoop.fs.Path file() {
    return new org.apache.hadoop.fs.Path(dir.resolve("t.parquet").toString());
  }

  private List<Row> roundTrip(List<Row> rows) throws IOException {
    return roundTrip(rows, DirectParquetWriter.ROW_GROUP_BYTES);
  }

  private List<Row> roundTrip(List<Row> rows, long rowGroupBytes) throws IOException {
    org.apache.hadoop.fs.Path file = file();
    try (DirectParquetWriter<Row> out = DirectParquetWriter.rows(spark.sparkContext().hadoopConfiguration(), file,
        SCHEMA, rowGroupBytes)) {
      for (Row row : rows) {
        out.write(row);
      }
    }
    var read = spark.read().parquet(file.toString());
    assertEquals(SCHEMA.asNullable(), read.schema()); // Spark reads every file column as nullable
    return read.orderBy("id").collectAsList();
  }

  @Test
  void everyTypeAndEveryNullComesBack() throws IOException {
    Instant at = Instant.parse("2025-03-01T12:34:56.789012Z");
    List<Row> rows = List.of(
        RowFactory.create(1L, "Ada", 3, 0.5, true, at),
        RowFactory.create(2L, null, null, null, null, null),
        RowFactory.create(3L, "Zoë ✓", -7, -1.25, false, Instant.EPOCH),
        RowFactory.create(4L, "", 0, 0.0, null, at));
    List<Row> back = roundTrip(rows);
    assertEquals(4, back.size());
    assertEquals(Arrays.asList(1L, "Ada", 3, 0.5, true, at), values(back.get(0)));
    assertEquals(Arrays.asList(2L, null, null, null, null, null), values(back.get(1)));
    assertEquals(Arrays.asList(3L, "Zoë ✓", -7, -1.25, false, Instant.EPOCH), values(back.get(2)));
    assertEquals(Arrays.asList(4L, "", 0, 0.0, null, at), values(back.get(3)));
  }

  @Test
  void manyRowsAcrossPagesSizeChecksAndRowGroups() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 50_000; i++) {
      rows.add(RowFactory.create(i, i % 3 == 0 ? null : "name " + i, (int) (i % 1000), i / 7.0, i % 5 == 0,
          Instant.ofEpochSecond(1_700_000_000L + i)));
    }
    List<Row> back = roundTrip(rows, 256 << 10); // row groups of 256 kB: several in the file
    assertEquals(rows.size(), back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(values(rows.get(i)), values(back.get(i)), "row " + i);
    }
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(file(), spark.sparkContext().hadoopConfiguration()))) {
      List<BlockMetaData> groups = reader.getRowGroups();
      assertTrue(groups.size() >= 3, "row groups: " + groups.size());
      assertEquals(rows.size(), groups.stream().mapToLong(BlockMetaData::getRowCount).sum());
    }
  }

  /** A record with two list columns (one of required elements), as FlatColumns writes lists. */
  private record Lists(long id, List<String> tags, List<String> names) {}

  private static final StructType LISTS = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType, true), true)
      .add("names", DataTypes.createArrayType(DataTypes.StringType, false), true);

  /**
   * Lists go straight to their column writer: null, empty, one element, several, null elements,
   * across pages and row groups; read back by Spark element for element, in order.
   */
  @Test
  void listsComeBackWithNullsAndEmptiesInPlace() throws IOException {
    List<Lists> records = new ArrayList<>();
    records.add(new Lists(0, null, null));
    records.add(new Lists(1, List.of(), List.of()));
    records.add(new Lists(2, List.of("a"), List.of("x")));
    records.add(new Lists(3, Arrays.asList("a", null, "b"), List.of("x", "y", "z")));
    records.add(new Lists(4, Arrays.asList((String) null), null));
    records.add(new Lists(5, List.of("Zoë ✓", ""), List.of()));
    for (long i = 6; i < 30_000; i++) {
      List<String> tags = new ArrayList<>();
      for (int k = 0; k < i % 4; k++) {
        tags.add(k == 1 && i % 3 == 0 ? null : "t" + (i * 7 + k));
      }
      records.add(new Lists(i, i % 5 == 0 ? null : tags, i % 2 == 0 ? List.of("n" + i) : List.of()));
    }
    org.apache.hadoop.fs.Path path = file();
    try (DirectParquetWriter<Lists> out = new DirectParquetWriter<>(spark.sparkContext().hadoopConfiguration(), path,
        LISTS, java.util.Set.of(), (consumer, r) -> {
          DirectParquetWriter.longField(consumer, 0, "id", r.id());
          DirectParquetWriter.stringListField(consumer, 1, "tags", r.tags());
          DirectParquetWriter.stringListField(consumer, 2, "names", r.names());
        }, 128 << 10)) {
      for (Lists r : records) {
        out.write(r);
      }
    }
    List<Row> back = spark.read().parquet(path.toString()).orderBy("id").collectAsList();
    assertEquals(records.size(), back.size());
    for (int i = 0; i < records.size(); i++) {
      Lists r = records.get(i);
      Row row = back.get(i);
      assertEquals(r.id(), row.getLong(0));
      assertEquals(r.tags(), row.isNullAt(1) ? null : row.getList(1), "tags of " + r.id());
      assertEquals(r.names(), row.isNullAt(2) ? null : row.getList(2), "names of " + r.id());
    }
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(path, spark.sparkContext().hadoopConfiguration()))) {
      assertTrue(reader.getRowGroups().size() >= 2, "row groups: " + reader.getRowGroups().size());
    }
  }

  @Test
  void aRequiredListElementWithoutValueIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      try (DirectParquetWriter<Lists> out = new DirectParquetWriter<>(spark.sparkContext().hadoopConfiguration(),
          file(), LISTS, java.util.Set.of(), (consumer, r) -> {
            DirectParquetWriter.longField(consumer, 0, "id", r.id());
            DirectParquetWriter.stringListField(consumer, 2, "names", r.names());
          })) {
        out.write(new Lists(1, null, Arrays.asList("x", null)));
      }
    });
    assertTrue(e.getMessage().contains("list column names"), e.getMessage());
  }

  @Test
  void aRequiredColumnWithoutValueIsNamed() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> roundTrip(List.of(RowFactory.create(null, "x", 1, 1.0, true, Instant.EPOCH))));
    assertTrue(e.getMessage().contains("required column id"), e.getMessage());
  }

  private static List<Object> values(Row row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      values.add(row.get(i));
    }
    return values;
  }
}
