package org.campaignmetrics.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a JVM of its own for a test: this JVM's java, Spark's module flags, class path. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java <the flags Spark needs, as this JVM has them> -Xmx<heap> -cp <this class path>}; add a main class. */
  public static List<String> command(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")
            || a.startsWith("--sun-misc") || a.startsWith("--enable-native"))
        .toList());
    command.addAll(List.of("-Xmx" + heap, "-cp", System.getProperty("java.class.path")));
    return command;
  }
}
