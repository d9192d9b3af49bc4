package org.campaignmetrics.sink;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.Csv;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;

/**
 * The warehouse: every dataset at {@code <root>/<name>/snapshot=<YYYY-MM>/} as Parquet, and
 * with CSV on, aggregates also at {@code <root>/csv/<name>/snapshot=<YYYY-MM>/<name>.csv}.
 *
 * <p>A write goes to a directory under {@code <root>/_tmp/} first and replaces the snapshot partition by
 * a rename once Spark has committed it (with its {@code _SUCCESS}), so a re-run overwrites
 * exactly that partition and a reader never sees half a result. Works on any Hadoop
 * FileSystem (local, hdfs://, s3a:// — where rename is a copy, but still after the commit).
 */
public final class Warehouse {
  public static final String SUCCESS = "_SUCCESS";

  private final SparkSession spark;
  private final Path root;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = new Path(root);
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
        throw new org.campaignmetrics.config.ConfigException("warehouse: " + root + " is a file, not a folder");
      }
      if (!fs.mkdirs(root)) {
        throw new org.campaignmetrics.config.ConfigException("warehouse: cannot create the folder " + root);
      }
    } catch (IOException e) {
      throw new org.campaignmetrics.config.ConfigException("warehouse: cannot use " + root + ": " + e.getMessage());
    }
  }

  /** Where per-person and private-inclusive datasets live: beside no public dataset. */
  public static final String INTERNAL_DIR = "internal";

  /**
   * The internal tree, {@code <root>/internal/}: a warehouse of its own with the same layout
   * (and its own {@code _tmp}), written as Parquet only — never CSV, never into the public tree.
   */
  public Warehouse internal() {
    return new Warehouse(spark, new Path(root, INTERNAL_DIR).toString());
  }

  public Path datasetPath(String dataset) {
    return new Path(root, dataset);
  }

  public Path partitionPath(String dataset, String snapshot) {
    return new Path(datasetPath(dataset), "snapshot=" + snapshot);
  }

  /** Where partitions are written before they replace their target: outside every dataset's folder. */
  public static final String TEMP_DIR = "_tmp";

  /**
   * A new, unique place to write a partition before it replaces {@code target}, under
   * {@code <root>/_tmp/<area>/} (the dataset, or {@code csv/<dataset>}) so that no reader globbing
   * a dataset's folder sees it. What a killed run left there for the same target is deleted first, and so is the
   * {@code _tmp-snapshot=} folder older versions left inside the dataset's folder.
   */
  private Path tempFor(Path target, String snapshot, String area) {
    Path parent = new Path(new Path(root, TEMP_DIR), area);
    String prefix = "snapshot=" + snapshot + "-";
    deleteMatching(parent, prefix);
    deleteMatching(target.getParent(), "_tmp-snapshot=" + snapshot + "-");
    return new Path(parent, prefix + UUID.randomUUID());
  }

  /** Deletes the entries of {@code dir} whose names start with {@code prefix} (orphans of a killed run). */
  private void deleteMatching(Path dir, String prefix) {
    try {
      FileSystem fs = fileSystem(dir);
      if (!fs.exists(dir)) {
        return;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.getPath().getName().startsWith(prefix)) {
          fs.delete(status.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("removing what an earlier run left under " + dir, e);
    }
  }

  /** A new, unique place to write the dataset's snapshot partition before {@link #publish} renames it. */
  public Path tempPartition(String dataset, String snapshot) {
    return tempFor(partitionPath(dataset, snapshot), snapshot, dataset);
  }

  /** Marks what {@code temp} holds complete ({@code _SUCCESS}) and makes it the snapshot partition. */
  public void publish(Path temp, String dataset, String snapshot) {
    writeText(new Path(temp, SUCCESS), "");
    replace(temp, partitionPath(dataset, snapshot));
  }

  public Path csvPath(String dataset, String snapshot) {
    return new Path(new Path(new Path(root, "csv"), dataset), "snapshot=" + snapshot);
  }

  public FileSystem fs() {
    return fileSystem(root);
  }

  /** True when the snapshot partition of the dataset was written completely. */
  public boolean isComplete(String dataset, String snapshot) {
    return exists(new Path(partitionPath(dataset, snapshot), SUCCESS));
  }

  /** The snapshot partition, with {@code snapshot} and any deeper partition columns. */
  public Dataset<Row> read(String dataset, String snapshot) {
    Path partition = partitionPath(dataset, snapshot);
    if (!isComplete(dataset, snapshot)) {
      throw new IllegalStateException("no complete dataset " + dataset + " for snapshot " + snapshot
          + " at " + partition + " (run ingest or run first)");
    }
    return spark.read().option("basePath", datasetPath(dataset).toString()).parquet(partition.toString());
  }

  /**
   * Replaces the snapshot partition of the dataset with {@code data}.
   *
   * @param sideFiles small files (name → text) placed in the partition in the same rename,
   *                  e.g. a manifest; names must start with {@code _} so readers skip them
   */
  public void writeParquet(Dataset<Row> data, String dataset, String snapshot, Map<String, String> sideFiles,
      String... partitionBy) {
    Path target = partitionPath(dataset, snapshot);
    Path temp = tempPartition(dataset, snapshot);
    data.write().mode(SaveMode.Overwrite).partitionBy(partitionBy).parquet(temp.toString());
    writeSideFiles(temp, sideFiles);
    replace(temp, target);
  }

  /** Small files (name → text) placed in a partition being written; names start with {@code _} so readers skip them. */
  public void writeSideFiles(Path partition, Map<String, String> sideFiles) {
    for (Map.Entry<String, String> side : sideFiles.entrySet()) {
      if (!side.getKey().startsWith("_")) {
        throw new IllegalArgumentException("side file names start with _: " + side.getKey());
      }
      writeText(new Path(partition, side.getKey()), side.getValue());
    }
  }

  /** The text of a side file of a complete snapshot partition, or null when there is none. */
  public String sideFile(String dataset, String snapshot, String name) {
    Path path = new Path(partitionPath(dataset, snapshot), name);
    return isComplete(dataset, snapshot) && exists(path) ? readText(path) : null;
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
   * Replaces the snapshot partition of the dataset with {@code rows} the driver holds (a small
   * table: counters, stats), written as one Parquet file without a Spark job.
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
    writeSideFiles(temp, sideFiles);
    publish(temp, dataset, snapshot);
  }

  /**
   * One headed CSV file, {@code <name>.csv}, for a small aggregate: its rows are read to the driver
   * and written with {@link Csv} (the codec {@code show --format csv} prints with), then published
   * with a {@code _SUCCESS} like a partition. Arrays and structs must already be text.
   */
  public void writeCsv(Dataset<Row> data, String dataset, String snapshot) {
    writeCsv(data.columns(), data.coalesce(1).toLocalIterator(), dataset, snapshot);
  }

  /** As {@link #writeCsv(Dataset, String, String)}, from rows the driver already holds (no Spark job). */
  public void writeCsv(List<Row> rows, StructType schema, String dataset, String snapshot) {
    writeCsv(schema.fieldNames(), rows.iterator(), dataset, snapshot);
  }

  private void writeCsv(String[] columns, Iterator<Row> rows, String dataset, String snapshot) {
    Path target = csvPath(dataset, snapshot);
    Path temp = tempFor(target, snapshot, "csv/" + dataset);
    Path file = new Path(temp, dataset + ".csv");
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
    writeText(new Path(temp, SUCCESS), "");
    replace(temp, target);
  }

  /**
   * Puts {@code temp} in the place of {@code target}: the old partition is renamed aside (under
   * {@code <root>/_tmp/replaced/}), the new one renamed in, then the old one deleted. A reader of
   * the dataset finds the old or the new partition except between two renames, never during a
   * delete; a run killed between them leaves the old one aside, and the next publish of the same
   * target puts it back first ({@link #restoreAside}).
   */
  public void replace(Path temp, Path target) {
    try {
      FileSystem fs = fileSystem(target);
      restoreAside(target);
      Path aside = null;
      if (fs.exists(target)) {
        aside = asideFor(target);
        fs.mkdirs(aside.getParent());
        if (!fs.rename(target, aside)) {
          throw new IOException("could not rename " + target + " aside to " + aside);
        }
      }
      fs.mkdirs(target.getParent());
      if (!fs.rename(temp, target)) {
        if (aside != null) {
          fs.rename(aside, target); // the old partition back, as it was
        }
        throw new IOException("could not rename " + temp + " to " + target);
      }
      if (aside != null) {
        fs.delete(aside, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("publishing " + target, e);
    }
  }

  private static final String ASIDE = "replaced";

  /** A new place beside {@code <root>/_tmp/replaced/<target, relative to the root>-<uuid>}. */
  private Path asideFor(Path target) {
    return new Path(new Path(new Path(root, TEMP_DIR), ASIDE), relative(target) + "-" + UUID.randomUUID());
  }

  private String relative(Path target) {
    String rootText = root.toUri().getPath();
    String targetText = target.toUri().getPath();
    return targetText.startsWith(rootText + "/") ? targetText.substring(rootText.length() + 1) : target.getName();
  }

  /**
   * What a run killed between {@link #replace}'s two renames left: the old partition aside and
   * none in its place. It is put back (and any other copy aside of the same target deleted).
   */
  void restoreAside(Path target) throws IOException {
    Path asideDir = new Path(new Path(root, TEMP_DIR), ASIDE);
    Path parent = new Path(asideDir, relative(target)).getParent();
    FileSystem fs = fileSystem(target);
    if (!fs.exists(parent)) {
      return;
    }
    String prefix = target.getName() + "-";
    for (FileStatus status : fs.listStatus(parent)) {
      if (!status.getPath().getName().startsWith(prefix)) {
        continue;
      }
      if (!fs.exists(target) && fs.exists(new Path(status.getPath(), SUCCESS))) {
        fs.mkdirs(target.getParent());
        fs.rename(status.getPath(), target);
      } else {
        fs.delete(status.getPath(), true);
      }
    }
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

  private FileSystem fileSystem(Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }
}
