package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * Kryo, a broadcast, serialized lambdas and a serialized cache: what fails without Spark's
 * module flags on Java 17 (org.apache.spark.launcher.JavaModuleOptions in spark-launcher 4.2.0). A smoke test
 * without them proves nothing.
 */
class SparkOnJava17Test extends SparkTestBase {
  @Test
  void kryoBroadcastLambdasAndSerializedCacheWork() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<List<Integer>> evens = jsc.broadcast(List.of(0, 2, 4, 6, 8));
    long sum = jsc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 3)
        .filter(i -> evens.value().contains(i))
        .persist(StorageLevel.MEMORY_AND_DISK_SER())
        .map(i -> (long) i * 10)
        .reduce(Long::sum);
    assertEquals(200L, sum);
    assertEquals("UTC", spark.conf().get("spark.sql.session.timeZone"));
    org.apache.spark.serializer.KryoSerializer kryo = new org.apache.spark.serializer.KryoSerializer(jsc.getConf());
    java.nio.ByteBuffer bytes = kryo.newInstance().serialize(java.nio.ByteBuffer.wrap(new byte[] {1, 2}),
        scala.reflect.ClassTag$.MODULE$.apply(java.nio.ByteBuffer.class));
    assertEquals(true, bytes.remaining() > 0);
  }
}
