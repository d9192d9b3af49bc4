package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

class SparkSessionsTest extends SparkTestBase {
  @Test
  void aLocalMasterListsUpToAThousandFilesOnTheDriverWithoutAJob() {
    // Spark's default is 32: a read of the staged edits' 72 files was a listing job of 72 tasks
    assertEquals("1000", spark.conf().get(SparkSessions.LISTING_THRESHOLD));
    assertEquals("1000", spark.sparkContext().getConf().get(SparkSessions.LISTING_THRESHOLD));
  }

  @Test
  void aLocalMasterGetsFourShufflePartitionsPerCoreAtLeastFour() {
    assertEquals(4, SparkSessions.localShufflePartitions("local"));
    assertEquals(4, SparkSessions.localShufflePartitions("local[1]"));
    assertEquals(8, SparkSessions.localShufflePartitions("local[2]"));
    assertEquals(64, SparkSessions.localShufflePartitions("local[16,3]"));
    assertEquals(Math.max(4, 4 * Runtime.getRuntime().availableProcessors()),
        SparkSessions.localShufflePartitions("local[*]"));
  }
}
