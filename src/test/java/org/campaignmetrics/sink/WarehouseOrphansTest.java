package org.campaignmetrics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tried: kill -9 just after "ingest: batch 1/1 staged" left
 * {@code users/_tmp-snapshot=2026-09-<uuid>/wiki_db=commonswiki/part-00000.snappy.parquet} of 0
 * bytes that no re-run removed, and a glob reader of {@code users/*}/*}/*.parquet} then failed.
 */
class WarehouseOrphansTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static final StructType SCHEMA = new StructType().add("x", DataTypes.LongType);

  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void partitionsAreWrittenOutsideTheDatasetFolderAndWhatAKilledRunLeftIsRemovedByTheNext() throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    // what a killed run left: the old place inside the dataset folder, and the new one under _tmp/
    Path legacy = dir.resolve("users/_tmp-snapshot=2026-09-0d5f/wiki_db=commonswiki/part-00000.snappy.parquet");
    Path orphan = dir.resolve("_tmp/users/snapshot=2026-09-1a2b/wiki_db=commonswiki/part-00000.snappy.parquet");
    for (Path p : List.of(legacy, orphan)) {
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[0]);
    }
    Path otherSnapshot = dir.resolve("_tmp/users/snapshot=2026-08-3c4d");
    Files.createDirectories(otherSnapshot);

    List<Row> rows = List.of(RowFactory.create(1L), RowFactory.create(2L));
    warehouse.writeParquet(spark.createDataFrame(rows, SCHEMA), "users", "2026-09");

    assertEquals(List.of("snapshot=2026-09"), entries(dir.resolve("users")), "only the partition");
    assertFalse(Files.exists(orphan.getParent().getParent()), "the orphan of snapshot 2026-09 is gone");
    assertEquals(List.of("snapshot=2026-08-3c4d"), entries(dir.resolve("_tmp/users")),
        "another snapshot's is left to its own runs");
    assertEquals(2L, spark.read().parquet(dir.resolve("users").toString() + "/*/*.parquet").count(),
        "a glob over the dataset folder reads the partition alone");
  }

  @Test
  void aPartitionLeftAsideByARunKilledBetweenTheTwoRenamesIsPutBackThenReplaced() throws IOException {
    Warehouse warehouse = new Warehouse(spark, dir.toString());
    List<Row> old = List.of(RowFactory.create(1L), RowFactory.create(2L), RowFactory.create(3L));
    warehouse.writeParquet(spark.createDataFrame(old, SCHEMA), "users", "2026-09");
    // the kill: the old partition renamed aside, the new one not yet in its place
    Path target = dir.resolve("users/snapshot=2026-09");
    Path aside = dir.resolve("_tmp/replaced/users/snapshot=2026-09-5e6f");
    Files.createDirectories(aside.getParent());
    Files.move(target, aside);
    Path stale = dir.resolve("_tmp/replaced/users/snapshot=2026-09-7a8b"); // incomplete: no _SUCCESS
    Files.createDirectories(stale);

    warehouse.restoreAside(new org.apache.hadoop.fs.Path(target.toString()));
    assertEquals(3L, spark.read().parquet(target.toString()).count(), "the previous partition, back in its place");
    assertEquals(List.of(), entries(dir.resolve("_tmp/replaced/users")), "nothing else aside");

    Files.createDirectories(dir.resolve("users"));
    Files.move(target, aside); // killed again; this time the next publish finds it
    warehouse.writeParquet(spark.createDataFrame(List.of(RowFactory.create(9L)), SCHEMA), "users", "2026-09");
    assertEquals(List.of(9L), spark.read().parquet(target.toString()).collectAsList().stream()
        .map(r -> r.getLong(0)).toList());
    assertEquals(List.of(), entries(dir.resolve("_tmp/replaced/users")), "replaced, and the old one deleted");
  }
}
