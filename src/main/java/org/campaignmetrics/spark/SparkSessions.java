package org.campaignmetrics.spark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session for every command. The master is never hard-coded: spark-submit's
 * {@code spark.master} wins, then {@code --master}, then {@code local[*]}.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** A session and whether we started it: commands stop only what they started (tests share one). */
  public record Owned(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  /**
   * Starts, on a daemon thread, the part of a session's start that needs no setting: Spark's
   * {@code SparkSession.builder()} first builds Scala's runtime reflection universe (0.3 CPU-s,
   * single-threaded), which then overlaps the JVM's own start, logging and the config instead of
   * following them. Scala initialises it once, so {@link #create} waits for this thread's work
   * rather than repeating it. Called by {@code Main} for the commands that open a session.
   */
  public static void warmUpInBackground() {
    Thread warmUp = new Thread(() -> {
      try {
        SparkSession.builder();
      } catch (Throwable e) {
        // the session's own start will meet and report the same problem
      }
    }, "spark-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** Settings the metrics depend on (docs/architecture.md "Conventions"): a --conf may not change them. */
  static final String KRYO_REGISTRATOR = "spark.kryo.registrator";

  public static final Map<String, String> FIXED = Map.of("spark.sql.session.timeZone", "UTC",
      "spark.sql.datetime.java8API.enabled", "true");

  /** Why a {@code KEY=VALUE} setting is refused (it changes one of {@link #FIXED}), or null. */
  public static String refused(String kv) {
    int eq = kv.indexOf('=');
    String key = kv.substring(0, eq);
    if (FIXED.containsKey(key) && !FIXED.get(key).equals(kv.substring(eq + 1))) {
      return "--conf " + kv + ": campaign-metrics computes every window in UTC with " + key + "=" + FIXED.get(key)
          + " (docs/architecture.md \"Conventions\"); it cannot be changed";
    }
    return null;
  }

  public static Owned open(String appName, String master, List<String> confs) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
    return new Owned(create(appName, master, confs), !existed);
  }

  public static SparkSession create(String appName, String master, List<String> confs) {
    SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
    if (master != null) {
      conf.set("spark.master", master);
    }
    conf.setIfMissing("spark.master", "local[*]");
    conf.setAppName(appName);
    // Conventions, not preferences: see docs/architecture.md "Conventions".
    FIXED.forEach(conf::set);
    conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    conf.setIfMissing("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Ingest writes each task's rows (one wiki per task) as they come instead of sorting them
    // by partition first: concurrent writers, which planned writes would otherwise bypass.
    conf.setIfMissing("spark.sql.maxConcurrentOutputFileWriters", "4");
    conf.setIfMissing("spark.sql.optimizer.plannedWrite.enabled", "false");
    // file:// without a chmod process per file and directory made (SpawnFreeLocalFileSystem).
    conf.setIfMissing("spark.hadoop." + SpawnFreeLocalFileSystem.CONFIG_KEY, SpawnFreeLocalFileSystem.class.getName());
    if (conf.get("spark.master").toLowerCase(Locale.ROOT).startsWith("local")) {
      // 200 shuffle partitions (Spark's default, sized for clusters) on a laptop's few cores make
      // hundreds of tiny tasks per aggregation; a cluster keeps its own (docs/performance.md)
      conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(localShufflePartitions(conf.get("spark.master"))));
      // a read of up to 1,000 files lists them on the driver: Spark runs a listing job from 32 paths
      // (one task per path; 0.7 s for the 72 files of bench/retention.sh 340's edits, listed in ms by
      // one thread here); beyond 1,000 (an object store's many files) a job lists them side by side
      conf.setIfMissing(LISTING_THRESHOLD, "1000");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
    }
    for (String kv : confs) {
      int eq = kv.indexOf('=');
      String refused = refused(kv);
      if (refused != null) {
        throw new IllegalArgumentException(refused);
      }
      conf.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    // records (our tasks and pieces) through Kryo, should the user choose it: RecordKryoRegistrator
    String registrators = conf.get(KRYO_REGISTRATOR, "");
    if (!registrators.contains(RecordKryoRegistrator.class.getName())) {
      conf.set(KRYO_REGISTRATOR, registrators.isBlank() ? RecordKryoRegistrator.class.getName()
          : registrators + "," + RecordKryoRegistrator.class.getName());
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    FIXED.forEach(spark.conf()::set); // a session that existed before (spark-submit, a notebook) keeps its own otherwise
    return spark;
  }

  static final String LISTING_THRESHOLD = "spark.sql.sources.parallelPartitionDiscovery.threshold";

  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");

  /** Four shuffle partitions per local core ({@code local[N]}, {@code local[*]}: every core), at least 4. */
  static int localShufflePartitions(String master) {
    Matcher m = LOCAL.matcher(master.strip());
    int cores = !m.matches() ? 1 : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(m.group(1));
    return Math.max(4, 4 * cores);
  }
}
