package org.campaignmetrics.source.campaignevents;

import static org.apache.spark.sql.functions.col;

import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;

/** The {@code event_types} bitmask decoded (docs/metrics.md "Decoding"). */
class EventTypesTest extends SparkTestBase {
  @Test
  void onlyUnknownBitsDecodeToOtherNeverAnEmptyString() {
    Tables.assertRows(spark.sql("SELECT * FROM VALUES (0), (1), (10), (512), (513), (1536) AS t(mask)")
            .withColumn("types", CampaignEventsSource.types(col("mask"))),
        "mask  types",
        "0     other",
        "1     editing-event",
        "10    media-upload-event,contest",
        "512   other",
        "513   editing-event",
        "1536  other");
  }
}
