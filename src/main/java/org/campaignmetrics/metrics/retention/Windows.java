package org.campaignmetrics.metrics.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.config.Config.RetentionConfig;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.RetentionCells;

/**
 * The retention windows of every campaign, half-open {@code [window_start, window_end)} in UTC
 * with calendar-month arithmetic from the campaign's end E (docs/metrics.md "Windows"):
 * {@code month}: [E+(k−1)mo, E+k mo); {@code quarter}: [E+(k−3)mo, E+k mo); {@code since}:
 * [E+offset_days, E+k mo). The curve is month windows 1..max(horizons). A window whose end is
 * after the data horizon, or after the history the ingest read, is censored (and says which).
 * A small table, built on the driver.
 */
public final class Windows {
  public static final String CAMPAIGN_ID = "campaign_id";
  public static final String MEASURE = "measure";
  public static final String HORIZON = "horizon";
  public static final String CURVE = "curve";
  public static final String K = "k";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String CENSORED = "censored";
  public static final String CENSORED_BECAUSE = RetentionCells.CENSORED_BECAUSE;

  public static final StructType SCHEMA = new StructType()
      .add(CAMPAIGN_ID, DataTypes.StringType, false)
      .add(MEASURE, DataTypes.StringType, false)
      .add(K, DataTypes.IntegerType, false)
      .add(WINDOW_START, DataTypes.TimestampType, false)
      .add(WINDOW_END, DataTypes.TimestampType, false)
      .add(CENSORED, DataTypes.BooleanType, false)
      .add(CENSORED_BECAUSE, DataTypes.StringType);

  private Windows() {}

  static Instant plusMonths(Instant end, int months) {
    return end.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
  }

  /** The window of horizon k for a campaign ending at {@code end}. */
  public static Instant[] window(RetentionConfig retention, Instant end, int k) {
    Instant to = plusMonths(end, k);
    switch (retention.window()) {
      case QUARTER:
        return new Instant[] {plusMonths(end, Math.max(0, k - 3)), to};
      case SINCE:
        return new Instant[] {end.plus(Duration.ofDays(retention.offsetDays())), to};
      default:
        return new Instant[] {plusMonths(end, k - 1), to};
    }
  }

  /** The windows, censored by the snapshot's month alone (the history read assumed to reach it). */
  public static List<Row> rows(Config config) {
    return rows(config, null);
  }

  /**
   * The windows; one that ends after the data horizon is censored {@code window_open}, else one that
   * ends after what the ingest read ({@code coverage.to()}) is censored {@code history_not_read}.
   *
   * @param coverage what {@code edits} holds, or null: up to the data horizon
   */
  public static List<Row> rows(Config config, HistoryCoverage coverage) {
    List<Row> rows = new ArrayList<>();
    Instant horizon = config.dataHorizon();
    Instant read = coverage == null || coverage.to().isAfter(horizon) ? horizon : coverage.to();
    RetentionConfig retention = config.retention();
    for (CampaignConfig campaign : config.campaigns()) {
      for (int k : retention.horizons()) {
        Instant[] w = window(retention, campaign.end(), k);
        rows.add(row(campaign.id(), HORIZON, k, w[0], w[1], horizon, read));
      }
      for (int k = 1; k <= retention.maxHorizon(); k++) {
        rows.add(row(campaign.id(), CURVE, k, plusMonths(campaign.end(), k - 1), plusMonths(campaign.end(), k),
            horizon, read));
      }
    }
    return rows;
  }

  private static Row row(String campaign, String measure, int k, Instant from, Instant to, Instant horizon,
      Instant read) {
    String because = to.isAfter(horizon) ? RetentionCells.WINDOW_OPEN
        : to.isAfter(read) ? RetentionCells.HISTORY_NOT_READ : null;
    return RowFactory.create(campaign, measure, k, from, to, because != null, because);
  }
}
