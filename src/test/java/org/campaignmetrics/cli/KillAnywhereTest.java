package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.campaignmetrics.sink.SnapshotCommit;
import org.campaignmetrics.testing.ChildJvm;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed at any moment, nothing lost (issue 17, item 6): {@code run} on the sample is started in
 * a process of its own and killed with SIGKILL ({@code kill -9}) at points spread over ingest,
 * retention, goals and the commit — after a log line, or after a random delay — on a warehouse
 * that holds an earlier run's snapshot (state A: another min cell size, fewer dump files). While
 * it runs, and until the re-run has finished, a reader polls the snapshot through its newest
 * commit record: what it sees must be A or the clean run's result B, dataset for dataset, never a
 * mix and never a listed file missing. The re-run must then leave exactly B.
 *
 * <p>The points come in chains: each chain starts from A, each of its runs is killed (and so first
 * recovers what the kill before it left), then one run goes to the end and must leave B.
 * {@code CM_TEST_KILL_CHAINS} (default: all) runs the first N chains only.
 */
class KillAnywhereTest extends SparkTestBase {
  private static final String S = "2026-09";
  private static final long SEED = 17;

  @TempDir
  Path dir;

  /** A kill: after the first line matching {@code line} (null: the process start), plus {@code delayMs}. */
  record KillPoint(String name, Pattern line, long delayMs) {
    static KillPoint after(String name, String regex, long delayMs) {
      return new KillPoint(name, Pattern.compile(regex), delayMs);
    }
  }

  /**
   * The kill points, in chains: each chain starts from state A, each run of it is killed at its
   * point (and so first has to recover what the kill before left), then a run to the end.
   */
  static List<List<KillPoint>> chains(Random random) {
    return List.of(
        List.of(KillPoint.after("ingest starts", "ingest: snapshot " + S + " — ", 0),
            KillPoint.after("ingest batch staged", "ingest: batch 1/1 staged", 0),
            KillPoint.after("ingest publishes", "ingest: publish edits", 0),
            KillPoint.after("random in ingest", "ingest: snapshot " + S + " — ", random.nextInt(3_000))),
        List.of(KillPoint.after("ingest published", "ingest: published snapshot", 0),
            KillPoint.after("random in retention", "ingest: published snapshot", 1_000 + random.nextInt(12_000)),
            KillPoint.after("retention decides suppression", "retention: small cells", 0)),
        List.of(KillPoint.after("retention written", "retention: \\d+ campaigns — ", 0),
            KillPoint.after("random in goals", "retention: \\d+ campaigns — ", random.nextInt(5_000)),
            KillPoint.after("goals written", "goals: events, ", 0),
            KillPoint.after("commit journal written", "commit: snapshot .* journal written", 0)),
        List.of(KillPoint.after("commit moving files", "commit: snapshot .* journal written", 3),
            KillPoint.after("commit record written", "commit: snapshot .* recorded; replacing", 0),
            KillPoint.after("commit over", "commit: snapshot .* by run", 0)));
  }

