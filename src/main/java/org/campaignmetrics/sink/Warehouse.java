package org.campaignmetrics.sink;

import static org.apache.spark.sql.functions.lit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.format.Csv;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;

/**
 * The warehouse: every dataset at {@code <root>/<name>/snapshot=<YYYY-MM>/} as Parquet, and
 * with CSV on, aggregates also at {@code <root>/csv/<name>/snapshot=<YYYY-MM>/<name>.csv}.
 *
 * <p>What a snapshot holds is what its newest commit record says ({@link SnapshotCommit}). A
 * command holding the snapshot's lock opens a {@link Publication} ({@link #begin}): what it
 * publishes is pending — written under {@code <root>/_tmp/snapshot=S/<run>/}, read back from
 * there by the run itself — and becomes the snapshot at once when the run commits. Without an
 * open publication (a test calling a job's parts directly) each dataset is committed as it is
 * published. Works on any Hadoop FileSystem: the moves are file renames to new names, and the
 * record is written by one rename to a new name.
 */
public final class Warehouse {
  public static final String SUCCESS = "_SUCCESS";
  /** Where per-person and private-inclusive datasets live: beside no public dataset. */
  public static final String INTERNAL_DIR = "internal";
  /** Where the CSV copies of the public aggregates live. */
  public static final String CSV_DIR = "csv";
  /** {@code <warehouse>/report/snapshot=S/}: the HTML report (job/ReportJob), no dataset and in no commit record. */
  public static final String REPORT_DIR = "report";
  /** Where partitions are written before a commit moves them: outside every dataset's folder. */
  public static final String TEMP_DIR = "_tmp";

  /** The publications open on a warehouse, by snapshot; shared with its internal tree. */
  private static final class Open {
    final Map<String, Publication> bySnapshot = new HashMap<>();
  }

