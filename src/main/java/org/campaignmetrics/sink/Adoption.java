package org.campaignmetrics.sink;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.campaignmetrics.sink.SnapshotCommit.Entry;
import org.campaignmetrics.sink.SnapshotCommit.FileRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders of a warehouse's datasets, and the one-time adoption of a warehouse written before
 * commit records: its complete partitions (those with {@code _SUCCESS}) become commit 0.
 */
final class Adoption {
  private static final Logger LOG = LoggerFactory.getLogger(Adoption.class);

  private Adoption() {}

  /** Every dataset key with a partition of the snapshot: {@code edits}, {@code internal/…}, {@code csv/…}. */
  static List<String> datasetKeys(Warehouse top, String snapshot) throws IOException {
    FileSystem fs = top.fs();
    List<String> keys = new ArrayList<>();
    for (String tree : List.of("", Warehouse.INTERNAL_DIR + "/", Warehouse.CSV_DIR + "/")) {
      Path dir = tree.isEmpty() ? top.root() : new Path(top.root(), tree.substring(0, tree.length() - 1));
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (!status.isDirectory() || name.startsWith("_") || name.startsWith(".")
            || tree.isEmpty() && (name.equals(Warehouse.INTERNAL_DIR) || name.equals(Warehouse.CSV_DIR)
            || name.equals(Warehouse.REPORT_DIR))) {
          continue;
        }
        if (fs.exists(new Path(status.getPath(), "snapshot=" + snapshot))) {
          keys.add(tree + name);
        }
      }
    }
    return keys;
  }

  /**
   * Deletes what versions before commit records left of a killed run: {@code <dataset>/_tmp-snapshot=S-…}
   * folders (which glob readers take for partitions) and {@code _tmp/<dataset>/snapshot=S-…}.
   */
  static void deleteLegacyTemporaries(Warehouse top, String snapshot) throws IOException {
    FileSystem fs = top.fs();
    for (Path dir : List.of(top.root(), new Path(top.root(), Warehouse.INTERNAL_DIR),
        new Path(top.root(), Warehouse.CSV_DIR), new Path(top.root(), Warehouse.TEMP_DIR))) {
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus dataset : fs.listStatus(dir)) {
        if (!dataset.isDirectory() || dataset.getPath().getName().startsWith("snapshot=")) {
          continue;
        }
        for (FileStatus child : fs.listStatus(dataset.getPath())) {
          String name = child.getPath().getName();
          if (name.startsWith("_tmp-snapshot=" + snapshot + "-") || name.startsWith("snapshot=" + snapshot + "-")) {
            fs.delete(child.getPath(), true);
          }
        }
      }
    }
  }

  /** The data files below a partition folder (not {@code _} or {@code .} files), relative to it, sorted. */
  static List<String> dataFiles(FileSystem fs, Path partition) throws IOException {
    List<String> files = new ArrayList<>();
    if (fs.exists(partition)) {
      collect(fs, partition, "", files);
    }
    files.sort(null);
    return files;
  }

  private static void collect(FileSystem fs, Path dir, String prefix, List<String> files) throws IOException {
    for (FileStatus status : fs.listStatus(dir)) {
      String name = status.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (status.isDirectory()) {
        collect(fs, status.getPath(), prefix + name + "/", files);
      } else {
        files.add(prefix + name);
      }
    }
  }

  /** Commit 0 of what an older version published, written; null when it published nothing complete. */
  static SnapshotCommit adopt(Warehouse top, String snapshot) throws IOException {
    SnapshotCommit commit = scan(top, snapshot);
    if (commit != null) {
      top.writeTextAtomically(new Path(Publication.commitsDir(top, snapshot), SnapshotCommit.fileName(0)),
          commit.toJson());
      LOG.info("commit: snapshot {} had no commit record (written by an older version); its {} complete "
          + "partition(s) adopted as commit 0", snapshot, commit.datasets().size());
    }
    return commit;
  }

  /**
   * What commit 0 would adopt, not written: how a reader ({@code show}) sees a warehouse of an older
   * version before its next run.
   */
  static SnapshotCommit scan(Warehouse top, String snapshot) throws IOException {
    FileSystem fs = top.fs();
    Map<String, Entry> datasets = new TreeMap<>();
    for (String key : datasetKeys(top, snapshot)) {
      String partitionText = key + "/snapshot=" + snapshot;
      Path partition = new Path(top.root(), partitionText);
      if (!fs.exists(new Path(partition, Warehouse.SUCCESS))) {
        continue;
      }
      List<FileRef> files = new ArrayList<>();
      for (String file : dataFiles(fs, partition)) {
        files.add(new FileRef(file, fs.getFileStatus(new Path(partition, file)).getLen()));
      }
      Map<String, String> sideFiles = new TreeMap<>();
      for (FileStatus status : fs.listStatus(partition)) {
        String name = status.getPath().getName();
        if (status.isFile() && name.startsWith("_") && !name.equals(Warehouse.SUCCESS)) {
          sideFiles.put(name, top.readText(status.getPath()));
        }
      }
      datasets.put(key, new Entry(partitionText, files, sideFiles));
    }
    if (datasets.isEmpty()) {
      return null;
    }
    return new SnapshotCommit(SnapshotCommit.FORMAT, snapshot, 0,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), "adopted", datasets);
  }
}
