package org.campaignmetrics.source.dumps;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.HistoryRange;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.HistoryCoverage;
import org.campaignmetrics.model.IngestRejects;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.HistorySource;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.IngestReport;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.spark.GroupTasks;
import org.campaignmetrics.spark.Progress;
import org.campaignmetrics.spark.SerializableHadoopConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages the history dumps of one snapshot into the canonical {@code edits} and {@code users}
 * (with {@code ingest_rejects} and {@code ingest_stats}).
 *
 * <p>Two phases. <b>Stage</b>: files still to read are grouped into batches; a batch is one
 * Spark job that decodes each line once and writes edits, user observations, rejects and
 * per-piece counters under {@code <warehouse>/_staging/ingest/snapshot=S/batch-<id>/}; a
 * batch is done when its {@code _files.json} exists, so an interrupted run resumes with the
 * files not yet staged. <b>Publish</b>: only when every batch is done and no file's reject
 * ratio is above {@code ingest.max_reject_ratio}, the datasets are written, each replacing
 * its snapshot partition. A corrupt file therefore fails the run before anything is published.
 */
public final class DumpIngest implements HistorySource {
  private static final Logger LOG = LoggerFactory.getLogger(DumpIngest.class);
  /** Files are grouped until a batch holds this much bz2 (a larger file is a batch of its own). */
  static final long BATCH_BYTES = 1L << 30;
  static final String FILES_MANIFEST = "_files.json";
  /** How long a failed batch's other tasks are given to stop (they look every few thousand lines). */
  static final long STOP_WAIT_MS = 120_000;
  static final String EDITS_DIR = "edits";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Config config;
  private final DumpLineReader reader;
  private final Warehouse warehouse;
  private final String snapshot;
  private final Path stagingRoot;

  private final IngestReport report;
  /** Called between publishing edits and the rest; a test makes it throw to play a killed run. */
  Runnable afterEditsPublished = () -> { };

  public DumpIngest(HistoryRequest request, DumpLineReader reader) {
    this.spark = request.spark();
    this.config = request.config();
    this.reader = reader;
    this.warehouse = request.warehouse();
    this.report = new IngestReport(warehouse, config);
    this.snapshot = config.snapshotText();
    this.stagingRoot = warehouse.stagingPath("ingest", snapshot);
  }

  /** The files a run would read and skip, without reading any (also what {@code validate} prints). */
  public record Plan(HistoryRange range, List<DumpFile> selected, List<DumpFile> outOfRange,
      List<String> unrecognised) {}

  public static Plan plan(Configuration hadoop, Config config) {
    DumpCatalog.Listing listing = DumpCatalog.list(hadoop,
        config.history().path(), config.snapshotText(), config.history().wikis());
    HistoryRange range = HistoryRange.of(config);
    List<DumpFile> selected = new ArrayList<>();
    List<DumpFile> outOfRange = new ArrayList<>();
    for (DumpFile file : listing.files()) {
      boolean skip = !config.ingest().everyBucket() && DumpCatalog.outsideRange(file.bucket(), range.from(), range.to());
      (skip ? outOfRange : selected).add(file);
    }
    return new Plan(range, selected, outOfRange, listing.unrecognised());
  }

