package org.campaignmetrics.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per warehouse and snapshot: {@code <warehouse>/_locks/snapshot=S.lock}, made
 * with create-if-absent, holding who runs (host, process id, command) and since when; deleted when
 * the run ends. A second run stops with a message naming the holder and its age. A lock is taken
 * over when its process is gone (same host) or when it is older than {@link #STALE} (a run killed
 * on another machine), docs/datasets.md "Locks".
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  /** A lock this old is a killed run's, whatever host holds it. */
  public static final Duration STALE = Duration.ofHours(12);

  /** Another run holds the lock. */
  public static final class HeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final Warehouse warehouse;
  private final Path path;
  private final String content;

  private RunLock(Warehouse warehouse, Path path, String content) {
    this.warehouse = warehouse;
    this.path = path;
    this.content = content;
  }

  public static Path path(Warehouse warehouse, String snapshot) {
    return new Path(new Path(warehouse.root(), "_locks"), "snapshot=" + snapshot + ".lock");
  }

  /** Takes the lock of the snapshot, or throws {@link HeldException} naming who holds it. */
  public static RunLock acquire(Warehouse warehouse, String snapshot, String command) {
    return acquire(warehouse, snapshot, command, Instant.now());
  }

  static RunLock acquire(Warehouse warehouse, String snapshot, String command, Instant now) {
    Path path = path(warehouse, snapshot);
    FileSystem fs = warehouse.fs();
    String content = "host=" + host() + "\npid=" + ProcessHandle.current().pid() + "\ncommand=" + command
        + "\nstarted=" + now + "\n";
    for (int attempt = 0; attempt < 2; attempt++) {
      try (OutputStream out = fs.create(path, false)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
        return new RunLock(warehouse, path, content);
      } catch (FileAlreadyExistsException e) {
        Map<String, String> holder = read(warehouse, path);
        Instant started = holder.containsKey("started") ? Instant.parse(holder.get("started")) : Instant.EPOCH;
        Duration age = Duration.between(started, now);
        boolean gone = host().equals(holder.get("host")) && holder.containsKey("pid")
            && ProcessHandle.of(Long.parseLong(holder.get("pid"))).map(p -> !p.isAlive()).orElse(true);
        if (attempt == 0 && (gone || age.compareTo(STALE) > 0)) {
          LOG.warn("lock: taking over {} of {} (pid {} on {}, {} old): {}", path, holder.get("command"),
              holder.get("pid"), holder.get("host"), minutes(age), gone ? "its process is gone" : "older than " + STALE);
          warehouse.delete(path);
          continue;
        }
        throw new HeldException("another run is using snapshot " + snapshot + " of " + warehouse.root() + ": "
            + holder.get("command") + " (pid " + holder.get("pid") + " on " + holder.get("host") + ", started "
            + holder.get("started") + ", " + minutes(age) + " ago). Wait for it to end; if it was killed on "
            + "another machine, delete " + path + " (a lock older than " + STALE.toHours() + " h is taken over)");
      } catch (IOException e) {
        throw new UncheckedIOException("taking the lock " + path, e);
      }
    }
    throw new HeldException("could not take the lock " + path);
  }

  private static Map<String, String> read(Warehouse warehouse, Path path) {
    Map<String, String> fields = new LinkedHashMap<>();
    String text;
    try {
      text = warehouse.readText(path);
    } catch (UncheckedIOException e) {
      return fields; // deleted meanwhile: the next attempt takes it
    }
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return fields;
  }

  private static String minutes(Duration age) {
    return Math.max(0, age.toMinutes()) + " min";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }

  /** Deletes the lock if it is still this run's. */
  @Override
  public void close() {
    try {
      if (warehouse.exists(path) && warehouse.readText(path).equals(content)) {
        warehouse.delete(path);
      }
    } catch (UncheckedIOException e) {
      LOG.warn("lock: could not delete {}: {}", path, e.getMessage());
    }
  }
}
