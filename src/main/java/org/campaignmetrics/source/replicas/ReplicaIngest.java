package org.campaignmetrics.source.replicas;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config.ReplicasConfig;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.HistoryRange;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.IngestRejects;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.HistorySource;
import org.campaignmetrics.source.IngestReport;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.source.mariadb.ReplicaConnector;
import org.campaignmetrics.source.mariadb.ReplicaCredentials;
import org.campaignmetrics.source.mariadb.WikiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code history.source: replicas}: the canonical {@code edits} and {@code users} (and, with
 * {@code replicas.centralauth}, {@code global_users}) straight from the MariaDB Wiki Replicas.
 *
 * <p>When the config lists campaigns, only their participants are read (names from the lists
 * and Commons categories): per wiki, batches of {@code replicas.actor_batch} names, their
 * revisions in the history range through the actor index. Without campaigns every revision,
 * archived revision and user is read in primary-key ranges. The units of work are Spark tasks,
 * grouped so that no host ever has more than {@code replicas.max_connections} of them at once;
 * each reads in keyset pages of {@code replicas.batch_rows} rows with retries
 * ({@link WikiSession}). Task output is staged as Parquet first, so nothing is queried twice,
 * then published like the dumps' ingest with {@code ingest_rejects} and {@code ingest_stats}
 * (one row per wiki: rows read = edits + rejects).
 */
