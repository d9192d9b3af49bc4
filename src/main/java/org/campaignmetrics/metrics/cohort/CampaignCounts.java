package org.campaignmetrics.metrics.cohort;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Campaigns;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Participants;

/**
 * The {@code campaigns} output's counts (docs/metrics.md "Participants"): per campaign, the
 * people listed (a person listed by two sources, or under two names of one global account, once),
 * the names known not to exist ({@code unmatched}), the names found nowhere ({@code unverified})
 * the people left out as bots (and, not published, as temporary accounts). Raw counts; what is published is decided by {@code metrics/privacy/PublicRetention}.
 */
public final class CampaignCounts {
  /** People left out as temporary accounts: a raw count for the disclosure check, not published. */
  public static final String PARTICIPANTS_TEMPORARY = "participants_temporary";

  private CampaignCounts() {}

  /** The campaigns with their counts (null where a campaign lists nobody). */
  public static Dataset<Row> withCounts(Dataset<Row> campaigns, Dataset<Row> participants) {
    Columns.require(participants, Participants.CAMPAIGN_ID, Participants.PERSON_KEY, Participants.USER_NAME,
        Participants.MATCH_STATUS, Participants.EXCLUDED_BECAUSE);
    Column person = coalesce(col(Participants.PERSON_KEY), concat(lit("n:"), col(Participants.USER_NAME)));
    Column status = col(Participants.MATCH_STATUS);
    Dataset<Row> counts = participants.groupBy(Participants.CAMPAIGN_ID).agg(
        countDistinct(person).as(Campaigns.PARTICIPANTS_LISTED),
        countDistinct(when(status.equalTo(Participants.STATUS_UNMATCHED), person))
            .as(Campaigns.PARTICIPANTS_UNMATCHED),
        countDistinct(when(status.equalTo(Participants.STATUS_UNVERIFIED), person))
            .as(Campaigns.PARTICIPANTS_UNVERIFIED),
        countDistinct(when(col(Participants.EXCLUDED_BECAUSE).equalTo(Participants.EXCLUDED_BOT), person))
            .as(Campaigns.PARTICIPANTS_BOTS),
        // not published, but the disclosure check needs it: listed = the excluded + the cohort
        countDistinct(when(col(Participants.EXCLUDED_BECAUSE).equalTo(Participants.EXCLUDED_TEMPORARY), person))
            .as(PARTICIPANTS_TEMPORARY));
    return campaigns.join(counts, Columns.names(Campaigns.CAMPAIGN_ID), "left");
  }
}