  @Override
  public IngestResult ingest() {
    long started = System.nanoTime();
    Plan plan = plan(spark.sparkContext().hadoopConfiguration(), config);
    LOG.info("ingest: snapshot {} — {} files to read ({}), {} outside {} skipped, {} unrecognised; decoder: {}",
        snapshot, plan.selected().size(), mb(plan.selected()), plan.outOfRange().size(), plan.range(),
        plan.unrecognised().size(), reader.describe());
    for (String name : plan.unrecognised()) {
      LOG.warn("ingest: not a dump file name, not read: {}", name);
    }
    Map<String, List<DumpFile>> batches = doneBatches();
    Set<String> published = publishedFingerprints();
    Set<String> staged = new TreeSet<>(published);
    batches.values().forEach(files -> files.forEach(f -> staged.add(f.fingerprint())));
    List<DumpFile> pending = plan.selected().stream().filter(f -> !staged.contains(f.fingerprint())).toList();
    // complete only when edits, users and ingest_stats were all published from the same files: a run
    // killed between the edits and the rest leaves users and ingest_stats of an earlier run behind
    boolean complete = published.containsAll(batches.values().stream().flatMap(List::stream)
            .map(DumpFile::fingerprint).toList())
        && published.equals(manifest(Users.NAME)) && published.equals(manifest(IngestStats.NAME));
    if (pending.isEmpty() && complete) {
      LOG.info("ingest: snapshot {} already staged ({} files); nothing to read", snapshot, staged.size());
      return report.published(true, seconds(started));
    }
    if (plan.selected().size() > pending.size()) {
      LOG.info("ingest: {} of {} files already staged, skipped", plan.selected().size() - pending.size(),
          plan.selected().size());
    }
    List<List<DumpFile>> newBatches = group(pending);
    for (int i = 0; i < newBatches.size(); i++) {
      List<DumpFile> batch = newBatches.get(i);
      String id = stage(batch, i + 1, newBatches.size());
      batches.put(id, batch);
    }
    List<Row> stats = publish(plan, batches, published, coverage(plan, published));
    return IngestResult.fromStats(stats, false, seconds(started));
  }

  // ---- stage ------------------------------------------------------------------------------

  static List<List<DumpFile>> group(List<DumpFile> files) {
    List<DumpFile> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(DumpFile::bytes).reversed().thenComparing(DumpFile::path));
    List<List<DumpFile>> batches = new ArrayList<>();
    List<DumpFile> current = new ArrayList<>();
    long bytes = 0;
    for (DumpFile file : bySize) {
      current.add(file);
      bytes += file.bytes();
      if (bytes >= BATCH_BYTES) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private String stage(List<DumpFile> files, int number, int count) {
    long started = System.nanoTime();
    String id = batchId(files);
    Path dir = batchDir(id);
    warehouse.delete(dir); // what an interrupted attempt left
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String group = "ingest-" + id;
    String description = String.format(Locale.ROOT, "ingest: batch %d/%d, %d files, %s", number, count,
        files.size(), mb(files));
    jsc.setJobGroup(group, description, false);
    Progress.step(spark, description);
    try (GroupTasks tasks = GroupTasks.follow(spark.sparkContext(), group)) {
      try {
        SerializableHadoopConf conf = SerializableHadoopConf.of(jsc);
        // Each task writes its piece's files itself (no row conversion, no sort); see StagingPieceFunction.
        reader.mapPieces(jsc, files, new StagingPieceFunction(dir.toString(), conf)).foreach(lines -> { });
      } catch (Exception e) { // SparkException is checked but thrown undeclared through Scala
        discardFailedBatch(tasks, dir);
        String file = unreadableFile(e);
        if (file != null) {
          throw new IngestException("ingest: " + file + " is corrupt or truncated: " + detail(e)
              + "; nothing was published for snapshot " + snapshot, e);
        }
        throw e;
      }
    } finally {
      jsc.clearJobGroup();
    }
    warehouse.writeText(new Path(dir, FILES_MANIFEST), toJson(files));
    Map<String, long[]> counts = counters(List.of(id)).perFile;
    for (DumpFile file : files) {
      long[] c = counts.getOrDefault(file.path(), new long[5]);
      LOG.info("ingest: {} {} — {} lines, {} rejected", file.wiki(), file.bucket(), human(c[0]), c[4]);
    }
    LOG.info("ingest: batch {}/{} staged — {} files, {} in {} s", number, count, files.size(), mb(files),
        seconds(started));
    return id;
  }

  /**
   * After a failed batch: waits for the batch's other tasks, which Spark has only asked to stop,
   * and deletes what they staged, so that a failed run leaves no staging files behind and none
   * appear after it has returned. Tasks that do not stop in time are logged and their files left
   * for the next run, which deletes the batch folder before it stages the batch again.
   */
  private void discardFailedBatch(GroupTasks tasks, Path dir) {
    try {
      if (!tasks.awaitIdle(STOP_WAIT_MS)) {
        LOG.warn("ingest: {} task(s) of the failed batch still running after {} s; their staging files under {} "
            + "are deleted by the next run", tasks.running(), STOP_WAIT_MS / 1000, dir);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    warehouse.delete(dir);
  }

  /** Finds our marker in a failure: Spark carries task exceptions to the driver as text. */
  static String unreadableFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DumpReadException read) {
        return read.file();
      }
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(DumpReadException.MARKER);
      if (at >= 0) {
        String rest = message.substring(at + DumpReadException.MARKER.length());
        int end = rest.indexOf(" — ");
        return end < 0 ? rest : rest.substring(0, end);
      }
    }
    return null;
  }

