package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.ChildJvm;
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

  /** The --add-opens of a flag list: module/package. */
  private static Set<String> opens(String flags) {
    Set<String> opens = new TreeSet<>();
    Matcher m = Pattern.compile("--add-opens=([\\w.]+/[\\w.]+)=ALL-UNNAMED").matcher(flags);
    while (m.find()) {
      opens.add(m.group(1));
    }
    return opens;
  }

  @Test
  void theModuleFlagsOfTheLauncherAndTheTestsAreSparksAndInEffect() throws IOException {
    // JavaModuleOptions of spark-launcher, as the pom's spark.jvm.flags give them to the tests
    Set<String> expected = Set.of("java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect",
        "java.base/java.io", "java.base/java.net", "java.base/java.nio", "java.base/java.util",
        "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref",
        "java.base/sun.nio.ch", "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar",
        "java.security.jgss/sun.security.krb5");
    String launcher = Files.readString(Path.of("bin/campaign-metrics"));
    assertEquals(expected, opens(launcher), "bin/campaign-metrics");
    assertEquals(expected, opens(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())),
        "this test JVM");
    Module unnamed = SparkOnJava17Test.class.getModule();
    for (String open : expected) {
      String[] moduleAndPackage = open.split("/");
      Module module = ModuleLayer.boot().findModule(moduleAndPackage[0]).orElseThrow();
      assertTrue(module.isOpen(moduleAndPackage[1], unnamed), open + " is open to the class path");
    }
  }

  @Test
  void aKryoSerializedJobRunsInAJvmWithTheseFlags() throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.command("1g"));
    command.add(KryoJobProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
    assertEquals(0, process.exitValue(), output);
    // enwiki: the even numbers below 1000 (249500), dewiki: the odd ones (250000)
    assertTrue(output.contains("kryo job: [(dewiki,250000), (enwiki,249500)]"), output);
    assertTrue(output.contains("kryo records: [2026-09.enwiki.2025-03.tsv.bz2, 2026-09.dewiki.2025.tsv.bz2]"), output);
  }
}
