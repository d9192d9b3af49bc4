package org.campaignmetrics.source.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.IngestRejects;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.CanonicalUsers;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.HistorySource;
import org.campaignmetrics.source.IngestReport;
import org.campaignmetrics.source.IngestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code history.source: table}: the canonical datasets from a mediawiki_history table (the
 * Data Lake's Hive schema: the dump's columns, typed), named in the catalog
 * ({@code history.table}) or as a Parquet path ({@code history.path}). Only the configured
 * snapshot is read when the table has a {@code snapshot} column; columns added to the schema
 * after 2024 (central ids, temporary accounts) are null when the table predates them.
 */
public final class HistoryTableSource implements HistorySource {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryTableSource.class);

  private final SparkSession spark;
  private final Config config;
  private final Warehouse warehouse;
  private final IngestReport report;

  public HistoryTableSource(HistoryRequest request) {
    this.spark = request.spark();
    this.config = request.config();
    this.warehouse = request.warehouse();
    this.report = new IngestReport(warehouse, config);
  }

  /** Name shown in ingest_stats and rejects. */
  private static List<String> wikis(Config config) {
    return config.history().wikis().isEmpty() ? null : config.history().wikis();
  }

  private String sourceName() {
    return config.history().table() != null ? config.history().table() : config.history().path();
  }

  public Dataset<Row> readHistory() {
    Dataset<Row> history = config.history().table() != null
        ? spark.table(config.history().table())
        : spark.read().parquet(config.history().path());
    if (Arrays.asList(history.columns()).contains("snapshot")) {
      history = history.where(col("snapshot").equalTo(config.snapshotText()));
    }
    List<String> wikis = config.history().wikis();
    if (!wikis.isEmpty()) {
      history = history.where(col("wiki_db").isin(wikis.toArray()));
    }
    Column ts = timestamp(history, "event_timestamp");
    if (config.history().from() != null) {
      history = history.where(ts.isNull().or(ts.geq(lit(Timestamp.from(config.history().from())))));
    }
    history = history.where(ts.isNull().or(ts.lt(lit(Timestamp.from(config.dataHorizon())))));
    return history;
  }

  @Override
  public IngestResult ingest() {
    long started = System.nanoTime();
    Dataset<Row> history = readHistory();
    Columns.require(history, "wiki_db", "event_entity", "event_timestamp", "revision_id");
    Column isRevision = col("event_entity").equalTo("revision");
    Column usable = timestamp(history, "event_timestamp").isNotNull().and(col("revision_id").isNotNull());
    String name = sourceName();

    // one row per wiki, counted first: a table over ingest.max_reject_ratio publishes nothing
    List<Row> stats = Columns.project(history.groupBy(col("wiki_db")).agg(
        count(lit(1)).as(IngestStats.LINES_READ),
        sum(when(isRevision.and(usable), 1L).otherwise(0L)).as(IngestStats.ACCEPTED_REVISION),
        sum(when(col("event_entity").equalTo("user"), 1L).otherwise(0L)).as(IngestStats.ACCEPTED_USER),
        sum(when(col("event_entity").notEqual("user").and(not(isRevision)), 1L).otherwise(0L))
            .as(IngestStats.ACCEPTED_PAGE),
        sum(when(isRevision.and(not(usable)), 1L).otherwise(0L)).as(IngestStats.REJECTED))
        .select(lit(name).as(IngestStats.FILE), col("wiki_db").as(IngestStats.WIKI_DB),
            lit(null).cast(DataTypes.StringType).as(IngestStats.BUCKET), lit(IngestStats.STATUS_INGESTED).as(IngestStats.STATUS),
            lit("table").as(IngestStats.LAYOUTS), lit(null).cast(DataTypes.LongType).as(IngestStats.BYTES),
            col(IngestStats.LINES_READ), col(IngestStats.ACCEPTED_REVISION), col(IngestStats.ACCEPTED_USER),
            col(IngestStats.ACCEPTED_PAGE), col(IngestStats.REJECTED),
            col(IngestStats.REJECTED).divide(col(IngestStats.LINES_READ)).as(IngestStats.REJECT_RATIO))
        .orderBy(IngestStats.WIKI_DB), IngestStats.SCHEMA).collectAsList();
    List<IngestReport.InputCount> perWiki = stats.stream().map(r -> new IngestReport.InputCount(
        name + " " + r.getAs(IngestStats.WIKI_DB), r.<Long>getAs(IngestStats.LINES_READ),
        r.<Long>getAs(IngestStats.REJECTED))).toList();
    report.checkRejectRatio(perWiki, "the table itself (rows with event_entity = 'revision' and no event_timestamp "
        + "or revision_id)");

    Dataset<Row> edits = history.where(isRevision.and(usable)).select(
        col("revision_id").cast(DataTypes.LongType).as(Edits.REVISION_ID),
        timestamp(history, "event_timestamp").as(Edits.EVENT_TS),
        col("event_user_id").cast(DataTypes.LongType).as(Edits.USER_ID),
        optional(history, "event_user_central_id", DataTypes.LongType).as(Edits.USER_CENTRAL_ID),
        col("event_user_text").as(Edits.USER_NAME),
        col("event_user_is_anonymous").as(Edits.USER_IS_ANONYMOUS),
        optional(history, "event_user_is_temporary", DataTypes.BooleanType).as(Edits.USER_IS_TEMPORARY),
        isBot("event_user_is_bot_by").as(Edits.USER_IS_BOT),
        col("page_id").cast(DataTypes.LongType).as(Edits.PAGE_ID),
        col("page_namespace_historical").cast(DataTypes.IntegerType).as(Edits.PAGE_NAMESPACE),
        col("page_namespace_is_content_historical").as(Edits.PAGE_NAMESPACE_IS_CONTENT),
        when(col("revision_parent_id").isNotNull(), col("revision_parent_id").equalTo(0))
            .otherwise(coalesce(timestamp(history, "page_first_edit_timestamp")
                .equalTo(timestamp(history, "event_timestamp")), lit(false))).as(Edits.IS_PAGE_CREATION),
        col("revision_text_bytes_diff").cast(DataTypes.LongType).as(Edits.BYTES_DIFF),
        coalesce(col("revision_is_deleted_by_page_deletion"), lit(false))
            .or(coalesce(col("page_is_deleted"), lit(false))).as(Edits.PAGE_IS_DELETED),
        coalesce(col("revision_is_identity_reverted"), lit(false)).as(Edits.IS_REVERTED),
        col("wiki_db").as(Edits.WIKI_DB));
    // a mediawiki_history table has a user row for every account: read from the beginning on every
    // wiki, users holds them all
    List<String> read = wikis(config);
    HistoryCoverage coverage = new HistoryCoverage(config.history().from(), config.dataHorizon(), read, null,
        config.history().from() == null && read == null);
    warehouse.writeParquet(Columns.project(edits, Edits.SCHEMA), Edits.NAME, config.snapshotText(),
        Map.of(HistoryCoverage.SIDE_FILE, coverage.toJson()), Edits.WIKI_DB);

    Dataset<Row> performers = history.where(isRevision.and(usable)).select(observation(history, "event_user_"));
    Dataset<Row> subjects = history.where(col("event_entity").equalTo("user")).select(observation(history, "user_"));
    Dataset<Row> observations = performers.unionByName(subjects)
        .where(col(Users.USER_ID).isNotNull().and(col(Users.USER_ID).gt(0))
            .and(not(col("anonymous"))))
        .drop("anonymous");
    warehouse.writeParquet(CanonicalUsers.merge(observations), Users.NAME, config.snapshotText(), Users.WIKI_DB);

    Dataset<Row> rejects = history.where(isRevision.and(not(usable))).select(
        lit(name).as(IngestRejects.FILE),
        col("wiki_db").as(IngestRejects.WIKI_DB),
        lit(0L).as(IngestRejects.LINE_NUMBER),
        when(timestamp(history, "event_timestamp").isNull(), lit("missing event_timestamp"))
            .otherwise(lit("missing revision_id")).as(IngestRejects.REASON),
        to_json(struct(col("*"))).substr(1, IngestRejects.RAW_LINE_MAX_BYTES)
            .as(IngestRejects.RAW_LINE));
    report.publishRejects(Columns.project(rejects, IngestRejects.SCHEMA));

    report.publishStats(stats);
    long seconds = Math.round((System.nanoTime() - started) / 1e9);
    IngestResult result = IngestResult.fromStats(stats, false, seconds);
    LOG.info("ingest: table {} snapshot {} — {} rows, {} edits, {} rejected, {} s", name, config.snapshotText(),
        result.linesRead(), result.edits(), result.rejected(), seconds);
    return result;
  }

  /** The user columns of one side of a row ({@code event_user_} = performer, {@code user_} = subject). */
  private Column[] observation(Dataset<Row> history, String prefix) {
    return new Column[] {
        col("wiki_db").as(Users.WIKI_DB),
        col(prefix + "id").cast(DataTypes.LongType).as(Users.USER_ID),
        col(prefix + "text").as(Users.USER_NAME),
        optional(history, prefix + "central_id", DataTypes.LongType).as(Users.USER_CENTRAL_ID),
        timestamp(history, prefix + "registration_timestamp").as(Users.REGISTRATION_TS),
        timestamp(history, prefix + "creation_timestamp").as(Users.CREATION_TS),
        timestamp(history, prefix + "first_edit_timestamp").as(Users.FIRST_EDIT_TS),
        when(col(prefix + "is_created_by_self"), lit("self"))
            .when(col(prefix + "is_created_by_system"), lit("system"))
            .when(col(prefix + "is_created_by_peer"), lit("peer")).as(Users.CREATED_BY),
        when(size(col(prefix + "groups")).gt(0), col(prefix + "groups")).as(Users.GROUPS),
        isBot(prefix + "is_bot_by").as(Users.IS_BOT),
        optional(history, prefix + "is_temporary", DataTypes.BooleanType).as(Users.IS_TEMPORARY),
        timestamp(history, "event_timestamp").as(CanonicalUsers.OBSERVED_AT),
        coalesce(col(prefix + "is_anonymous"), lit(false)).as("anonymous")
    };
  }

  /** Bot by name or group, now ({@code *_is_bot_by}) or in the past ({@code *_is_bot_by_historical}). */
  private static Column isBot(String column) {
    return coalesce(size(col(column)).gt(0), lit(false))
        .or(coalesce(size(col(column + "_historical")).gt(0), lit(false)));
  }

  /** Hive stores the timestamps as text {@code yyyy-MM-dd HH:mm:ss.S}; a typed table has them already. */
  private static Column timestamp(Dataset<Row> history, String column) {
    return col(column).try_cast(DataTypes.TimestampType);
  }

  private static Column optional(Dataset<Row> history, String column, DataType type) {
    return Arrays.asList(history.columns()).contains(column) ? col(column).cast(type) : lit(null).cast(type);
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }
}