  private static String detail(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(" — ");
      if (message != null && message.contains(DumpReadException.MARKER) && at >= 0) {
        String rest = message.substring(at + 3);
        int newline = rest.indexOf('\n');
        return newline < 0 ? rest : rest.substring(0, newline);
      }
    }
    return String.valueOf(e.getMessage());
  }

  // ---- publish ----------------------------------------------------------------------------

  /** Publishes the datasets; returns the {@code ingest_stats} rows written. */
  private List<Row> publish(Plan plan, Map<String, List<DumpFile>> batches, Set<String> alreadyPublished,
      HistoryCoverage coverage) {
    long started = System.nanoTime();
    List<String> ids = new ArrayList<>(batches.keySet());
    Counters counters = counters(ids);
    LOG.info("ingest: publish — counters read in {} s", seconds(started));
    List<Row> statRows = statRows(plan, batches, counters);
    report.checkRejectRatio(IngestReport.counts(statRows), stagingRoot.toString());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobGroup("publish-" + snapshot, "ingest: publish snapshot " + snapshot, false);
    Progress.step(spark, "ingest: publish snapshot " + snapshot);
    try {
      Map<String, List<DumpFile>> unpublished = new LinkedHashMap<>();
      batches.forEach((id, files) -> {
        if (!alreadyPublished.containsAll(files.stream().map(DumpFile::fingerprint).toList())) {
          unpublished.put(id, files);
        }
      });
      long step = System.nanoTime();
      publishEdits(unpublished, alreadyPublished, coverage);
      LOG.info("ingest: publish edits (staged files, moved in at the commit) — {} s", seconds(step));
      afterEditsPublished.run();
      step = System.nanoTime();
      Set<String> files = new TreeSet<>(alreadyPublished);
      batches.values().forEach(batch -> batch.forEach(f -> files.add(f.fingerprint())));
      Map<String, String> manifest = Map.of(FILES_MANIFEST, toJson(new ArrayList<>(files)));

      long users = publishUsers(jsc, ids, manifest);
      LOG.info("ingest: publish users — {} users merged in {} s", human(users), seconds(step));
      step = System.nanoTime();

      List<String> rejectFiles = sideFiles(ids, SideOutputs.REJECTS);
      if (rejectFiles.isEmpty()) {
        report.publishNoRejects();
      } else {
        report.publishRejects(rejects(rejectFiles, counters));
      }
      report.publishStats(statRows, manifest);
      LOG.info("ingest: publish ingest_rejects, ingest_stats — {} s", seconds(step));
    } finally {
      jsc.clearJobGroup();
    }
    LOG.info("ingest: published snapshot {} — edits, users, ingest_rejects, ingest_stats in {} s", snapshot,
        seconds(started));
    return statRows;
  }

  /**
   * Merges the user observation runs of every batch into the users partition (one task per
   * wiki, {@link UserMerge}), written beside it and renamed into place.
   */
  private long publishUsers(JavaSparkContext jsc, List<String> ids, Map<String, String> manifest) {
    List<Path> runDirs = ids.stream().map(id -> StagingPieceFunction.userRunsDir(batchDir(id).toString())).toList();
    Path temp = warehouse.tempPartition(Users.NAME, snapshot);
    long users = UserMerge.write(jsc, UserMerge.list(warehouse.fs(), runDirs), temp.toString());
    warehouse.publish(temp, Users.NAME, snapshot, manifest);
    return users;
  }

  // ---- publishing edits: the staged Parquet files are moved, not rewritten -------------------

  /**
   * Publishes the staged edits of the batches as the snapshot partition, beside the files already
   * published: the commit moves them in (named {@code <batch>-<file>}) and deletes the batches'
   * emptied {@code edits/} folders; until then the run reads them where they were staged.
   */
  private void publishEdits(Map<String, List<DumpFile>> batches, Set<String> alreadyPublished,
      HistoryCoverage coverage) {
    Set<String> fingerprints = new TreeSet<>(alreadyPublished);
    List<Warehouse.Incoming> incoming = new ArrayList<>();
    for (Map.Entry<String, List<DumpFile>> batch : batches.entrySet()) {
      batch.getValue().forEach(f -> fingerprints.add(f.fingerprint()));
      Path edits = new Path(batchDir(batch.getKey()), EDITS_DIR);
      if (warehouse.exists(edits)) {
        incoming.add(new Warehouse.Incoming(edits, batch.getKey()));
      }
    }
    Map<String, String> sideFiles = new LinkedHashMap<>();
    sideFiles.put(FILES_MANIFEST, toJson(new ArrayList<>(fingerprints)));
    sideFiles.put(HistoryCoverage.SIDE_FILE, coverage.toJson());
    warehouse.append(Edits.NAME, snapshot, incoming, sideFiles);
  }

  /** The side files of one kind (by name suffix) of the batches. */
  private List<String> sideFiles(List<String> ids, String suffix) {
    List<String> files = new ArrayList<>();
    try {
      for (String id : ids) {
        Path dir = new Path(batchDir(id), SideOutputs.DIR);
        if (warehouse.exists(dir)) {
          for (FileStatus status : warehouse.fs().listStatus(dir)) {
            if (status.getPath().getName().endsWith(suffix)) {
              files.add(status.getPath().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing side outputs under " + stagingRoot, e);
    }
    return files;
  }

  private Dataset<Row> rejects(List<String> rejectFiles, Counters counters) {
    List<Row> offsets = new ArrayList<>();
    counters.lineOffsets.forEach((key, offset) -> offsets.add(RowFactory.create(key.file, key.start, offset)));
    StructType offsetSchema = new StructType()
        .add("source_file", DataTypes.StringType)
        .add("piece_start", DataTypes.LongType)
        .add("line_offset", DataTypes.LongType);
    Dataset<Row> offsetTable = spark.createDataFrame(offsets, offsetSchema);
    Dataset<Row> staged = spark.read().schema(SideOutputs.REJECT_SCHEMA).option("mode", "FAILFAST")
        .json(rejectFiles.toArray(new String[0]));
    Dataset<Row> located = staged
        .join(functions.broadcast(offsetTable), Columns.names("source_file", "piece_start"), "left")
        .select(
            functions.regexp_extract(col("source_file"), "([^/]+/[^/]+/[^/]+)$", 1).as(IngestRejects.FILE),
            col(Edits.WIKI_DB).as(IngestRejects.WIKI_DB),
            functions.coalesce(col("line_offset"), lit(0L)).plus(col("line_in_piece"))
                .as(IngestRejects.LINE_NUMBER),
            col("reason").as(IngestRejects.REASON),
            col("raw_line").as(IngestRejects.RAW_LINE));
    return Columns.project(located, IngestRejects.SCHEMA);
  }

  /** {@code <snapshot>/<wiki>/<file name>}: stable across machines, unlike the absolute path. */
  static String relativePath(String path) {
    String[] parts = path.split("/");
    int n = parts.length;
    return n >= 3 ? parts[n - 3] + "/" + parts[n - 2] + "/" + parts[n - 1] : path;
  }

  private List<Row> statRows(Plan plan, Map<String, List<DumpFile>> batches, Counters counters) {
    Map<String, DumpFile> files = new TreeMap<>();
    batches.values().forEach(list -> list.forEach(f -> files.put(f.path(), f)));
    List<Row> rows = new ArrayList<>();
    for (DumpFile file : files.values()) {
      long[] c = counters.perFile.getOrDefault(file.path(), new long[5]);
      double ratio = c[0] == 0 ? 0.0 : (double) c[4] / c[0];
      rows.add(statRow(relativePath(file.path()), file.wiki(), file.bucket(),
          IngestStats.STATUS_INGESTED, counters.layouts.getOrDefault(file.path(), ""), file.bytes(),
          c[0], c[1], c[2], c[3], c[4], ratio));
    }
    for (DumpFile file : plan.outOfRange()) {
      if (!files.containsKey(file.path())) {
        rows.add(statRow(relativePath(file.path()), file.wiki(), file.bucket(),
            IngestStats.STATUS_SKIPPED_OUT_OF_RANGE, null, file.bytes(), null, null, null, null, null, null));
      }
    }
    for (String name : plan.unrecognised()) {
      rows.add(statRow(name, null, null, IngestStats.STATUS_SKIPPED_UNRECOGNISED, null, null, null,
          null, null, null, null, null));
    }
    return rows;
  }

  private static Row statRow(Object... values) {
    return new GenericRowWithSchema(values, IngestStats.SCHEMA);
  }

  // ---- counters: per piece rows, summed per file, and each piece's first line number -----

  private record PieceKey(String file, long start) {}

  private static final class Counters {
    final Map<String, long[]> perFile = new HashMap<>();
    final Map<String, String> layouts = new HashMap<>();
    final Map<PieceKey, Long> lineOffsets = new HashMap<>();
  }

  /** One piece's counters, as {@link SideOutputs#stats} writes them. */
  private record PieceStats(@JsonProperty("source_file") String file, @JsonProperty("piece_start") long start,
      @JsonProperty("lines_read") long lines, @JsonProperty("accepted_revision") long revisions,
      @JsonProperty("accepted_user") long users, @JsonProperty("accepted_page") long pages,
      @JsonProperty("rejected") long rejected, @JsonProperty("layouts") String layouts) {}

  private Counters counters(List<String> ids) {
    // One small file per piece of the input: counters, not data, read here on the driver.
    List<PieceStats> pieces = new ArrayList<>();
    for (String file : sideFiles(ids, SideOutputs.STATS)) {
      String text = warehouse.readText(new Path(file));
      try {
        pieces.add(JSON.readValue(text, PieceStats.class));
      } catch (JsonProcessingException e) {
        throw new IngestException("ingest: unreadable piece counters " + file + ": " + e.getOriginalMessage()
            + "; delete " + stagingRoot + " to read the snapshot again", e);
      }
    }
    pieces.sort(Comparator.comparing(PieceStats::file).thenComparingLong(PieceStats::start));
    Counters counters = new Counters();
    Map<String, Map<Integer, Long>> layoutCounts = new HashMap<>();
    for (PieceStats piece : pieces) {
      String file = piece.file();
      long[] c = counters.perFile.computeIfAbsent(file, f -> new long[5]);
      counters.lineOffsets.put(new PieceKey(file, piece.start()), c[0]);
      c[0] += piece.lines();
      c[1] += piece.revisions();
      c[2] += piece.users();
      c[3] += piece.pages();
      c[4] += piece.rejected();
      String layouts = piece.layouts();
      if (layouts != null && !layouts.isEmpty()) {
        for (String part : layouts.split(",")) {
          String[] kv = part.split(":");
          layoutCounts.computeIfAbsent(file, f -> new TreeMap<>()).merge(Integer.parseInt(kv[0]),
              Long.parseLong(kv[1]), Long::sum);
        }
      }
    }
    layoutCounts.forEach((file, counts) -> counters.layouts.put(file, counts.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","))));
    return counters;
  }

  // ---- staging state ------------------------------------------------------------------------

  private Path batchDir(String batchId) {
    return new Path(stagingRoot, "batch-" + batchId);
  }

  /** Batches whose staging finished, by id, with their files. */
  private Map<String, List<DumpFile>> doneBatches() {
    Map<String, List<DumpFile>> done = new LinkedHashMap<>();
    if (!warehouse.exists(stagingRoot)) {
      return done;
    }
    try {
      for (FileStatus status : warehouse.fs().listStatus(stagingRoot)) {
        String name = status.getPath().getName();
        Path manifest = new Path(status.getPath(), FILES_MANIFEST);
        if (name.startsWith("batch-") && warehouse.exists(manifest)) {
          done.put(name.substring("batch-".length()),
              JSON.readValue(warehouse.readText(manifest), new TypeReference<List<DumpFile>>() {}));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading staging state under " + stagingRoot, e);
    }
    return done;
  }

  /**
   * What the published files will hold: when every file of the snapshot is read (by this run or
   * an earlier one), all of its history, up to the dump's end and with every account; otherwise
   * the range the files were chosen for, joined to what earlier runs read (docs/metrics.md "Censoring").
   */
  HistoryCoverage coverage(Plan plan, Set<String> published) {
    boolean everyFile = plan.outOfRange().stream().allMatch(f -> published.contains(f.fingerprint()));
    List<String> wikis = config.history().wikis().isEmpty() ? null : config.history().wikis();
    if (everyFile) {
      return new HistoryCoverage(null, config.dataHorizon(), wikis, null, wikis == null);
    }
    return new HistoryCoverage(plan.range().from(), plan.range().to(), wikis, null, false).and(publishedCoverage());
  }

  /** The coverage of the edits already published for the snapshot (null: none, or not recorded). */
  private HistoryCoverage publishedCoverage() {
    String text = warehouse.sideFile(Edits.NAME, snapshot, HistoryCoverage.SIDE_FILE);
    return text == null ? null : HistoryCoverage.fromJson(text, HistoryCoverage.SIDE_FILE + " of edits " + snapshot);
  }

  private Set<String> publishedFingerprints() {
    Set<String> files = manifest(Edits.NAME);
    return files == null ? new TreeSet<>() : files;
  }

  /** The fingerprints of the files a complete published dataset was made from, or null (none, or not recorded). */
  private Set<String> manifest(String dataset) {
    String text = warehouse.sideFile(dataset, snapshot, FILES_MANIFEST);
    if (text == null) {
      return null;
    }
    try {
      return new TreeSet<>(JSON.readValue(text, new TypeReference<List<String>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + FILES_MANIFEST + " of " + dataset + " snapshot " + snapshot, e);
    }
  }

  private static String batchId(List<DumpFile> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.stream().map(DumpFile::fingerprint).sorted().forEach(f -> sha.update((f + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- formatting -------------------------------------------------------------------------

  private static String mb(List<DumpFile> files) {
    return mb(files.stream().mapToLong(DumpFile::bytes).sum());
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static String human(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }
    if (n >= 10_000) {
      return String.format(Locale.ROOT, "%.0f k", n / 1e3);
    }
    return Long.toString(n);
  }

  private static long seconds(long startedNanos) {
    return Math.round((System.nanoTime() - startedNanos) / 1e9);
  }
}
