package org.campaignmetrics.testing;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.spark.SparkSessions;
import org.junit.jupiter.api.BeforeAll;

/**
 * One Spark session per test JVM, on local[2], built by the same factory as the commands
 * (so the conventions under test are the real ones), with few shuffle partitions and no UI.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark = SparkSessions.create("campaign-metrics tests", "local[2]", List.of(
          "spark.sql.shuffle.partitions=2",
          "spark.ui.enabled=false",
          "spark.unsafe.exceptionOnMemoryLeak=true",
          "spark.sql.adaptive.enabled=true"));
    }
  }

  /** Runs SQL and returns plain rows (Iceberg's test-base habit). */
  protected static List<Row> sql(String query, Object... args) {
    return spark.sql(String.format(query, args)).collectAsList();
  }
}
