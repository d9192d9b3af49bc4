package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 6 (the full disk): the sample run on a warehouse that is a small tmpfs, then a
 * second run that finds the disk full part way. It must fail with a clear message, and every
 * dataset must still be whole and readable. (Whether it is the old or the new version of each is
 * item 5's commit record; until then the snapshot can be mixed after such a failure.)
 */
class FullDiskTest extends SparkTestBase {
  @TempDir
  Path dir;

  private Path mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aFullDiskFailsWithAClearMessageAndLeavesEveryDatasetWhole() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Files.createDirectories(warehouse);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", warehouse.toString())
        .redirectErrorStream(true).start();
    String said = new String(mount.getInputStream().readAllBytes());
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (root and mount needed): " + said);
    mounted = warehouse;

    CliTest.Result first = CliTest.run("run", "--config", "conf/sample.yaml", "--warehouse", warehouse.toString());
    assertEquals(0, first.code(), first.err());
    Path report = warehouse.resolve("report/snapshot=2026-09/index.html");
    String reportBefore = Files.readString(report);

    // fill the disk but for a little, so that the next run fails part way through its outputs
    Path filler = warehouse.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[64 * 1024];
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      assertTrue(String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
    }
    try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 24 * 1024);
    }
    org.campaignmetrics.sink.Warehouse throughCommit = new org.campaignmetrics.sink.Warehouse(spark,
        warehouse.toString());
    org.campaignmetrics.sink.SnapshotCommit before = throughCommit.latestCommit("2026-09");
    Path stricter = dir.resolve("k10.yaml");
    Files.writeString(stricter, Files.readString(Path.of("conf/sample.yaml")).replace("min_cell_size: 5",
        "min_cell_size: 10"));
    CliTest.Result second = CliTest.run("retention", "--config", stricter.toString(), "--warehouse",
        warehouse.toString());
    assertEquals(1, second.code(), second.err());
    assertTrue(second.err().contains("failed: the disk is full (") && second.err().contains("No space left on device"),
        second.err());
    Files.delete(filler);
    // the report is no dataset: the failed run's recovery must not take it for a partition's leftovers
    assertEquals(reportBefore, Files.readString(report), "the first run's report is still there");

    // the snapshot is the first run's, whole: the same commit record, every file it lists there
    assertEquals(before, throughCommit.latestCommit("2026-09"), "nothing of the failed run was committed");
    for (org.campaignmetrics.sink.SnapshotCommit.Entry entry : before.datasets().values()) {
      for (org.campaignmetrics.sink.SnapshotCommit.FileRef file : entry.files()) {
        assertEquals(file.bytes(), Files.size(warehouse.resolve(entry.partition()).resolve(file.path())),
            entry.partition() + "/" + file.path());
      }
    }
    // every public dataset whole: its partition complete and readable, nothing else in its folder
    for (String dataset : Datasets.PUBLIC.keySet()) {
      Path partition = warehouse.resolve(dataset).resolve("snapshot=2026-09");
      if (!Files.exists(partition)) {
        continue; // not written by the sample (none of the public ones, today)
      }
      assertTrue(Files.exists(partition.resolve("_SUCCESS")), dataset);
      spark.read().parquet(partition.toString()).count();
      try (Stream<Path> entries = Files.list(warehouse.resolve(dataset))) {
        assertEquals(List.of("snapshot=2026-09"), entries.map(p -> p.getFileName().toString())
            .filter(n -> !n.endsWith(".json")).toList(), dataset);
      }
    }
    // and a run with space again completes
    CliTest.Result third = CliTest.run("retention", "--config", stricter.toString(), "--warehouse",
        warehouse.toString());
    assertEquals(0, third.code(), third.err());
  }
}
