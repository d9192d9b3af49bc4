package org.campaignmetrics.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.campaignmetrics.source.dumps.DumpFile;
import scala.Tuple2;

/**
 * A job whose task data, shuffle and cache go through Kryo ({@code spark.serializer}), records
 * included ({@link RecordKryoRegistrator}), in a JVM of its own
 * (one SparkContext per JVM): run by {@link SparkOnJava17Test} with the test JVM's flags.
 */
public final class KryoJobProbe {
  /** A user class in the shuffle: Kryo writes it by its fields. */
  public record Edit(String wiki, long user, int bytes) implements Serializable {}

  private KryoJobProbe() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSessions.create("kryo probe", "local[2]", List.of(
        "spark.serializer=" + KryoSerializer.class.getName(), "spark.ui.enabled=false",
        "spark.sql.shuffle.partitions=2"));
    try {
      if (!(SparkEnv.get().serializer() instanceof KryoSerializer)) {
        throw new IllegalStateException("serializer is " + SparkEnv.get().serializer());
      }
      List<Edit> edits = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        edits.add(new Edit(i % 2 == 0 ? "enwiki" : "dewiki", i % 7, i));
      }
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Tuple2<String, Integer>> bytes = jsc.parallelize(edits, 4)
          .persist(StorageLevel.MEMORY_ONLY_SER())
          .mapToPair(e -> new Tuple2<>(e.wiki(), e))
          .groupByKey(3)
          .mapValues(all -> {
            int sum = 0;
            for (Edit e : all) {
              sum += e.bytes();
            }
            return sum;
          })
          .sortByKey()
          .collect();
      System.out.println("kryo job: " + bytes);
      // the ingest's own records travel as task data too (the pieces of a dump file)
      List<String> names = jsc.parallelize(List.of(
          new DumpFile("file:/d/2026-09/enwiki/2026-09.enwiki.2025-03.tsv.bz2", "enwiki", "2025-03", 10, 1),
          new DumpFile("file:/d/2026-09/dewiki/2026-09.dewiki.2025.tsv.bz2", "dewiki", "2025", 20, 2)), 2)
          .map(DumpFile::name).collect();
      System.out.println("kryo records: " + names);
    } finally {
      spark.stop();
    }
  }
}
