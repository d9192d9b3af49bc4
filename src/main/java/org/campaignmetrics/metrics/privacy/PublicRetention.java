package org.campaignmetrics.metrics.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.metrics.cohort.CampaignCounts;
import org.campaignmetrics.model.Campaigns;
import org.campaignmetrics.model.RetentionCells;

/**
 * The public retention tables with primary and complementary suppression decided together
 * ({@link RetentionDisclosure}): the raw tables are small aggregates, collected to the driver,
 * decided there, and handed back as datasets with {@code cohort_size}/{@code retained} null where
 * suppressed, {@code rate} from published counts only, and {@code suppressed}.
 */
public final class PublicRetention {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PublicRetention.class);
  private static final String K = "k";

  private PublicRetention() {}

  /** The decided tables, and how many cells were suppressed. */
  public record Tables(Dataset<Row> summary, Dataset<Row> curve, Dataset<Row> byWiki, Dataset<Row> rollup,
      Dataset<Row> campaigns, int suppressedCells) {}

  /**
   * @param summary, curve, byWiki raw tables (campaign_id, cohort, k, window_start, window_end,
   *     [wiki_db,] cohort_size, retained, censored)
   * @param rollup raw rollup (series, country, cohort, k, cohort_size, retained, censored)
   * @param campaigns the campaigns with their raw counts (metrics/cohort/CampaignCounts)
   * @param unionBounded true when min_edits is 1
   * @param collect how the five raw tables are collected, their rows in the order given (the job
   *     collects them side by side: spark/Frames.collectTogether)
   */
  public static Tables of(SparkSession spark, int minCellSize, Dataset<Row> summary, Dataset<Row> curve,
      Dataset<Row> byWiki, Dataset<Row> rollup, Dataset<Row> campaigns, boolean unionBounded,
      Function<List<Dataset<Row>>, List<List<Row>>> collect) {
    List<List<Row>> collected = collect.apply(List.of(summary, curve, byWiki, rollup, campaigns));
    List<Row> summaryRows = collected.get(0);
    List<Row> curveRows = collected.get(1);
    List<Row> byWikiRows = collected.get(2);
    List<Row> rollupRows = collected.get(3);
    List<Row> campaignRows = collected.get(4);
    List<RetentionDisclosure.Totals> totals = new ArrayList<>();
    List<RetentionDisclosure.Member> members = new ArrayList<>();
    for (Row r : campaignRows) {
      String id = r.getAs(Campaigns.CAMPAIGN_ID);
      totals.add(new RetentionDisclosure.Totals(id, count(r, Campaigns.PARTICIPANTS_LISTED),
          count(r, Campaigns.PARTICIPANTS_UNMATCHED), count(r, Campaigns.PARTICIPANTS_UNVERIFIED),
          count(r, CampaignCounts.PARTICIPANTS_TEMPORARY), count(r, Campaigns.PARTICIPANTS_BOTS)));
      if (r.getAs(Campaigns.SERIES) != null) {
        members.add(new RetentionDisclosure.Member(id, r.getAs(Campaigns.SERIES), r.getAs(Campaigns.COUNTRY),
            String.valueOf(r.<Object>getAs(Campaigns.CAMPAIGN_START))));
      }
    }
    long started = System.nanoTime();
    RetentionDisclosure d = RetentionDisclosure.of(minCellSize, counts(summaryRows, false), counts(curveRows, false),
        counts(byWikiRows, true), groups(rollupRows), totals, members, unionBounded);
    LOG.info("retention: small cells: {} of {} counts suppressed, {} small themselves (or of a small cohort) "
        + "and {} that would give one away, decided in {} ms", d.suppressedCells(), d.cells(), d.primary(),
        d.suppressedCells() - d.primary(), Math.round((System.nanoTime() - started) / 1e6));

    Dataset<Row> publishedSummary = decided(spark, summary.schema(), summaryRows,
        r -> d.sizeSuppressed(campaign(r), cohort(r)),
        r -> d.retainedSuppressed(campaign(r), cohort(r), start(r), end(r)));
    Dataset<Row> publishedCurve = decided(spark, curve.schema(), curveRows,
        r -> d.sizeSuppressed(campaign(r), cohort(r)),
        r -> d.retainedSuppressed(campaign(r), cohort(r), start(r), end(r)));
    Dataset<Row> publishedByWiki = decided(spark, byWiki.schema(), byWikiRows,
        r -> d.sizeSuppressed(campaign(r), cohort(r)),
        r -> d.wikiSuppressed(campaign(r), cohort(r), start(r), end(r), r.getAs(RetentionCells.WIKI_DB)));
    Dataset<Row> publishedRollup = decided(spark, rollup.schema(), rollupRows,
        r -> d.groupSizeSuppressed(r.getAs(Campaigns.SERIES), r.getAs(Campaigns.COUNTRY), cohort(r)),
        r -> d.groupRetainedSuppressed(r.getAs(Campaigns.SERIES), r.getAs(Campaigns.COUNTRY), cohort(r),
            r.<Integer>getAs(K)));
    StructType campaignSchema = nullable(campaigns.schema());
    List<Row> published = new ArrayList<>();
    String[] fields = {Campaigns.PARTICIPANTS_LISTED, Campaigns.PARTICIPANTS_UNMATCHED,
        Campaigns.PARTICIPANTS_UNVERIFIED, Campaigns.PARTICIPANTS_BOTS};
    String[] names = {"listed", "unmatched", "unverified", "bots"};
    for (Row r : campaignRows) {
      Object[] values = values(r);
      for (int i = 0; i < fields.length; i++) {
        // a campaign that lists nobody publishes 0
        values[campaignSchema.fieldIndex(fields[i])] =
            d.countSuppressed(r.getAs(Campaigns.CAMPAIGN_ID), names[i]) ? null : count(r, fields[i]);
      }
      published.add(RowFactory.create(values));
    }
    return new Tables(publishedSummary, publishedCurve, publishedByWiki, publishedRollup,
        spark.createDataFrame(published, campaignSchema), d.suppressedCells());
  }

  private static long count(Row r, String field) {
    Long value = r.getAs(field);
    return value == null ? 0L : value;
  }

  private static List<RetentionDisclosure.Count> counts(List<Row> rows, boolean byWiki) {
    List<RetentionDisclosure.Count> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new RetentionDisclosure.Count(campaign(r), cohort(r), r.<Integer>getAs(K), start(r), end(r),
          byWiki ? r.getAs(RetentionCells.WIKI_DB) : null, r.<Long>getAs(RetentionCells.COHORT_SIZE),
          r.<Long>getAs(RetentionCells.RETAINED), r.<Boolean>getAs(RetentionCells.CENSORED)));
    }
    return out;
  }

  private static List<RetentionDisclosure.GroupCount> groups(List<Row> rows) {
    List<RetentionDisclosure.GroupCount> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new RetentionDisclosure.GroupCount(r.getAs(Campaigns.SERIES), r.getAs(Campaigns.COUNTRY), cohort(r),
          r.<Integer>getAs(K), r.<Long>getAs(RetentionCells.COHORT_SIZE), r.<Long>getAs(RetentionCells.RETAINED),
          r.<Boolean>getAs(RetentionCells.CENSORED)));
    }
    return out;
  }

  /**
   * The rows with cohort_size and retained null where suppressed, and retained null where
   * censored; rate = retained / cohort_size when both are published; suppressed when either
   * count is.
   */
  static Dataset<Row> decided(SparkSession spark, StructType raw, List<Row> rows, Predicate<Row> sizeSuppressed,
      Predicate<Row> retainedSuppressed) {
    StructType schema = nullable(raw).add(RetentionCells.RATE, DataTypes.DoubleType)
        .add(RetentionCells.SUPPRESSED, DataTypes.BooleanType, false);
    int size = raw.fieldIndex(RetentionCells.COHORT_SIZE);
    int retained = raw.fieldIndex(RetentionCells.RETAINED);
    int censored = raw.fieldIndex(RetentionCells.CENSORED);
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      boolean isCensored = r.getBoolean(censored);
      boolean sizeHidden = sizeSuppressed.test(r);
      boolean retainedHidden = sizeHidden || (!isCensored && retainedSuppressed.test(r));
      Object[] values = Arrays.copyOf(values(r), raw.size() + 2);
      Long publishedSize = sizeHidden ? null : r.getLong(size);
      Long publishedRetained = isCensored || retainedHidden ? null : r.getLong(retained);
      values[size] = publishedSize;
      values[retained] = publishedRetained;
      values[raw.size()] = publishedSize != null && publishedRetained != null && publishedSize > 0
          ? publishedRetained.doubleValue() / publishedSize : null;
      values[raw.size() + 1] = sizeHidden || retainedHidden;
      out.add(RowFactory.create(values));
    }
    return spark.createDataFrame(out, schema);
  }

  private static Object[] values(Row r) {
    Object[] values = new Object[r.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    return values;
  }

  /** The schema with the counts that can be suppressed nullable (the rest as it was). */
  private static StructType nullable(StructType schema) {
    java.util.Set<String> counts = java.util.Set.of(RetentionCells.COHORT_SIZE, RetentionCells.RETAINED,
        Campaigns.PARTICIPANTS_LISTED, Campaigns.PARTICIPANTS_UNMATCHED, Campaigns.PARTICIPANTS_UNVERIFIED,
        Campaigns.PARTICIPANTS_BOTS);
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      boolean nullable = fields[i].nullable() || counts.contains(fields[i].name());
      fields[i] = new StructField(fields[i].name(), fields[i].dataType(), nullable, fields[i].metadata());
    }
    return new StructType(fields);
  }

  private static String campaign(Row r) {
    return r.getAs(RetentionCells.CAMPAIGN_ID);
  }

  private static String cohort(Row r) {
    return r.getAs(RetentionCells.COHORT);
  }

  private static String start(Row r) {
    return String.valueOf(r.<Object>getAs(RetentionCells.WINDOW_START));
  }

  private static String end(Row r) {
    return String.valueOf(r.<Object>getAs(RetentionCells.WINDOW_END));
  }
}
