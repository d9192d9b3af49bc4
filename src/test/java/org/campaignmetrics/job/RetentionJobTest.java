package org.campaignmetrics.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which plans retention compiles: {@link RetentionJob#smallHistory} over the staged files. */
class RetentionJobTest extends SparkTestBase {
  @TempDir Path dir;

  /** The bytes of the committed Parquet files of a staged dataset, counted from the disk. */
  private static long parquetBytes(Path partition) throws IOException {
    try (Stream<Path> files = Files.walk(partition)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  @Test
  void theHistoryIsSmallBelowTheLimitOfItsEditsAndAccountsBytesTogether() throws IOException {
    Config config = ConfigLoader.load(Path.of("conf/sample.yaml")).withWarehouse(dir.resolve("wh").toString());
    IngestJob.run(spark, config);
    long staged = parquetBytes(dir.resolve("wh/" + Edits.NAME + "/snapshot=2026-09"))
        + parquetBytes(dir.resolve("wh/" + Users.NAME + "/snapshot=2026-09"));
    assertTrue(staged > 100_000 && staged < RetentionJob.SMALL_HISTORY_BYTES, "the sample's staged bytes: " + staged);
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    assertTrue(RetentionJob.smallHistory(warehouse, "2026-09", RetentionJob.SMALL_HISTORY_BYTES));
    assertTrue(RetentionJob.smallHistory(warehouse, "2026-09", staged + 1));
    assertFalse(RetentionJob.smallHistory(warehouse, "2026-09", staged));
    // the accounts count too: the edits' bytes alone are under a limit the two together reach
    assertFalse(RetentionJob.smallHistory(warehouse, "2026-09",
        parquetBytes(dir.resolve("wh/" + Edits.NAME + "/snapshot=2026-09")) + 1));
  }
}
