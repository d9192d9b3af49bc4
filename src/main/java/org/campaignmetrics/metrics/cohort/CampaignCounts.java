package org.campaignmetrics.metrics.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Campaigns;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Participants;

/**
 * The {@code campaigns} output's counts (docs/metrics.md "Participants"): per campaign, the names
 * listed, those not found in the history ({@code matched = false}) and those left out as bots.
 * Raw counts; suppression is {@code metrics/privacy/SmallCells.suppressCounts}.
 */
public final class CampaignCounts {
  private CampaignCounts() {}

  /** The campaigns with their three counts (null where a campaign lists nobody). */
  public static Dataset<Row> withCounts(Dataset<Row> campaigns, Dataset<Row> participants) {
    Columns.require(participants, Participants.CAMPAIGN_ID, Participants.MATCHED, Participants.EXCLUDED_BECAUSE);
    Dataset<Row> counts = participants.groupBy(Participants.CAMPAIGN_ID).agg(
        count(lit(1)).as(Campaigns.PARTICIPANTS_LISTED),
        sum(when(col(Participants.MATCHED).equalTo(false), 1L).otherwise(0L)).as(Campaigns.PARTICIPANTS_UNMATCHED),
        sum(when(col(Participants.EXCLUDED_BECAUSE).equalTo("bot"), 1L).otherwise(0L))
            .as(Campaigns.PARTICIPANTS_BOTS));
    return campaigns.join(counts, Columns.names(Campaigns.CAMPAIGN_ID), "left");
  }
}