  private final SparkSession spark;
  /** The warehouse root; the internal tree is the top's with {@code tree = "internal/"}. */
  private final Warehouse top;
  private final Path root;
  private final String tree;
  private final Open open;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = new Path(root);
    this.top = this;
    this.tree = "";
    this.open = new Open();
  }

  private Warehouse(Warehouse top, String tree) {
    this.spark = top.spark;
    this.top = top;
    this.root = new Path(top.root, tree.substring(0, tree.length() - 1));
    this.tree = tree;
    this.open = top.open;
  }

  /** The session this warehouse reads and writes with. */
  public SparkSession spark() {
    return spark;
  }

  public Path root() {
    return root;
  }

  /**
   * Fails as a config error ({@code warehouse: …}) when the root is a file or cannot be made a
   * folder, before a job starts writing into it.
   */
  public void requireFolder() {
    try {
      FileSystem fs = fileSystem(root);
      if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
        throw new ConfigException("warehouse: " + root + " is a file, not a folder");
      }
      if (!fs.mkdirs(root)) {
        throw new ConfigException("warehouse: cannot create the folder " + root);
      }
    } catch (IOException e) {
      throw new ConfigException("warehouse: cannot use " + root + ": " + e.getMessage());
    }
  }

  /**
   * The internal tree, {@code <root>/internal/}: the same layout, written as Parquet only — never
   * CSV, never into the public tree — and committed with the public datasets in one record.
   */
  public Warehouse internal() {
    return tree.isEmpty() ? new Warehouse(this, INTERNAL_DIR + "/") : this;
  }

  public Path datasetPath(String dataset) {
    return new Path(root, dataset);
  }

  public Path partitionPath(String dataset, String snapshot) {
    return new Path(datasetPath(dataset), "snapshot=" + snapshot);
  }

  public FileSystem fs() {
    return fileSystem(root);
  }

  /**
   * Where a run of the snapshot keeps its checkpoints on a cluster ({@code spark/Frames}): below the
   * snapshot's temporary folder, which the next run's recovery deletes whatever a killed run left.
   */
  public String checkpointDir(String snapshot) {
    return new Path(Publication.tempRoot(top, snapshot), "checkpoints").toString();
  }

  // ---- publications and commits -------------------------------------------------------------

  /**
   * Opens the run's publication of the snapshot (call it holding the snapshot's {@link RunLock}):
   * first finishes or removes what a killed run left ({@link Publication#recover}). Close it; what
   * was not committed by then is dropped.
   */
  public Publication begin(String snapshot, String command) {
    if (top != this) {
      return top.begin(snapshot, command);
    }
    synchronized (open) {
      if (open.bySnapshot.containsKey(snapshot)) {
        throw new IllegalStateException("a publication of snapshot " + snapshot + " is already open");
      }
      Publication.recover(this, snapshot);
      Publication publication = new Publication(this, snapshot, command, false);
      open.bySnapshot.put(snapshot, publication);
      return publication;
    }
  }

  void closed(Publication publication) {
    synchronized (open) {
      open.bySnapshot.remove(publication.snapshot(), publication);
    }
  }

  /** The open publication of the snapshot, or a new one that commits each dataset as it is published. */
  private Publication publication(String snapshot) {
    synchronized (open) {
      Publication publication = open.bySnapshot.get(snapshot);
      return publication != null ? publication : new Publication(top, snapshot, "publish", true);
    }
  }

  /** The newest commit record of the snapshot, or null when nothing of it was ever committed. */
  public SnapshotCommit latestCommit(String snapshot) {
    return Publication.latest(top, snapshot);
  }

  /** The newest commit record of every snapshot that has one, by snapshot (readers of every snapshot). */
  public java.util.SortedMap<String, SnapshotCommit> latestCommits() {
    java.util.SortedMap<String, SnapshotCommit> records = new java.util.TreeMap<>();
    Path commits = new Path(top.root(), SnapshotCommit.DIR);
    FileSystem fs = top.fs();
    try {
      if (!fs.exists(commits)) {
        return records;
      }
      for (FileStatus status : fs.listStatus(commits)) {
        String name = status.getPath().getName();
        if (status.isDirectory() && name.startsWith("snapshot=")) {
          SnapshotCommit record = latestCommit(name.substring("snapshot=".length()));
          if (record != null) {
            records.put(record.snapshot(), record);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + commits, e);
    }
    return records;
  }

  private String key(String dataset) {
    return tree + dataset;
  }

  /** A new, unique place to write the dataset's snapshot partition before {@link #publish} stages it. */
  public Path tempPartition(String dataset, String snapshot) {
    synchronized (open) {
      Publication publication = open.bySnapshot.get(snapshot);
      if (publication != null) {
        return publication.tempPartition(key(dataset));
      }
    }
    return new Path(new Path(new Path(Publication.tempRoot(top, snapshot), "auto-" + UUID.randomUUID()),
        key(dataset)), "snapshot=" + snapshot);
  }

  /** Publishes what {@code temp} holds as the dataset's snapshot partition, in place of the one before. */
  public void publish(Path temp, String dataset, String snapshot, Map<String, String> sideFiles) {
    try {
      publication(snapshot).stage(key(dataset), new Publication.Pending(
          List.of(new Publication.Source(temp, Adoption.dataFiles(fs(), temp), "p" + UUID.randomUUID().toString()
              .substring(0, 8))), sideFiles(sideFiles), false));
    } catch (IOException e) {
      throw new UncheckedIOException("listing what was written under " + temp, e);
    }
  }

  /** A folder of files to add to a partition, each renamed {@code <prefix>-<name>} (unique per folder). */
  public record Incoming(Path folder, String prefix) {}

  /**
   * Publishes the dataset's committed files and these folders' files together as its snapshot
   * partition (an incremental ingest): the files are moved at commit, not rewritten.
   */
  public void append(String dataset, String snapshot, List<Incoming> incoming, Map<String, String> sideFiles) {
    Publication publication = publication(snapshot);
    List<Publication.Source> sources = new ArrayList<>();
    Publication.Source committed = publication.committed(key(dataset));
    if (committed != null) {
      sources.add(committed);
    }
    try {
      for (Incoming in : incoming) {
        sources.add(new Publication.Source(in.folder(), Adoption.dataFiles(fs(), in.folder()), in.prefix()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing the files to publish as " + dataset, e);
    }
    publication.stage(key(dataset), new Publication.Pending(sources, sideFiles(sideFiles), false));
  }

  /** Removes the dataset's partition, and its CSV, from the snapshot (at commit). */
  public void drop(String dataset, String snapshot) {
    Publication publication = publication(snapshot);
    publication.drop(key(dataset));
    if (tree.isEmpty()) {
      publication.drop(key(CSV_DIR + "/" + dataset));
    }
  }

  private static Map<String, String> sideFiles(Map<String, String> sideFiles) {
    for (String name : sideFiles.keySet()) {
      if (!name.startsWith("_")) {
        throw new IllegalArgumentException("side file names start with _: " + name);
      }
    }
    return sideFiles;
  }

  /** True when the snapshot has the dataset (committed, or published by this run). */
  public boolean isComplete(String dataset, String snapshot) {
    return publication(snapshot).sources(key(dataset)) != null;
  }

  /** The dataset's side file ({@code _files.json}, …) as committed or published by this run, or null. */
  public String sideFile(String dataset, String snapshot, String name) {
    Map<String, String> side = publication(snapshot).sideFiles(key(dataset));
    return side == null ? null : side.get(name);
  }

  /**
   * The files of the snapshot partition as the newest commit (or this run) has it, or null when
   * the snapshot has no complete dataset of that name (readers that do not go through Spark).
   */
  public List<Path> committedFiles(String dataset, String snapshot) {
    List<Publication.Source> sources = publication(snapshot).sources(key(dataset));
    if (sources == null) {
      return null;
    }
    List<Path> files = new ArrayList<>();
    for (Publication.Source source : sources) {
      for (String file : source.files()) {
        files.add(new Path(source.base(), file));
      }
    }
    return files;
  }

  /**
   * The snapshot partition as the newest commit (or this run) has it, with {@code snapshot} and
   * any deeper partition columns, read from exactly the files listed.
   */
  public Dataset<Row> read(String dataset, String snapshot) {
    List<Publication.Source> sources = publication(snapshot).sources(key(dataset));
    if (sources == null) {
      throw new IllegalStateException("no complete dataset " + dataset + " for snapshot " + snapshot
          + " at " + partitionPath(dataset, snapshot) + " (run ingest or run first)");
    }
    Dataset<Row> all = null;
    for (Publication.Source source : sources) {
      if (source.files().isEmpty()) {
        continue;
      }
      String[] paths = source.files().stream().map(f -> new Path(source.base(), f).toString()).toArray(String[]::new);
      Dataset<Row> part = spark.read().option("basePath", source.base().toString()).parquet(paths)
          .withColumn("snapshot", lit(snapshot));
      List<String> partitionColumns = partitionColumns(source.files().get(0));
      List<String> order = new ArrayList<>();
      for (String column : part.columns()) {
        if (!column.equals("snapshot") && !partitionColumns.contains(column)) {
          order.add(column);
        }
      }
      order.add("snapshot");
      order.addAll(partitionColumns);
      part = part.select(order.stream().map(functions::col).toArray(Column[]::new));
      all = all == null ? part : all.unionByName(part);
    }
    if (all == null) {
      throw new IllegalStateException("dataset " + dataset + " of snapshot " + snapshot + " has no files");
    }
    return all;
  }

  private static List<String> partitionColumns(String file) {
    List<String> columns = new ArrayList<>();
    String[] parts = file.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        columns.add(parts[i].substring(0, eq));
      }
    }
    return columns;
  }

  /**
   * Publishes {@code data} as the snapshot partition of the dataset.
   *
   * @param sideFiles small texts (name → text) recorded with it in the commit, e.g. a manifest;
   *                  names start with {@code _}
   */
  public void writeParquet(Dataset<Row> data, String dataset, String snapshot, Map<String, String> sideFiles,
      String... partitionBy) {
    Path temp = tempPartition(dataset, snapshot);
    data.write().mode(SaveMode.Overwrite).partitionBy(partitionBy).parquet(temp.toString());
    publish(temp, dataset, snapshot, sideFiles);
  }

  public void writeParquet(Dataset<Row> data, String dataset, String snapshot, String... partitionBy) {
    writeParquet(data, dataset, snapshot, Map.of(), partitionBy);
  }

  /**
   * A run's scratch data at {@code path} (under {@code <warehouse>/_staging/}, which readers of a
   * dataset never see), replaced whole; read it back with {@link #readStaged}.
   */
  public void writeStaged(Dataset<Row> data, Path path) {
    data.write().mode(SaveMode.Overwrite).parquet(path.toString());
  }

  public Dataset<Row> readStaged(Path path) {
    return spark.read().parquet(path.toString());
  }

  /** Where a run of {@code what} (e.g. {@code replicas}) stages the snapshot's scratch data. */
  public Path stagingPath(String what, String snapshot) {
    return new Path(new Path(new Path(root, "_staging"), what), "snapshot=" + snapshot);
  }

  /**
   * Publishes {@code rows} the driver holds (a small table: counters, stats) as the snapshot
   * partition, written as one Parquet file without a Spark job.
   */
  public void writeParquet(List<Row> rows, StructType schema, String dataset, String snapshot) {
    writeParquet(rows, schema, dataset, snapshot, Map.of());
  }

  /** As {@link #writeParquet(List, StructType, String, String)}, with side files (names start with {@code _}). */
  public void writeParquet(List<Row> rows, StructType schema, String dataset, String snapshot,
      Map<String, String> sideFiles) {
    Path temp = tempPartition(dataset, snapshot);
    try (DirectParquetWriter<Row> out = DirectParquetWriter.rows(spark.sparkContext().hadoopConfiguration(),
        new Path(temp, "part-00000.snappy.parquet"), schema)) {
      for (Row row : rows) {
        out.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + dataset + " under " + temp, e);
    }
    publish(temp, dataset, snapshot, sideFiles);
  }

  /**
   * One headed CSV file, {@code <name>.csv}, for a small aggregate: its rows are read to the driver
   * and written with {@link Csv} (the codec {@code show --format csv} prints with); it takes the
   * place of the old file by a rename once the run's commit record is written.
   */
  public void writeCsv(Dataset<Row> data, String dataset, String snapshot) {
    writeCsv(data.columns(), data.coalesce(1).toLocalIterator(), dataset, snapshot);
  }

  /** As {@link #writeCsv(Dataset, String, String)}, from rows the driver already holds (no Spark job). */
  public void writeCsv(List<Row> rows, StructType schema, String dataset, String snapshot) {
    writeCsv(schema.fieldNames(), rows.iterator(), dataset, snapshot);
  }

  private void writeCsv(String[] columns, Iterator<Row> rows, String dataset, String snapshot) {
    String csvKey = CSV_DIR + "/" + dataset;
    Path temp = tempPartition(csvKey, snapshot);
    String name = dataset + ".csv";
    Path file = new Path(temp, name);
    try (OutputStream out = fileSystem(file).create(file, true);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      writer.write(Csv.line(Arrays.asList(columns)));
      writer.write('\n');
      List<Object> values = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        values.clear();
        for (int i = 0; i < row.size(); i++) {
          values.add(row.get(i));
        }
        writer.write(Csv.line(values));
        writer.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the CSV of " + dataset + " under " + temp, e);
    }
    publication(snapshot).stage(key(csvKey), new Publication.Pending(
        List.of(new Publication.Source(temp, List.of(name), "csv")), Map.of(), true));
  }

  public boolean exists(Path path) {
    try {
      return fileSystem(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }

  public void delete(Path path) {
    try {
      fileSystem(path).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + path, e);
    }
  }

  public String readText(Path path) {
    try (InputStream in = fileSystem(path).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path, e);
    }
  }

  public void writeText(Path path, String text) {
    try (OutputStream out = fileSystem(path).create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path, e);
    }
  }

  /** Writes a file whole or not at all: a temporary file beside it, renamed to its name (which must be new). */
  void writeTextAtomically(Path path, String text) {
    Path temp = new Path(path.getParent(), "_" + path.getName() + "." + UUID.randomUUID() + ".tmp");
    writeText(temp, text);
    try {
      FileSystem fs = fileSystem(path);
      if (fs.exists(path)) {
        fs.delete(path, false); // only the journal is ever rewritten, and only when its commit is over
      }
      if (!fs.rename(temp, path)) {
        throw new IOException("could not rename " + temp + " to " + path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path, e);
    }
  }

  private FileSystem fileSystem(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }
}