  @Test
  void aRunKilledAtAnyPointLeavesTheOldSnapshotReadableAndTheReRunGivesTheCleanResult() throws Exception {
    Path sample = Path.of("conf/sample.yaml").toAbsolutePath();
    String text = Files.readString(sample);
    // A: fewer dump files (the campaigns' range) and k = 10; B: every bucket (more edits, users) and k = 5
    Path configA = dir.resolve("a.yaml");
    Files.writeString(configA, text.replace("min_cell_size: 5", "min_cell_size: 10"));
    Path configB = dir.resolve("b.yaml");
    Files.writeString(configB, text.replace("  max_reject_ratio: 0.001", "  max_reject_ratio: 0.001\n  every_bucket: true"));

    Path stateA = dir.resolve("state-a");
    runInProcess(configA, stateA);
    Map<String, String> versionsA = Snapshot.versions(stateA);
    Path clean = dir.resolve("clean");
    copy(stateA, clean);
    runInProcess(configB, clean);
    Map<String, String> versionsB = Snapshot.versions(clean);
    List<String> differing = versionsA.keySet().stream().filter(k -> !versionsA.get(k).equals(versionsB.get(k)))
        .toList();
    assertTrue(differing.containsAll(List.of("edits", "users", "ingest_stats", "retention_summary")),
        "A and B differ in ingest and retention, so a mix would show: " + differing);

    List<List<KillPoint>> chains = chains(new Random(SEED));
    String limit = System.getenv("CM_TEST_KILL_CHAINS");
    if (limit != null && !limit.isBlank()) {
      chains = chains.subList(0, Math.min(chains.size(), Integer.parseInt(limit.strip())));
    }
    int points = 0;
    int killed = 0;
    int reads = 0;
    List<String> report = new ArrayList<>();
    for (int c = 0; c < chains.size(); c++) {
      Path warehouse = dir.resolve("chain-" + c);
      copy(stateA, warehouse);
      Reader reader = new Reader(warehouse, versionsA, versionsB);
      reader.start();
      for (KillPoint point : chains.get(c)) {
        points++;
        long started = System.nanoTime();
        boolean wasKilled = runAndKill(configB, warehouse, point);
        long killedAfterMs = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> afterKill = Snapshot.versions(warehouse);
        String state = afterKill.equals(versionsA) ? "A" : afterKill.equals(versionsB) ? "B" : "mixed";
        report.add(String.format("chain %d: %-30s %s after %6d ms; snapshot then: %s", c + 1, point.name(),
            wasKilled ? "killed" : "finished", killedAfterMs, state));
        assertTrue(wasKilled, point.name() + ": the run ended before the kill point\n" + String.join("\n", report));
        killed++;
        assertTrue(state.equals("A") || state.equals("B"), point.name() + ": after the kill the snapshot is " + state);
        assertEquals(null, reader.failure.get(), point.name() + ": a reader saw a mixed snapshot");
        if (!Files.exists(warehouse.resolve("_commits/snapshot=" + S + "/_journal.json"))) {
          // killed outside a commit: the CSV copies are the record's, and even a glob over the
          // folders reads the committed files alone
          assertEquals(List.of(), Snapshot.staleCsv(warehouse), point.name());
          assertGlobReadsTheCommit(warehouse, point.name());
        }
      }
      runInProcess(configB, warehouse);
      reader.stop();
      reads += reader.reads.get();
      report.add(String.format("chain %d: re-run to the end; reader polls %d", c + 1, reader.reads.get()));
      assertEquals(null, reader.failure.get(), "chain " + (c + 1) + ": a reader saw a mixed snapshot");
      assertEquals(versionsB, Snapshot.versions(warehouse), "chain " + (c + 1)
          + ": the re-run's outputs equal the clean run's");
      assertEquals(List.of(), Snapshot.staleCsv(warehouse), "chain " + (c + 1));
      for (String csv : csvFiles(clean)) {
        assertEquals(Files.readString(clean.resolve(csv)), Files.readString(warehouse.resolve(csv)),
            "chain " + (c + 1) + ": " + csv);
      }
      assertEquals(List.of(), leftovers(warehouse), "chain " + (c + 1) + ": the re-run left nothing a glob reader sees");
      assertGlobReadsTheCommit(warehouse, "chain " + (c + 1) + " re-run");
    }
    System.out.println("kill points survived: " + killed + " of " + points + " in " + chains.size()
        + " chains, snapshot reads through the commit " + reads + "\n  " + String.join("\n  ", report));
    assertTrue(killed >= Math.min(10, points));
  }

