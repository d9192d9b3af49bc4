package org.campaignmetrics.metrics.goals;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Columns;

/**
 * {@code event_contribution_summary}: CampaignEvents' summary query
 * ({@code EventContributionStore::getEventSummaryData} in
 * CampaignEvents, https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents) per event, for
 * two viewers: {@code public} (private participants' contributions excluded, what anyone sees)
 * and {@code all} (an organizer who may see private participants). Contributions are joined to
 * {@code ce_participants} on (event, user) without a {@code cep_unregistered_at} condition, so a
 * participant who unregistered later still counts and an author with no registration row does
 * not; {@code cec_deleted} rows are left out; no time window and no wiki filter.
 */
public final class ContributionSummary {
  public static final String PUBLIC = "public";
  public static final String ALL = "all";
  public static final List<String> COLUMNS = List.of("event_id", "visibility", "participants", "wikis",
      "articles_created", "articles_edited", "edits", "bytes_added", "bytes_removed", "links_added",
      "links_removed");

  private ContributionSummary() {}

  /**
   * One row per kept event and visibility ({@code all} only when {@code withAll}); events without
   * contributions have zeros.
   *
   * @param events event_id of every kept event
   * @param contributions event_id, user_central_id, wiki_db, page_id, is_page_creation,
   *     bytes_delta, links_delta, is_deleted
   * @param participants event_id, user_central_id, is_private
   */
  public static Dataset<Row> summary(Dataset<Row> events, Dataset<Row> contributions, Dataset<Row> participants,
      boolean withAll) {
    Dataset<Row> counted = counted(contributions, participants);
    Dataset<Row> result = perEvent(events, counted.where(col("is_private").equalTo(false)), PUBLIC);
    if (withAll) {
      result = result.unionByName(perEvent(events, counted, ALL));
    }
    return result.select(COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /** The contributions the summary counts, with the author's {@code is_private}. */
  private static Dataset<Row> counted(Dataset<Row> contributions, Dataset<Row> participants) {
    Columns.require(contributions, "event_id", "user_central_id", "wiki_db", "page_id", "is_page_creation",
        "bytes_delta", "links_delta", "is_deleted");
    return contributions.where(col("is_deleted").equalTo(false))
        .join(participants.select("event_id", "user_central_id", "is_private"),
            Columns.names("event_id", "user_central_id"));
  }

  /**
   * Each contribution's outcome, for the run's stats: counted, deleted, or without a
   * registration row (dropped by the summary's inner join).
   */
  public static Dataset<Row> outcomes(Dataset<Row> contributions, Dataset<Row> participants) {
    Dataset<Row> registered = participants.select(col("event_id"), col("user_central_id"),
        lit(true).as("has_registration"));
    return contributions.join(registered, Columns.names("event_id", "user_central_id"), "left")
        .select(when(col("is_deleted"), lit("kept, not counted: deleted (cec_deleted)"))
            .when(col("has_registration").isNull(), lit("kept, not counted: author has no ce_participants row"))
            .otherwise(lit("kept, counted")).as("outcome"))
        .groupBy("outcome").agg(count(lit(1)).as("rows"));
  }

  private static Dataset<Row> perEvent(Dataset<Row> events, Dataset<Row> counted, String visibility) {
    Column creation = col("is_page_creation");
    Column bytes = col("bytes_delta");
    Column links = col("links_delta");
    // distinct counts as the sizes of per-event sets (nulls are in no set, as count(DISTINCT) skips
    // them): Spark plans several count(DISTINCT …) as an Expand, every contribution once per distinct
    // column, aggregated twice — the sets are one pass (bench/goals.sh: docs/performance.md)
    Dataset<Row> sums = counted.groupBy("event_id").agg(
        size(collect_set(col("user_central_id"))).as("participants"),
        size(collect_set(col("wiki_db"))).as("wikis"),
        sum(when(creation, 1L).otherwise(0L)).as("articles_created"),
        size(collect_set(when(not(creation), struct(col("wiki_db"), col("page_id"))))).as("articles_edited"),
        count(lit(1)).as("edits"),
        sum(when(bytes.gt(0), bytes).otherwise(0L)).as("bytes_added"),
        sum(when(bytes.lt(0), bytes).otherwise(0L)).as("bytes_removed"),
        sum(when(links.gt(0), links).otherwise(0L)).as("links_added"),
        sum(when(links.lt(0), links).otherwise(0L)).as("links_removed"));
    Dataset<Row> all = events.select("event_id").join(sums, Columns.names("event_id"), "left");
    for (String c : COLUMNS.subList(2, COLUMNS.size())) {
      all = all.withColumn(c, coalesce(col(c).cast("long"), lit(0L)));
    }
    return all.withColumn("visibility", lit(visibility));
  }
}
