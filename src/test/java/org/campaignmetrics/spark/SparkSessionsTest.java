package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {
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
