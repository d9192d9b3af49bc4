package org.campaignmetrics.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.campaignmetrics.sink.SnapshotCommit.Entry;
import org.campaignmetrics.sink.SnapshotCommit.FileRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's changes to a snapshot, invisible to readers until {@link #commit} makes them the
 * snapshot at once.
 *
 * <p>During the run a published dataset is <i>pending</i>: its files stay where they were written
 * (under {@code <warehouse>/_tmp/snapshot=S/<run>/}, or an ingest batch's staging folder) and the
 * run's own reads find them there. The commit then (1) writes a journal of every move and delete,
 * (2) moves the new files into the partitions under names of their own, beside the old ones, so a
 * partition is never without a complete version, (3) writes the commit record that lists them —
 * the moment the snapshot changes for every reader of its datasets — (4) replaces the fixed-name CSV
 * copies (each by one rename; the record gives each one's SHA-256, so a reader can tell a copy not
 * yet replaced) and deletes the files the record no longer lists. A run killed before (1) leaves nothing that
 * counts, and the next run deletes it; killed after (1), the next run finishes the journal first
 * ({@link #recover}).
 */
public final class Publication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publication.class);
  static final String JOURNAL = "_journal.json";
  /** How many commit records of a snapshot are kept (older ones list files that are gone). */
  static final int KEPT_RECORDS = 5;

  /** Files to move into a partition at commit: below {@code base}, each renamed with {@code prefix}. */
  record Source(Path base, List<String> files, String prefix) {
    Source {
      files = List.copyOf(files);
    }

    /** Already in the partition (committed by an earlier run): kept where they are. */
    boolean inPlace() {
      return prefix == null;
    }

    String finalName(String file) {
      if (inPlace()) {
        return file;
      }
      int slash = file.lastIndexOf('/');
      return file.substring(0, slash + 1) + prefix + "-" + file.substring(slash + 1);
    }
  }

  /** A dataset published by this run: where its files are now, and its side files. */
  record Pending(List<Source> sources, Map<String, String> sideFiles, boolean fixedNames) {}

  /** A move of the journal (absolute paths). */
  record Move(String from, String to) {}

  /**
   * What the commit does, written before it starts doing it.
   *
   * @param commit       the record to write
   * @param moves        new files into partitions (under names no earlier file has)
   * @param replacements fixed-name files (the CSVs) put in place after the record is written
   * @param deletes      files the record no longer lists, and partitions of dropped datasets
   * @param cleanup      folders emptied by the moves (the run's temporary folder, staging)
   */
  record Journal(SnapshotCommit commit, List<Move> moves, List<Move> replacements, List<String> deletes,
      List<String> cleanup) {}

  private final Warehouse top;
  private final String snapshot;
  private final String command;
  private final String runId;
  private final boolean automatic;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Set<String> dropped = new LinkedHashSet<>();
  private SnapshotCommit base;
  private boolean done;
  /** Called as the commit reaches {@code journal}, {@code moved} and {@code recorded}; a test makes it throw to play a kill. */
  Consumer<String> reached = step -> { };

  Publication(Warehouse top, String snapshot, String command, boolean automatic) {
    this.top = top;
    this.snapshot = snapshot;
    this.command = command;
    this.automatic = automatic;
    this.runId = "r" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:TZ]", "")
        + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
    this.base = latestOrAdoptable(top, snapshot);
  }

  /** The newest record; for a warehouse an older version wrote (none yet), what its next run adopts. */
  private static SnapshotCommit latestOrAdoptable(Warehouse top, String snapshot) {
    SnapshotCommit latest = latest(top, snapshot);
    if (latest != null || !top.exists(top.root())) {
      return latest;
    }
    try {
      return Adoption.scan(top, snapshot);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the partitions of snapshot " + snapshot + " under " + top.root(), e);
    }
  }

  String snapshot() {
    return snapshot;
  }

  /** Where this run writes a dataset's partition before the commit moves it. */
  Path tempPartition(String key) {
    return new Path(new Path(runDir(), key), "snapshot=" + snapshot);
  }

  private Path runDir() {
    return new Path(tempRoot(top, snapshot), runId);
  }

  static Path tempRoot(Warehouse top, String snapshot) {
    return new Path(new Path(top.root(), Warehouse.TEMP_DIR), "snapshot=" + snapshot);
  }

  static Path commitsDir(Warehouse top, String snapshot) {
    return new Path(new Path(top.root(), SnapshotCommit.DIR), "snapshot=" + snapshot);
  }

  // ---- what the run sees --------------------------------------------------------------------

  synchronized void stage(String key, Pending data) {
    dropped.remove(key);
    pending.put(key, data);
    if (automatic) {
      commit();
    }
  }

  synchronized void drop(String key) {
    pending.remove(key);
    if (base != null && base.datasets().containsKey(key)) {
      dropped.add(key);
    }
    if (automatic && !dropped.isEmpty()) {
      commit();
    }
  }

  /** The dataset as this run sees it: pending, else committed (null when neither). */
  synchronized List<Source> sources(String key) {
    Pending p = pending.get(key);
    if (p != null) {
      return p.sources();
    }
    Entry entry = dropped.contains(key) || base == null ? null : base.datasets().get(key);
    return entry == null ? null : committedSources(top, entry);
  }

  synchronized Map<String, String> sideFiles(String key) {
    Pending p = pending.get(key);
    if (p != null) {
      return p.sideFiles();
    }
    Entry entry = dropped.contains(key) || base == null ? null : base.datasets().get(key);
    return entry == null ? null : entry.sideFiles();
  }

  /** The committed files of a dataset, to keep in place beside new ones (an incremental ingest). */
  synchronized Source committed(String key) {
    Entry entry = base == null ? null : base.datasets().get(key);
    return entry == null ? null : committedSources(top, entry).get(0);
  }

  static List<Source> committedSources(Warehouse top, Entry entry) {
    return List.of(new Source(new Path(top.root(), entry.partition()),
        entry.files().stream().map(FileRef::path).toList(), null));
  }

  // ---- commit -------------------------------------------------------------------------------

  /** Makes every dataset this run published the snapshot, at once (see the class comment). */
  public synchronized void commit() {
    if (pending.isEmpty() && dropped.isEmpty()) {
      close();
      return;
    }
    FileSystem fs = top.fs();
    Map<String, Entry> datasets = new TreeMap<>(base == null ? Map.of() : base.datasets());
    List<Move> moves = new ArrayList<>();
    List<Move> replacements = new ArrayList<>();
    List<String> cleanup = new ArrayList<>();
    dropped.forEach(datasets::remove);
    try {
      for (Map.Entry<String, Pending> p : pending.entrySet()) {
        String partition = p.getKey() + "/snapshot=" + snapshot;
        Path target = new Path(top.root(), partition);
        List<FileRef> files = new ArrayList<>();
        for (Source source : p.getValue().sources()) {
          for (String file : source.files()) {
            Path from = new Path(source.base(), file);
            String name = p.getValue().fixedNames() ? file : source.finalName(file);
            files.add(p.getValue().fixedNames() ? new FileRef(name, fs.getFileStatus(from).getLen(), sha256(fs, from))
                : new FileRef(name, fs.getFileStatus(from).getLen()));
            if (source.inPlace()) {
              continue;
            }
            (p.getValue().fixedNames() ? replacements : moves).add(new Move(from.toString(),
                new Path(target, name).toString()));
          }
          if (!source.inPlace()) {
            cleanup.add(folderToDelete(source.base()).toString());
          }
        }
        datasets.put(p.getKey(), new Entry(partition, files, p.getValue().sideFiles()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("preparing the commit of snapshot " + snapshot, e);
    }
    List<String> deletes = new ArrayList<>();
    if (base != null) {
      for (Map.Entry<String, Entry> old : base.datasets().entrySet()) {
        Entry now = datasets.get(old.getKey());
        Path partition = new Path(top.root(), old.getValue().partition());
        if (now == null) {
          deletes.add(partition.toString());
          continue;
        }
        Set<String> kept = new LinkedHashSet<>(now.files().stream().map(FileRef::path).toList());
        for (FileRef file : old.getValue().files()) {
          if (!kept.contains(file.path())) {
            deletes.add(new Path(partition, file.path()).toString());
          }
        }
      }
    }
    cleanup.add(runDir().toString());
    cleanup = new ArrayList<>(new LinkedHashSet<>(cleanup));
    long number = base == null ? 1 : base.number() + 1;
    SnapshotCommit record = new SnapshotCommit(SnapshotCommit.FORMAT, snapshot, number,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), command, datasets);
    Journal journal = new Journal(record, moves, replacements, deletes, cleanup);
    Path commits = commitsDir(top, snapshot);
    try {
      top.writeTextAtomically(new Path(commits, JOURNAL), SnapshotCommit.JSON.writeValueAsString(journal));
    } catch (IOException e) {
      throw new UncheckedIOException("writing the commit journal of snapshot " + snapshot, e);
    }
    LOG.info("commit: snapshot {} — commit {} journal written; moving {} file(s) in", snapshot, number, moves.size());
    reached.accept("journal");
    apply(top, journal, reached);
    LOG.info("commit: snapshot {} — commit {} by {}: {} dataset(s) published, {} dropped; {} file(s) moved in, {} CSV "
        + "file(s) replaced, {} old file(s) or partition(s) deleted", snapshot, number, command, pending.size(),
        dropped.size(), moves.size(), replacements.size(), deletes.size());
    base = record;
    pending.clear();
    dropped.clear();
    if (!automatic) {
      done = true;
      top.closed(this);
    }
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The run folder under {@code _tmp/snapshot=S/} that holds {@code base}, or {@code base} (a staging folder). */
  private Path folderToDelete(Path base) {
    String temp = tempRoot(top, snapshot).toString() + "/";
    String path = base.toString();
    if (!path.startsWith(temp)) {
      return base;
    }
    int slash = path.indexOf('/', temp.length());
    return new Path(slash < 0 ? path : path.substring(0, slash));
  }

  /** Carries out a journal; each step can be done again, so a run killed part way is finished by the next. */
  static void apply(Warehouse top, Journal journal, Consumer<String> reached) {
    FileSystem fs = top.fs();
    String snapshot = journal.commit().snapshot();
    try {
      for (Move move : journal.moves()) {
        Path from = new Path(move.from());
        Path to = new Path(move.to());
        if (!fs.exists(from) && fs.exists(to)) {
          continue; // moved before the interruption
        }
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
          throw new IOException("could not move " + from + " to " + to);
        }
      }
      for (Entry entry : journal.commit().datasets().values()) {
        Path success = new Path(new Path(top.root(), entry.partition()), Warehouse.SUCCESS);
        if (!entry.files().isEmpty() && !fs.exists(success)) {
          fs.mkdirs(success.getParent());
          top.writeText(success, "");
        }
      }
      reached.accept("moved");
      Path commits = commitsDir(top, snapshot);
      Path record = new Path(commits, SnapshotCommit.fileName(journal.commit().number()));
      if (!fs.exists(record)) {
        top.writeTextAtomically(record, journal.commit().toJson());
      }
      LOG.info("commit: snapshot {} — commit {} recorded; replacing {} CSV copies, deleting {} old file(s)", snapshot,
          journal.commit().number(), journal.replacements().size(), journal.deletes().size());
      reached.accept("recorded");
      // from here on the new snapshot is the one readers see
      for (Move move : journal.replacements()) {
        Path from = new Path(move.from());
        Path to = new Path(move.to());
        if (!fs.exists(from)) {
          continue;
        }
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) { // rename over a file is atomic on a local disk; elsewhere it may refuse
          fs.delete(to, false);
          if (!fs.rename(from, to)) {
            throw new IOException("could not put " + from + " in place of " + to);
          }
        }
      }
      for (String delete : journal.deletes()) {
        Path path = new Path(delete);
        fs.delete(path, true);
        pruneEmpty(fs, path.getParent(), top.root());
      }
      for (String folder : journal.cleanup()) {
        fs.delete(new Path(folder), true);
      }
      pruneRecords(fs, commits);
      fs.delete(new Path(commits, JOURNAL), false);
    } catch (IOException e) {
      throw new UncheckedIOException("committing snapshot " + snapshot + " (the next run finishes it)", e);
    }
  }

  /** Deletes emptied partition sub-folders ({@code wiki_db=…}) up to, not including, the dataset's folder. */
  private static void pruneEmpty(FileSystem fs, Path folder, Path root) throws IOException {
    for (Path dir = folder; dir != null && dir.depth() > root.depth() + 1 && dir.getName().contains("=");
        dir = dir.getParent()) {
      if (!fs.exists(dir)) {
        continue;
      }
      FileStatus[] left = fs.listStatus(dir);
      boolean empty = true;
      for (FileStatus status : left) {
        String name = status.getPath().getName();
        empty &= name.equals(Warehouse.SUCCESS) || name.startsWith(".");
      }
      if (!empty) {
        return;
      }
      fs.delete(dir, true);
    }
  }

  private static void pruneRecords(FileSystem fs, Path commits) throws IOException {
    List<Long> numbers = new ArrayList<>();
    for (FileStatus status : fs.listStatus(commits)) {
      long n = SnapshotCommit.numberOf(status.getPath().getName());
      if (n >= 0) {
        numbers.add(n);
      }
    }
    numbers.sort(null);
    for (int i = 0; i < numbers.size() - KEPT_RECORDS; i++) {
      fs.delete(new Path(commits, SnapshotCommit.fileName(numbers.get(i))), false);
    }
  }

  /** Ends the run: without a commit, what it wrote is deleted and the snapshot stays as it was. */
  @Override
  public synchronized void close() {
    if (done) {
      return;
    }
    done = true;
    top.closed(this);
    if (!top.exists(new Path(commitsDir(top, snapshot), JOURNAL))) {
      try {
        top.delete(runDir());
      } catch (UncheckedIOException e) {
        LOG.warn("commit: could not delete {} ({}); the next run of snapshot {} does", runDir(), e.getMessage(),
            snapshot);
      }
    }
  }

  // ---- reading the newest record, and what a killed run left -------------------------------

  /** The newest commit record of the snapshot, or null when it has none. */
  static SnapshotCommit latest(Warehouse top, String snapshot) {
    Path commits = commitsDir(top, snapshot);
    FileSystem fs = top.fs();
    try {
      if (!fs.exists(commits)) {
        return null;
      }
      long newest = -1;
      for (FileStatus status : fs.listStatus(commits)) {
        newest = Math.max(newest, SnapshotCommit.numberOf(status.getPath().getName()));
      }
      if (newest < 0) {
        return null;
      }
      Path record = new Path(commits, SnapshotCommit.fileName(newest));
      return SnapshotCommit.fromJson(top.readText(record), record.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the commit records under " + commits, e);
    }
  }

  /**
   * Before a run (holding the snapshot's lock): finishes a commit a killed run left half done,
   * then deletes what no commit record lists — temporary folders and files moved into a partition
   * by a run killed before its record. A warehouse written before commit records had them gets
   * one that adopts its complete partitions.
   */
  static void recover(Warehouse top, String snapshot) {
    FileSystem fs = top.fs();
    Path commits = commitsDir(top, snapshot);
    Path journalPath = new Path(commits, JOURNAL);
    try {
      if (fs.exists(journalPath)) {
        Journal journal;
        try {
          journal = SnapshotCommit.JSON.readValue(top.readText(journalPath), Journal.class);
        } catch (IOException e) {
          journal = null; // written whole or not at all (renamed into place); anything else is not ours
        }
        if (journal != null) {
          LOG.info("commit: finishing commit {} of snapshot {} that an earlier run left unfinished",
              journal.commit().number(), snapshot);
          apply(top, journal, step -> { });
        } else {
          fs.delete(journalPath, false);
        }
      }
      fs.delete(tempRoot(top, snapshot), true);
      if (fs.exists(commits)) {
        for (FileStatus status : fs.listStatus(commits)) { // a record or journal whose write was cut short
          if (status.getPath().getName().endsWith(".tmp")) {
            fs.delete(status.getPath(), false);
          }
        }
      }
      Adoption.deleteLegacyTemporaries(top, snapshot);
      SnapshotCommit latest = latest(top, snapshot);
      if (latest == null) {
        latest = Adoption.adopt(top, snapshot);
      }
      Map<String, Entry> datasets = latest == null ? Map.of() : latest.datasets();
      int removed = 0;
      for (String key : Adoption.datasetKeys(top, snapshot)) {
        Path partition = new Path(new Path(top.root(), key), "snapshot=" + snapshot);
        Entry entry = datasets.get(key);
        if (entry == null) {
          fs.delete(partition, true);
          removed++;
          continue;
        }
        Set<String> listed = new LinkedHashSet<>(entry.files().stream().map(FileRef::path).toList());
        for (String file : Adoption.dataFiles(fs, partition)) {
          if (!listed.contains(file)) {
            Path path = new Path(partition, file);
            fs.delete(path, false);
            pruneEmpty(fs, path.getParent(), top.root());
            removed++;
          }
        }
      }
      if (removed > 0) {
        LOG.info("commit: snapshot {} — deleted {} file(s) or partition(s) no commit record lists (left by a killed "
            + "run)", snapshot, removed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("recovering snapshot " + snapshot + " under " + top.root(), e);
    }
  }
}