  /**
   * The Tried case's reader: DuckDB's {@code read_parquet} over a glob of each Parquet dataset's
   * folder, as an analyst would point it, reads the rows the newest commit lists (Spark, through
   * the record), and so does DuckDB given the record's file list.
   */
  private static void assertGlobReadsTheCommit(Path warehouse, String when) throws Exception {
    SnapshotCommit commit = Snapshot.latest(warehouse);
    org.campaignmetrics.sink.Warehouse throughCommit = new org.campaignmetrics.sink.Warehouse(spark,
        warehouse.toString());
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement sql = duck.createStatement()) {
      for (Map.Entry<String, SnapshotCommit.Entry> entry : commit.datasets().entrySet()) {
        if (entry.getKey().startsWith("csv/") || entry.getValue().files().isEmpty()) {
          continue;
        }
        long expected = (entry.getKey().startsWith("internal/")
            ? throughCommit.internal().read(entry.getKey().substring("internal/".length()), S)
            : throughCommit.read(entry.getKey(), S)).count();
        String glob = warehouse.resolve(entry.getKey()) + "/*/" + (entry.getValue().files().get(0).path()
            .contains("/") ? "*/" : "") + "*.parquet";
        try (java.sql.ResultSet rows = sql.executeQuery("SELECT count(*) FROM read_parquet('" + glob
            + "', hive_partitioning = true)")) {
          rows.next();
          assertEquals(expected, rows.getLong(1), when + ": DuckDB over " + glob);
        }
        String listed = String.join(", ", entry.getValue().files().stream().map(f -> "'" + warehouse
            .resolve(entry.getValue().partition()).resolve(f.path()) + "'").toList());
        try (java.sql.ResultSet rows = sql.executeQuery("SELECT count(*) FROM read_parquet([" + listed + "])")) {
          rows.next();
          assertEquals(expected, rows.getLong(1), when + ": DuckDB over the files the record lists, " + entry.getKey());
        }
      }
    }
  }

  private static List<String> csvFiles(Path warehouse) throws IOException {
    try (Stream<Path> walk = Files.walk(warehouse.resolve("csv"))) {
      return walk.filter(p -> p.toString().endsWith(".csv")).map(p -> warehouse.relativize(p).toString()).sorted()
          .toList();
    }
  }

  /** Data files in a partition that the newest commit record does not list. */
  private static List<String> leftovers(Path warehouse) throws IOException {
    SnapshotCommit commit = Snapshot.latest(warehouse);
    List<String> listed = new ArrayList<>();
    commit.datasets().values().forEach(e -> e.files().forEach(f -> listed.add(e.partition() + "/" + f.path())));
    try (Stream<Path> walk = Files.walk(warehouse)) {
      return walk.filter(Files::isRegularFile).map(p -> warehouse.relativize(p).toString())
          .filter(p -> p.contains("snapshot=" + S + "/") && !p.startsWith("_") && !p.startsWith("report/"))
          .filter(p -> Stream.of(p.split("/")).noneMatch(part -> part.startsWith("_") || part.startsWith(".")))
          .filter(p -> !listed.contains(p)).sorted().toList();
    }
  }

  private static void runInProcess(Path config, Path warehouse) {
    CliTest.Result result = CliTest.run("run", "--config", config.toString(), "--warehouse", warehouse.toString());
    spark.catalog().clearCache(); // the tests share one session: later ones need its memory
    assertEquals(0, result.code(), result.err());
  }

  /** Starts {@code run} in its own JVM and kills it (SIGKILL) at the point; false when it ended first. */
  private static boolean runAndKill(Path config, Path warehouse, KillPoint point) throws Exception {
    List<String> command = new ArrayList<>(ChildJvm.command("2g"));
    command.addAll(List.of("-Duser.timezone=UTC",
        "-Dlog4j.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(), Main.class.getName(),
        "run", "--config", config.toString(), "--warehouse", warehouse.toString(),
        "--conf", "spark.sql.shuffle.partitions=2", "--conf", "spark.ui.enabled=false"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    AtomicBoolean triggered = new AtomicBoolean();
    StringBuilder output = new StringBuilder();
    Thread watcher = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (!triggered.get() && point.line().matcher(line).find()) {
            triggered.set(true);
            if (point.delayMs() > 0) {
              Thread.sleep(point.delayMs());
            }
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
          }
        }
      } catch (IOException e) {
        // the process is gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    watcher.setDaemon(true);
    watcher.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail(point.name() + ": the run did not end in 10 minutes");
    }
    watcher.join(10_000);
    boolean killed = triggered.get() && process.exitValue() == 137;
    if (!killed && process.exitValue() != 0) {
      synchronized (output) {
        fail(point.name() + ": the run failed with exit " + process.exitValue() + ":\n" + output);
      }
    }
    return killed;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Polls the snapshot through its newest commit until stopped; records the first mixed one it sees. */
  static final class Reader implements Runnable {
    final Path warehouse;
    final Map<String, String> a;
    final Map<String, String> b;
    final AtomicReference<String> failure = new AtomicReference<>();
    final AtomicInteger reads = new AtomicInteger();
    private volatile boolean stopped;
    private Thread thread;

    Reader(Path warehouse, Map<String, String> a, Map<String, String> b) {
      this.warehouse = warehouse;
      this.a = a;
      this.b = b;
    }

    void start() {
      thread = new Thread(this, "snapshot-reader");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      stopped = true;
      thread.join(30_000);
    }

    @Override
    public void run() {
      while (!stopped && failure.get() == null) {
        Map<String, String> seen = Snapshot.versionsRetrying(warehouse);
        if (seen == null) {
          failure.set("a file the newest record lists is missing");
        } else {
          reads.incrementAndGet();
          Path journal = warehouse.resolve("_commits/snapshot=" + S + "/" + "_journal.json");
          long record = Snapshot.latest(warehouse).number();
          if (!Files.exists(journal)) {
            // no commit under way: every CSV copy is the one the record lists
            List<String> stale = Snapshot.staleCsv(warehouse);
            if (!stale.isEmpty() && !Files.exists(journal) && Snapshot.latest(warehouse).number() == record) {
              failure.set("commit " + record + ": CSV copies not the record's: " + stale);
            }
          }
          if (!seen.equals(a) && !seen.equals(b)) {
            List<String> mixed = new ArrayList<>();
            for (String key : seen.keySet()) {
              mixed.add(key + "=" + (seen.get(key).equals(a.get(key)) ? "A" : seen.get(key).equals(b.get(key)) ? "B"
                  : "?"));
            }
            failure.set("commit " + Snapshot.latest(warehouse).number() + ": " + mixed);
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The snapshot as a reader through the newest commit record sees it: per dataset, a hash of its files' bytes. */
  static final class Snapshot {
    private Snapshot() {}

    static SnapshotCommit latest(Path warehouse) {
      Path commits = warehouse.resolve("_commits/snapshot=" + S);
      try (Stream<Path> list = Files.list(commits)) {
        long newest = list.mapToLong(p -> SnapshotCommit.numberOf(p.getFileName().toString())).max().orElse(-1);
        Path record = commits.resolve(SnapshotCommit.fileName(newest));
        return SnapshotCommit.fromJson(Files.readString(record), record.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The CSV copies whose bytes are not those the newest record lists (by SHA-256): they are
     * replaced, one rename each, just after the record is written (docs/datasets.md "Commits").
     */
    static List<String> staleCsv(Path warehouse) {
      SnapshotCommit commit = latest(warehouse);
      List<String> stale = new ArrayList<>();
      for (Map.Entry<String, SnapshotCommit.Entry> entry : commit.datasets().entrySet()) {
        for (SnapshotCommit.FileRef file : entry.getValue().files()) {
          if (file.sha256() == null) {
            continue;
          }
          try {
            if (!file.sha256().equals(sha(Files.readAllBytes(warehouse.resolve(entry.getValue().partition())
                .resolve(file.path()))))) {
              stale.add(entry.getKey());
            }
          } catch (IOException e) {
            stale.add(entry.getKey() + " (" + e + ")");
          }
        }
      }
      return stale;
    }

    /** The datasets (not their CSV copies) as read through the newest record. */
    static Map<String, String> versions(Path warehouse) {
      Map<String, String> versions = versionsRetrying(warehouse);
      if (versions == null) {
        throw new IllegalStateException("a file listed by the newest commit of " + warehouse + " is missing");
      }
      return versions;
    }

    /**
     * Null when a listed file vanished and the newest record is still the same one (a broken
     * snapshot); a file deleted because a newer record superseded the one read is read again.
     */
    static Map<String, String> versionsRetrying(Path warehouse) {
      for (int attempt = 0; attempt < 20; attempt++) {
        SnapshotCommit commit;
        try {
          commit = latest(warehouse);
        } catch (UncheckedIOException | IllegalStateException e) {
          continue; // a record renamed into place between the listing and the read
        }
        try {
          return hashes(warehouse, commit);
        } catch (NoSuchFileException e) {
          if (latest(warehouse).number() == commit.number()) {
            return null;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      throw new IllegalStateException("the newest commit of " + warehouse + " kept changing");
    }

    private static Map<String, String> hashes(Path warehouse, SnapshotCommit commit) throws IOException {
      Map<String, String> versions = new TreeMap<>();
      for (Map.Entry<String, SnapshotCommit.Entry> entry : commit.datasets().entrySet()) {
        if (entry.getKey().startsWith("csv/")) {
          continue; // the copies: staleCsv
        }
        List<String> files = new ArrayList<>();
        for (SnapshotCommit.FileRef file : entry.getValue().files()) {
          byte[] bytes = content(Files.readAllBytes(warehouse.resolve(entry.getValue().partition())
              .resolve(file.path())), file.path());
          // the folders below the partition (wiki_db=…) are part of the content; the file names are not
          String folder = file.path().contains("/") ? file.path().substring(0, file.path().lastIndexOf('/')) : "";
          files.add(folder + ":" + sha(bytes));
        }
        files.sort(null);
        versions.put(entry.getKey(), sha(String.join("\n", files).getBytes(StandardCharsets.UTF_8)));
      }
      return versions;
    }

    /**
     * A Parquet file's pages without its footer: the footer lists each column's encodings in
     * the order of a HashSet of enums, which differs between JVMs (parquet-mr), so the same rows
     * written by two processes differ there and only there. A CSV file whole.
     */
    static byte[] content(byte[] bytes, String name) {
      if (!name.endsWith(".parquet") || bytes.length < 12) {
        return bytes;
      }
      int footer = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      return java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - 8 - footer));
    }

    private static String sha(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