public final class ReplicaIngest implements HistorySource {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaIngest.class);
  static final String FINGERPRINT_FILE = "_replicas.json";

  private final SparkSession spark;
  private final Config config;
  private final ReplicasConfig replicas;
  private final Warehouse warehouse;
  private final WikiSession.ReadHook hook;
  private final IngestReport report;
  private final HistoryRequest request;

  public ReplicaIngest(HistoryRequest request) {
    this(request, WikiSession.ReadHook.NONE);
  }

  public ReplicaIngest(HistoryRequest request, WikiSession.ReadHook hook) {
    this.spark = request.spark();
    this.config = request.config();
    this.replicas = config.replicas();
    this.warehouse = request.warehouse();
    this.report = new IngestReport(warehouse, config);
    this.request = request;
    this.hook = hook;
  }

  @Override
  public IngestResult ingest() {
    long started = System.nanoTime();
    String snapshot = config.snapshotText();
    HistoryRange range = HistoryRange.of(config);
    List<String> wikis = config.history().wikis();
    ReplicaCredentials credentials = ReplicaCredentials.load(replicas.credentialsFile());
    ReplicaConnector connector = new ReplicaConnector(replicas, credentials);
    List<String> names = request.participantNames();
    String fingerprint = fingerprint(wikis, range, names);
    String marker = warehouse.sideFile(IngestStats.NAME, snapshot, FINGERPRINT_FILE);
    if (warehouse.isComplete(Edits.NAME, snapshot) && marker != null && marker.strip().equals(fingerprint)) {
      LOG.info("ingest: snapshot {} already read from the replicas with the same wikis, range and participants; "
          + "nothing to read", snapshot);
      return report.published(true, seconds(started));
    }
    LOG.info("ingest: replicas — {} wiki(s) {} via {} (credentials from {}), {}, history {}", wikis.size(), wikis,
        connector.describe(wikis.get(0)).replace(wikis.get(0), "{wiki}"), credentials.origin(),
        names == null ? "every revision and user (no campaigns listed)"
            : names.size() + " participant name(s)", range);

    List<ReplicaTask> editTasks = new ArrayList<>();
    List<ReplicaTask> userTasks = new ArrayList<>();
    for (String wiki : wikis) {
      if (names != null) {
        for (int i = 0; i < names.size(); i += replicas.actorBatch()) {
          List<String> batch = names.subList(i, Math.min(names.size(), i + replicas.actorBatch()));
          editTasks.add(ReplicaTask.byNames(ReplicaTask.Kind.REVISIONS, wiki, batch));
          editTasks.add(ReplicaTask.byNames(ReplicaTask.Kind.ARCHIVE, wiki, batch));
          userTasks.add(ReplicaTask.byNames(ReplicaTask.Kind.USERS, wiki, batch));
        }
      } else {
        try (WikiSession session = new WikiSession(connector, wiki, hook)) {
          editTasks.addAll(ranges(session, ReplicaTask.Kind.REVISIONS, "rev_id", "revision"));
          editTasks.addAll(ranges(session, ReplicaTask.Kind.ARCHIVE, "ar_id", "archive"));
          userTasks.addAll(ranges(session, ReplicaTask.Kind.USERS, "user_id", "user"));
        }
      }
    }

    Path staging = warehouse.stagingPath("replicas", snapshot);
    Path usersRaw = new Path(staging, "users");
    Path editsRaw = new Path(staging, "edits");
    long t0 = System.nanoTime();
    stage(connector, userTasks, range, Users.SCHEMA, usersRaw);
    LOG.info("ingest: replicas — users staged ({} task(s)) in {} s", userTasks.size(), seconds(t0));
    t0 = System.nanoTime();
    stage(connector, editTasks, range, EditsReader.RAW_EDITS, editsRaw);
    long editsMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
    Dataset<Row> raw = warehouse.readStaged(editsRaw);
    long rows = raw.count();
    LOG.info("ingest: replicas — {} revision rows staged ({} task(s)) in {} s: {} rows/s", rows, editTasks.size(),
        String.format(Locale.ROOT, "%.1f", editsMillis / 1000.0), rows * 1000 / editsMillis);

    Dataset<Row> users = warehouse.readStaged(usersRaw);
    Dataset<Row> central = null;
    if (replicas.centralauth()) {
      t0 = System.nanoTime();
      Path centralRaw = new Path(staging, "central");
      stageCentral(connector, users, names, centralRaw);
      central = warehouse.readStaged(centralRaw);
      LOG.info("ingest: replicas — CentralAuth global accounts looked up in {} s", seconds(t0));
      users = users.drop(Users.USER_CENTRAL_ID).join(
          central.select(col(CentralAuthReader.NAME).as("ca_name"), col(CentralAuthReader.CENTRAL_ID)),
          col(Users.USER_NAME).equalTo(col("ca_name")), "left").drop("ca_name");
    }
    // the replicas read the listed participants' revisions in the range, on the configured wikis
    publish(raw, users, central, fingerprint, new HistoryCoverage(range.from(), range.to(), wikis, names, false));
    warehouse.delete(staging);
    return report.published(false, seconds(started));
  }

  private static String fingerprint(List<String> wikis, HistoryRange range, List<String> names) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((wikis + "|" + range + "|").getBytes(StandardCharsets.UTF_8));
      if (names == null) {
        digest.update("ALL".getBytes(StandardCharsets.UTF_8));
      } else {
        for (String name : names) {
          digest.update((name + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Id ranges (lo, hi] of a table, about {@code max_connections × 4} of them, each at least one page. */
  private List<ReplicaTask> ranges(WikiSession session, ReplicaTask.Kind kind, String id, String table) {
    List<long[]> bounds = session.page("SELECT MIN(" + id + "), MAX(" + id + ") FROM " + table, s -> { },
        rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.wasNull() ? 1 : 0});
    List<ReplicaTask> tasks = new ArrayList<>();
    long[] b = bounds.get(0);
    if (b[2] == 1) {
      return tasks; // empty table
    }
    long lo = b[0] - 1;
    long hi = b[1];
    long step = Math.max(replicas.batchRows(), (hi - lo + replicas.maxConnections() * 4L - 1)
        / (replicas.maxConnections() * 4L));
    for (long from = lo; from < hi; from += step) {
      tasks.add(ReplicaTask.byRange(kind, session.wiki(), from, Math.min(hi, from + step)));
    }
    return tasks;
  }

  /**
   * Runs the tasks as one Spark job and writes their rows to {@code path}. Tasks are grouped per
   * host into at most {@code max_connections} partitions; a partition opens one connection at a time.
   */
  private void stage(ReplicaConnector connector, List<ReplicaTask> tasks, HistoryRange range, StructType schema,
      Path path) {
    List<List<ReplicaTask>> groups = groups(connector, tasks, replicas.maxConnections());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows = jsc.parallelize(groups, Math.max(1, groups.size()))
        .flatMap(new RunTasks(connector, range.from(), range.to(), config.dataHorizon(), hook));
    warehouse.writeStaged(spark.createDataFrame(rows, schema), path);
  }

  /** The tasks of each host dealt round-robin into at most {@code maxConnections} groups (Spark partitions). */
  static List<List<ReplicaTask>> groups(ReplicaConnector connector, List<ReplicaTask> tasks, int maxConnections) {
    Map<String, List<List<ReplicaTask>>> byHost = new TreeMap<>();
    Map<String, Integer> next = new LinkedHashMap<>();
    for (ReplicaTask task : tasks) {
      String host = connector.host(task.wiki()) + ":" + connector.config().port();
      List<List<ReplicaTask>> groups = byHost.computeIfAbsent(host, h -> new ArrayList<>());
      int i = next.merge(host, 1, Integer::sum) - 1;
      if (groups.size() < maxConnections) {
        groups.add(new ArrayList<>());
      }
      groups.get(i % maxConnections).add(task);
    }
    List<List<ReplicaTask>> all = new ArrayList<>();
    byHost.values().forEach(all::addAll);
    return all;
  }

  /** One Spark partition: its tasks in order, one wiki session at a time, rows streamed page by page. */
  static final class RunTasks implements FlatMapFunction<List<ReplicaTask>, Row> {
    private static final long serialVersionUID = 1L;
    private final ReplicaConnector connector;
    private final Instant from;
    private final Instant to;
    private final Instant horizon;
    private final WikiSession.ReadHook hook;

    RunTasks(ReplicaConnector connector, Instant from, Instant to, Instant horizon, WikiSession.ReadHook hook) {
      this.connector = connector;
      this.from = from;
      this.to = to;
      this.horizon = horizon;
      this.hook = hook;
    }

    @Override
    public Iterator<Row> call(List<ReplicaTask> tasks) {
      return new Iterator<>() {
        private final Iterator<ReplicaTask> pending = tasks.iterator();
        private final ArrayDeque<List<Row>> pages = new ArrayDeque<>();
        private Iterator<Row> current = Collections.emptyIterator();
        private WikiSession session;

        @Override
        public boolean hasNext() {
          while (!current.hasNext()) {
            if (!pages.isEmpty()) {
              current = pages.poll().iterator();
              continue;
            }
            if (!pending.hasNext()) {
              if (session != null) {
                session.close();
                session = null;
              }
              return false;
            }
            runTask(pending.next());
          }
          return true;
        }

        private void runTask(ReplicaTask task) {
          if (session == null || !session.wiki().equals(task.wiki())) {
            if (session != null) {
              session.close();
            }
            session = new WikiSession(connector, task.wiki(), hook);
          }
          int pageRows = connector.config().batchRows();
          if (task.kind() == ReplicaTask.Kind.USERS) {
            new UsersReader(session, pageRows, horizon).read(task, pages::add);
          } else {
            new EditsReader(session, pageRows, from, to).read(task, pages::add);
          }
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return current.next();
        }
      };
    }
  }

  /**
   * Looks up in CentralAuth the distinct names of the users read and of the listed participants
   * (one with an account on a wiki not read is known to exist all the same), at most
   * max_connections lookups at a time.
   */
  private void stageCentral(ReplicaConnector connector, Dataset<Row> users, List<String> participants, Path path) {
    int batch = replicas.actorBatch();
    Dataset<Row> names = users.select(Users.USER_NAME);
    if (participants != null) {
      List<Row> listed = new ArrayList<>();
      participants.forEach(n -> listed.add(RowFactory.create(n)));
      names = names.unionByName(spark.createDataFrame(listed, new StructType().add(Users.USER_NAME,
          DataTypes.StringType)));
    }
    JavaRDD<Row> rows = names.where(col(Users.USER_NAME).isNotNull()).distinct()
        .repartition(replicas.maxConnections())
        .javaRDD()
        .mapPartitions(new CentralLookup(connector, batch, hook));
    warehouse.writeStaged(spark.createDataFrame(rows, CentralAuthReader.SCHEMA), path);
  }

  /** One partition of distinct names → their globaluser rows, on one CentralAuth connection. */
  static final class CentralLookup implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final ReplicaConnector connector;
    private final int batch;
    private final WikiSession.ReadHook hook;

    CentralLookup(ReplicaConnector connector, int batch, WikiSession.ReadHook hook) {
      this.connector = connector;
      this.batch = batch;
      this.hook = hook;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> names) {
      List<Row> out = new ArrayList<>();
      if (!names.hasNext()) {
        return out.iterator();
      }
      try (WikiSession session = new WikiSession(connector, ReplicaConnector.CENTRALAUTH, hook)) {
        CentralAuthReader reader = new CentralAuthReader(session);
        List<String> chunk = new ArrayList<>(batch);
        while (names.hasNext()) {
          chunk.add(names.next().getString(0));
          if (chunk.size() == batch || !names.hasNext()) {
            out.addAll(reader.lookup(chunk));
            chunk.clear();
          }
        }
      }
      return out.iterator();
    }
  }

  private void publish(Dataset<Row> raw, Dataset<Row> users, Dataset<Row> central, String fingerprint,
      HistoryCoverage coverage) {
    String snapshot = config.snapshotText();
    List<IngestReport.InputCount> rejectsPerWiki = new ArrayList<>();
    for (Row wiki : raw.groupBy(Edits.WIKI_DB).agg(count(lit(1)), sum(when(col(EditsReader.REJECT_REASON).isNotNull(),
        1L).otherwise(0L))).orderBy(Edits.WIKI_DB).collectAsList()) {
      rejectsPerWiki.add(new IngestReport.InputCount("replicas:" + wiki.getString(0), wiki.getLong(1), wiki.getLong(2)));
    }
    report.checkRejectRatio(rejectsPerWiki, warehouse.stagingPath("replicas", snapshot).toString());
    warehouse.writeParquet(Columns.project(users, Users.SCHEMA), Users.NAME, snapshot, Users.WIKI_DB);
    if (central != null) {
      warehouse.writeParquet(Columns.project(central.where(col(CentralAuthReader.CENTRAL_ID).isNotNull())
          .select(col(CentralAuthReader.CENTRAL_ID).as(GlobalUsers.USER_CENTRAL_ID),
              col(CentralAuthReader.REGISTRATION).as(GlobalUsers.REGISTRATION_TS),
              col(CentralAuthReader.NAME).as(GlobalUsers.USER_NAME)).distinct(), GlobalUsers.SCHEMA)
          .coalesce(1), GlobalUsers.NAME, snapshot, Map.of(HistoryCoverage.SIDE_FILE, coverage.toJson()));
    } else {
      // a global_users of an earlier run (other settings) must not be taken for this one's
      warehouse.drop(GlobalUsers.NAME, snapshot);
    }
    Dataset<Row> staged = warehouse.read(Users.NAME, snapshot).select(
        col(Users.WIKI_DB).as("u_wiki"), col(Users.USER_ID).as("u_id"), col(Users.USER_CENTRAL_ID).as("u_central"),
        col(Users.IS_BOT).as("u_bot"), col(Users.IS_TEMPORARY).as("u_temp"));
    Dataset<Row> good = raw.where(col(EditsReader.REJECT_REASON).isNull());
    Column content = lit(false);
    for (String wiki : config.history().wikis()) {
      content = when(col(Edits.WIKI_DB).equalTo(wiki),
          col(Edits.PAGE_NAMESPACE).isin(replicas.contentNamespaces(wiki).toArray())).otherwise(content);
    }
    Dataset<Row> edits = good.join(staged, good.col(Edits.WIKI_DB).equalTo(col("u_wiki"))
            .and(good.col(Edits.USER_ID).equalTo(col("u_id"))), "left")
        .withColumn(Edits.USER_CENTRAL_ID, col("u_central"))
        .withColumn(Edits.USER_IS_BOT, coalesce(col("u_bot"), lit(false)))
        .withColumn(Edits.USER_IS_TEMPORARY, coalesce(col("u_temp"), lit(false)))
        .withColumn(Edits.PAGE_NAMESPACE_IS_CONTENT, when(col(Edits.PAGE_NAMESPACE).isNotNull(), content));
    warehouse.writeParquet(Columns.project(edits, Edits.SCHEMA).repartition(col(Edits.WIKI_DB)), Edits.NAME, snapshot,
        Map.of(HistoryCoverage.SIDE_FILE, coverage.toJson()), Edits.WIKI_DB);

    Dataset<Row> rejects = raw.where(col(EditsReader.REJECT_REASON).isNotNull())
        .select(concat(lit("replicas:"), col(Edits.WIKI_DB)).as(IngestRejects.FILE),
            col(Edits.WIKI_DB).as(IngestRejects.WIKI_DB), lit(0L).as(IngestRejects.LINE_NUMBER),
            col(EditsReader.REJECT_REASON).as(IngestRejects.REASON),
            col(EditsReader.RAW).substr(1, IngestRejects.RAW_LINE_MAX_BYTES).as(IngestRejects.RAW_LINE));
    report.publishRejects(Columns.project(rejects, IngestRejects.SCHEMA).coalesce(1));

    Dataset<Row> perWiki = raw.groupBy(Edits.WIKI_DB).agg(
        count(lit(1)).as(IngestStats.LINES_READ),
        sum(when(col(EditsReader.REJECT_REASON).isNull(), 1L).otherwise(0L)).as(IngestStats.ACCEPTED_REVISION),
        sum(when(col(EditsReader.REJECT_REASON).isNotNull(), 1L).otherwise(0L)).as(IngestStats.REJECTED));
    Dataset<Row> usersPerWiki = warehouse.read(Users.NAME, snapshot).groupBy(col(Users.WIKI_DB).as("uw"))
        .agg(count(lit(1)).as(IngestStats.ACCEPTED_USER));
    List<Row> wikiRows = new ArrayList<>();
    config.history().wikis().forEach(w -> wikiRows.add(RowFactory.create(w)));
    Dataset<Row> all = spark.createDataFrame(wikiRows, new StructType().add("w", DataTypes.StringType));
    Dataset<Row> stats = all.join(perWiki, all.col("w").equalTo(perWiki.col(Edits.WIKI_DB)), "left")
        .join(usersPerWiki, all.col("w").equalTo(col("uw")), "left")
        .select(concat(lit("replicas:"), col("w")).as(IngestStats.FILE),
            col("w").as(IngestStats.WIKI_DB), lit(null).cast(DataTypes.StringType).as(IngestStats.BUCKET),
            lit(IngestStats.STATUS_INGESTED).as(IngestStats.STATUS), lit("replicas").as(IngestStats.LAYOUTS),
            lit(null).cast(DataTypes.LongType).as(IngestStats.BYTES),
            coalesce(col(IngestStats.LINES_READ), lit(0L)).as(IngestStats.LINES_READ),
            coalesce(col(IngestStats.ACCEPTED_REVISION), lit(0L)).as(IngestStats.ACCEPTED_REVISION),
            coalesce(col(IngestStats.ACCEPTED_USER), lit(0L)).as(IngestStats.ACCEPTED_USER),
            lit(0L).as(IngestStats.ACCEPTED_PAGE),
            coalesce(col(IngestStats.REJECTED), lit(0L)).as(IngestStats.REJECTED))
        .withColumn(IngestStats.REJECT_RATIO, when(col(IngestStats.LINES_READ).gt(0),
            col(IngestStats.REJECTED).divide(col(IngestStats.LINES_READ))).otherwise(lit(0.0)))
        .orderBy(IngestStats.WIKI_DB).coalesce(1);
    report.publishStats(Columns.project(stats, IngestStats.SCHEMA), Map.of(FINGERPRINT_FILE, fingerprint + "\n"));
  }

  private static long seconds(long started) {
    return Math.round((System.nanoTime() - started) / 1e9);
  }
}
