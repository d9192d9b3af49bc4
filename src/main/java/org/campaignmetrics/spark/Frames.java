package org.campaignmetrics.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Intermediate results a job reuses, computed once with their lineage cut, so that every later plan
 * over them is analysed and optimised from the kept rows, not from the whole upstream plan again (on
 * the sample that planning, not the data, was most of retention's time: docs/performance.md).
 * <ul>
 *   <li>On a local master: a <em>local checkpoint</em> (the rows in the block manager; one JVM, so
 *       no executor is lost without the driver).</li>
 *   <li>On a cluster, with a checkpoint folder ({@link #checkpointsIn}, or the user's
 *       {@code spark.checkpoint.dir}): a reliable checkpoint, written to that shared folder, which
 *       survives a lost executor (a local checkpoint's blocks would not: the job would fail).</li>
 *   <li>On a cluster without one: a cache (recomputed when an executor is lost; the lineage stays).</li>
 * </ul>
 */
public final class Frames {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Frames.class);
  private Frames() {}

  public static Dataset<Row> keep(Dataset<Row> data) {
    SparkContext context = data.sparkSession().sparkContext();
    if (context.isLocal()) {
      return fresh(data.localCheckpoint(true));
    }
    if (context.getCheckpointDir().isDefined()) {
      return fresh(data.checkpoint(true));
    }
    return data.cache();
  }

  /** From how many rows a table the driver holds is kept as soon as it becomes a frame ({@link #ofRows}). */
  public static final int KEEP_ROWS = 10_000;

  /**
   * Rows the driver holds (a table it read, the listed participants) as a frame. From
   * {@link #KEEP_ROWS} rows the frame does not hold them in its plan: a plan over rows held in the
   * plan itself is optimised by evaluating its filters and projections on the driver, row by row,
   * and ships every row in its tasks, again for each job that reads it (goals of 10,000 events and
   * 1,000,000 contributions: docs/performance.md "Goals against DuckDB"). Inside a
   * {@link #stageRowsIn} scope (a command publishing) they are written as Parquet files there, by the
   * driver, and read back — no Spark job, no row conversion; elsewhere kept ({@link #keep}). Give
   * such a frame back with {@link #release}.
   */
  public static Dataset<Row> ofRows(SparkSession spark, List<Row> rows, StructType schema) {
    if (rows.size() < KEEP_ROWS) {
      return spark.createDataFrame(rows, schema);
    }
    Staging scope = staging;
    if (scope != null && scope.spark.sparkContext() == spark.sparkContext() && scope.writer.takes(schema)) {
      return scope.stage(rows, schema);
    }
    return keep(spark.createDataFrame(rows, schema));
  }

  /**
   * Writes rows the driver holds as one Parquet file with {@code schema}'s types (sink/parquet's
   * direct writer: the job wires it, this package writes no file itself).
   */
  public interface RowsWriter {
    /** Whether every column of {@code schema} can be written. */
    boolean takes(StructType schema);

    void write(Configuration conf, Path file, StructType schema, List<Row> rows) throws IOException;
  }

  /** The scope of {@link #stageRowsIn}: while it is open, {@link #ofRows} writes long tables under its folder. */
  private static volatile Staging staging;

  /** What {@link #stageRowsIn} opens; closing it ends staging (what was staged stays until released). */
  public static final class Staging implements AutoCloseable {
    private final SparkSession spark;
    private final Path dir;
    private final RowsWriter writer;
    private final Staging outer;

    private Staging(SparkSession spark, Path dir, RowsWriter writer, Staging outer) {
      this.spark = spark;
      this.dir = dir;
      this.writer = writer;
      this.outer = outer;
    }

    /**
     * The rows as Parquet files (one per core, written side by side) in a new folder, read back
     * with the declared nullability (a file read makes every column nullable; a column the schema
     * says is never null is coalesced with a value of its type, which no row reaches).
     */
    private Dataset<Row> stage(List<Row> rows, StructType schema) {
      long started = System.nanoTime();
      Path folder = new Path(dir, "rows-" + java.util.UUID.randomUUID());
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      int pieces = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), rows.size() / KEEP_ROWS));
      ExecutorService pool = daemonPool(Math.min(pieces, Runtime.getRuntime().availableProcessors()),
          "rows-to-parquet");
      try {
        List<Future<?>> written = new ArrayList<>();
        for (int piece = 0; piece < pieces; piece++) {
          List<Row> part = rows.subList((int) ((long) rows.size() * piece / pieces),
              (int) ((long) rows.size() * (piece + 1) / pieces));
          Path file = new Path(folder, String.format(java.util.Locale.ROOT, "part-%05d.snappy.parquet", piece));
          written.add(pool.submit(() -> {
            writer.write(conf, file, schema, part);
            return null;
          }));
        }
        for (Future<?> f : written) {
          f.get();
        }
      } catch (ExecutionException e) {
        deleteQuietly(folder, conf);
        throw e.getCause() instanceof IOException io ? new UncheckedIOException("writing rows under " + folder, io)
            : new IllegalStateException("writing rows under " + folder, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deleteQuietly(folder, conf);
        throw new IllegalStateException("interrupted while writing rows under " + folder, e);
      } finally {
        pool.shutdownNow();
      }
      Dataset<Row> read = spark.read().schema(schema).parquet(folder.toString());
      Column[] columns = new Column[schema.size()];
      for (int i = 0; i < columns.length; i++) {
        StructField field = schema.fields()[i];
        Column column = read.col("`" + field.name() + "`");
        columns[i] = (field.nullable() ? column : functions.coalesce(column, never(field.dataType())))
            .as(field.name());
      }
      Dataset<Row> frame = read.select(columns);
      STAGED.put(frame, folder);
      LOG.info("frames: {} rows of {} column(s) staged as {} Parquet file(s) in {} s", rows.size(), schema.size(),
          pieces, String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
      return frame;
    }

    @Override
    public void close() {
      staging = outer;
    }
  }

  /**
   * Until the scope closes, {@link #ofRows} writes a table of {@link #KEEP_ROWS} rows or more under
   * {@code dir} (a folder on the warehouse's file system, which every executor reaches:
   * job/SnapshotLock.publishing gives the snapshot's {@code _tmp/}) with {@code writer}.
   */
  public static Staging stageRowsIn(SparkSession spark, String dir, RowsWriter writer) {
    Staging scope = new Staging(spark, new Path(dir), writer, staging);
    staging = scope;
    return scope;
  }

  /** The folders of {@link Staging#stage}'s frames, until released. */
  private static final Map<Dataset<Row>, Path> STAGED = java.util.Collections.synchronizedMap(
      new java.util.IdentityHashMap<>());

  /** A value of the type for {@code coalesce} to make a column not nullable (never chosen: no value is null). */
  private static Column never(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return functions.lit("");
    } else if (type.equals(DataTypes.LongType)) {
      return functions.lit(0L);
    } else if (type.equals(DataTypes.IntegerType)) {
      return functions.lit(0);
    } else if (type.equals(DataTypes.DoubleType)) {
      return functions.lit(0.0);
    } else if (type.equals(DataTypes.BooleanType)) {
      return functions.lit(false);
    } else if (type.equals(DataTypes.TimestampType)) {
      return functions.lit(java.time.Instant.EPOCH);
    }
    throw new IllegalArgumentException("no value of type " + type + " to declare a column not null");
  }

  private static void deleteQuietly(Path folder, Configuration conf) {
    try {
      folder.getFileSystem(conf).delete(folder, true);
    } catch (IOException ignored) {
      // under the snapshot's _tmp/: the next run's recovery deletes it
    }
  }

  /** Deletes {@code path} and what is under it; {@code what} names it in the error. */
  private static void delete(Dataset<Row> kept, Path path, String what) {
    try {
      path.getFileSystem(kept.sparkSession().sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + what + " " + path, e);
    }
  }

  /** A pool of {@code threads} daemon threads named {@code name} (a run's end never waits on them). */
  private static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The checkpoint's columns under new attribute ids. A checkpoint keeps the ids of the plan it
   * was made from, so a frame built from another (activity from the windows) and joined to it
   * again has the same attribute on both sides, which Spark's analyser fails to tell apart
   * without adaptive execution ("Conflicting attributes"); joins here go by column name.
   */
  private static Dataset<Row> fresh(Dataset<Row> checkpoint) {
    String[] names = checkpoint.columns();
    Column[] columns = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      columns[i] = checkpoint.col("`" + names[i] + "`").as(names[i]);
    }
    return checkpoint.select(columns);
  }

  /**
   * On a cluster whose session has no checkpoint folder yet, makes {@code dir} (a folder on the
   * warehouse's file system, which every executor reaches) the folder of {@link #keep}'s checkpoints.
   * Spark writes them in a new folder of its own below it; {@link #release} deletes each.
   */
  public static void checkpointsIn(SparkSession spark, String dir) {
    SparkContext context = spark.sparkContext();
    if (!context.isLocal() && context.getCheckpointDir().isEmpty()) {
      context.setCheckpointDir(dir);
    }
  }

  /** What {@link #interpreted} sets: Spark's code generation off. */
  static final Map<String, String> INTERPRETED = Map.of(
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /** Spark's settings for code generation while a scope is open; closing it puts them back. */
  public static final class Codegen implements AutoCloseable {
    private final SparkSession spark;
    private final Map<String, String> before = new HashMap<>();

    private Codegen(SparkSession spark, boolean on) {
      this.spark = spark;
      for (Map.Entry<String, String> e : INTERPRETED.entrySet()) {
        if (spark.sparkContext().getConf().contains(e.getKey())) {
          continue; // the user's --conf wins
        }
        before.put(e.getKey(), spark.conf().get(e.getKey(), null));
        if (on) {
          spark.conf().unset(e.getKey());
        } else {
          spark.conf().set(e.getKey(), e.getValue());
        }
      }
    }

    @Override
    public void close() {
      before.forEach((key, value) -> {
        if (value == null) {
          spark.conf().unset(key);
        } else {
          spark.conf().set(key, value);
        }
      });
    }
  }

  /**
   * Spark's code generation off until the scope closes: every plan run in it is evaluated by Spark's
   * interpreted operators instead of Java source generated and compiled for it. For the many short
   * plans over small or kept frames (counts, small tables, outputs) compiling costs more than it
   * saves: on the sample, code generation off everywhere took the run from 34–37 s to 27–28 s; over
   * the 5.1 M edits of bench/retention.sh 340 it made the whole run slower (52–54 s against 41–42 s),
   * so what scans the staged history runs in a {@link #compiled} scope. Jobs started in the scope finish in it
   * (a kept frame is computed at once); a {@code --conf} of either setting wins.
   */
  public static Codegen interpreted(SparkSession spark) {
    return new Codegen(spark, false);
  }

  /** Spark's code generation as Spark's defaults have it, inside an {@link #interpreted} scope. */
  public static Codegen compiled(SparkSession spark) {
    return new Codegen(spark, true);
  }

  /** {@code work} in an {@link #interpreted} scope. */
  public static <T> T interpreted(SparkSession spark, Supplier<T> work) {
    try (Codegen scope = interpreted(spark)) {
      return work.get();
    }
  }

  /**
   * Collects the frames side by side, one thread each, and gives their rows in the same order. Small
   * aggregates are many short Spark jobs, each waiting on the driver (planning, scheduling, results)
   * more than it computes: submitted together their waits overlap. A failure of any is thrown as it
   * was (the others still finish first).
   */
  public static List<List<Row>> collectTogether(List<Dataset<Row>> frames) {
    if (frames.size() <= 1) {
      return frames.stream().map(Dataset::collectAsList).toList();
    }
    // threads made here inherit the caller's Spark local properties (job group, description)
    ExecutorService pool = daemonPool(frames.size(), "collect-together");
    try {
      List<Future<List<Row>>> futures = new ArrayList<>();
      for (Dataset<Row> frame : frames) {
        futures.add(pool.submit(frame::collectAsList));
      }
      List<List<Row>> out = new ArrayList<>();
      RuntimeException failed = null;
      for (Future<List<Row>> future : futures) {
        try {
          out.add(future.get());
        } catch (ExecutionException e) {
          if (failed == null) {
            failed = e.getCause() instanceof RuntimeException r ? r
                : new IllegalStateException("collecting " + frames.size() + " frames", e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while collecting", e);
        }
      }
      if (failed != null) {
        throw failed;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Gives the memory, or the checkpoint's files, of {@link #keep} (or the files of {@link #ofRows}) back (a session that goes on needs it: run's next step, the tests). */
  public static void release(Dataset<Row> kept) {
    if (kept == null) {
      return;
    }
    Path staged = STAGED.remove(kept);
    if (staged != null) {
      delete(kept, staged, "the staged rows");
      return;
    }
    kept.unpersist();
    if (kept instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      LogicalPlan plan = classic.logicalPlan();
      if (plan instanceof Project project) { // fresh()
        plan = project.child();
      }
      if (plan instanceof LogicalRDD checkpoint) {
        checkpoint.rdd().unpersist(false);
        Option<String> file = checkpoint.rdd().getCheckpointFile();
        if (file.isDefined()) {
          delete(kept, new Path(file.get()), "the checkpoint");
        }
      }
    }
  }
}
