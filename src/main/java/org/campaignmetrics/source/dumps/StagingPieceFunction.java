package org.campaignmetrics.source.dumps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.campaignmetrics.format.dumps.DumpEvent;
import org.campaignmetrics.format.dumps.DumpLineDecoder;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.IngestRejects;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;
import org.campaignmetrics.spark.SerializableHadoopConf;

/**
 * Decodes the lines of one piece and writes what they yield: the {@code edits} rows, in the
 * dataset's final layout ({@link EditsParquetWriter}); and through {@link SideOutputs} a reject
 * per bad line and last the piece's counters; and the piece's user observations, merged per user
 * and written as runs sorted by user id ({@link UserRuns}; a run whenever the map grows large,
 * so memory stays bounded). File names are fixed by the
 * piece, so a retried task overwrites what a failed attempt left.
 */
final class StagingPieceFunction implements PieceFunction<Long> {
  private static final long serialVersionUID = 1L;
  /** Users held per piece before their observations are flushed (merging later is associative). */
  static final int MAX_USERS_IN_MEMORY = 200_000;
  static final String USER_RUNS_DIR = "users";
  /** Lines between two looks at whether Spark asked the task to stop (a power of two). */
  static final long KILL_CHECK_LINES = 1 << 14;

  private final String batchDir;
  private final SerializableHadoopConf conf;

  StagingPieceFunction(String batchDir, SerializableHadoopConf conf) {
    this.batchDir = batchDir;
    this.conf = conf;
  }

  /** Where a piece's edits go: the dataset's layout, so that publishing is a rename. */
  static Path editsFile(String batchDir, DumpFile file, long pieceStart) {
    return new Path(new Path(new Path(batchDir, DumpIngest.EDITS_DIR), Edits.WIKI_DB + "=" + file.wiki()),
        "part-" + SideOutputs.key(file, pieceStart) + ".snappy.parquet");
  }

  /** Where a piece's n-th run of user observations goes: grouped by wiki for the merge. */
  static Path userRunFile(String batchDir, DumpFile file, long pieceStart, int n) {
    return new Path(new Path(userRunsDir(batchDir), Edits.WIKI_DB + "=" + file.wiki()),
        SideOutputs.key(file, pieceStart) + "-" + n + UserRuns.SUFFIX);
  }

  static Path userRunsDir(String batchDir) {
    return new Path(new Path(batchDir, SideOutputs.DIR), USER_RUNS_DIR);
  }

  /** Decodes the whole piece; returns the number of lines read. */
  @Override
  public Iterator<Long> apply(DumpFile file, long pieceStart, LineCursor lines) {
    Piece piece = new Piece(file, pieceStart, lines, new SideOutputs(conf.get(), batchDir, file, pieceStart));
    try {
      piece.run();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the staged edits of " + file.path(), e);
    }
    return List.of(piece.linesRead).iterator();
  }

  private final class Piece {
    private final DumpFile file;
    private final long pieceStart;
    private final LineCursor lines;
    private final SideOutputs sides;
    private final DumpLineDecoder decoder;
    private final LongMap<UserObservation> users = new LongMap<>();
    /** Lines per layout, by field count (a few hundred bytes: no map lookup or boxing per line). */
    private final long[] layoutCounts = new long[DumpLineDecoder.MAX_FIELDS + 1];
    private DirectParquetWriter<DumpEvent> edits;
    private long linesRead;
    private long acceptedRevision;
    private long acceptedUser;
    private long acceptedPage;
    private long rejected;
    private int runs;

    Piece(DumpFile file, long pieceStart, LineCursor lines, SideOutputs sides) {
      this.file = file;
      this.pieceStart = pieceStart;
      this.lines = lines;
      this.sides = sides;
      this.decoder = new DumpLineDecoder(file.wiki());
    }

    void run() throws IOException {
      TaskContext task = TaskContext.get(); // null when called outside a Spark task
      try {
        while (lines.next()) {
          decodeLine();
          if ((linesRead & (KILL_CHECK_LINES - 1)) == 0 && task != null) {
            task.killTaskIfInterrupted(); // the job failed elsewhere: stop writing staging files
          }
        }
      } finally {
        if (edits != null) {
          edits.close();
        }
      }
      flushUsers();
      StringBuilder layouts = new StringBuilder();
      for (int fields = 0; fields < layoutCounts.length; fields++) {
        if (layoutCounts[fields] == 0) {
          continue;
        }
        if (layouts.length() > 0) {
          layouts.append(',');
        }
        layouts.append(fields).append(':').append(layoutCounts[fields]);
      }
      sides.close();
      sides.stats(file.path(), pieceStart, linesRead, acceptedRevision, acceptedUser, acceptedPage, rejected,
          layouts.toString());
    }

    private void decodeLine() throws IOException {
      linesRead++;
      DumpLineDecoder.Kind kind = decoder.decode(lines.bytes(), lines.offset(), lines.length());
      if (decoder.layout() != null) {
        layoutCounts[decoder.layout().fieldCount()]++;
      }
      DumpEvent event = decoder.event();
      switch (kind) {
        case REVISION:
          acceptedRevision++;
          observeUser(event);
          if (edits == null) {
            edits = EditsParquetWriter.open(conf.get(), editsFile(batchDir, file, pieceStart));
          }
          edits.write(event);
          break;
        case USER:
          acceptedUser++;
          observeUser(event);
          break;
        case PAGE:
          acceptedPage++;
          break;
        default:
          rejected++;
          int cut = Math.min(lines.length(), IngestRejects.RAW_LINE_MAX_BYTES);
          sides.reject(file.path(), file.wiki(), pieceStart, linesRead, decoder.rejectReason(),
              new String(lines.bytes(), lines.offset(), cut, StandardCharsets.UTF_8));
      }
    }

    private void observeUser(DumpEvent e) {
      if (!e.hasRegisteredUser()) {
        return;
      }
      UserObservation seen = users.get(e.userId);
      if (seen == null) {
        if (users.size() >= MAX_USERS_IN_MEMORY) {
          flushUsers();
        }
        seen = new UserObservation(e.userId);
        users.put(e.userId, seen);
      }
      seen.observe(e);
    }

    /** Writes the piece's users seen so far as one run, sorted by user id. */
    private void flushUsers() {
      if (users.size() == 0) {
        return;
      }
      Path run = userRunFile(batchDir, file, pieceStart, runs++);
      try {
        UserRuns.write(run.getFileSystem(conf.get()), run, users);
      } catch (IOException e) {
        throw new UncheckedIOException("writing user observations to " + run, e);
      }
      users.clear();
    }
  }
}
