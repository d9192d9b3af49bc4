package org.campaignmetrics.source.dumps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.IngestRejects;

/**
 * Decodes the lines of one piece and writes what they yield: the {@code edits} rows, in the
 * dataset's final layout ({@link EditsParquetWriter}); and through {@link SideOutputs} a reject
 * per bad line, user observations merged per user within the piece (flushed when the map grows
 * large, so memory stays bounded), and last the piece's counters. File names are fixed by the
 * piece, so a retried task overwrites what a failed attempt left.
 */
final class StagingPieceFunction implements PieceFunction<Long> {
  private static final long serialVersionUID = 1L;
  /** Users held per piece before their observations are flushed (merging later is associative). */
  static final int MAX_USERS_IN_MEMORY = 200_000;

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
    private final Map<Integer, Long> layoutCounts = new TreeMap<>();
    private EditsParquetWriter edits;
    private long linesRead;
    private long acceptedRevision;
    private long acceptedUser;
    private long acceptedPage;
    private long rejected;

    Piece(DumpFile file, long pieceStart, LineCursor lines, SideOutputs sides) {
      this.file = file;
      this.pieceStart = pieceStart;
      this.lines = lines;
      this.sides = sides;
      this.decoder = new DumpLineDecoder(file.wiki());
    }

    void run() throws IOException {
      try {
        while (lines.next()) {
          decodeLine();
        }
      } finally {
        if (edits != null) {
          edits.close();
        }
      }
      flushUsers();
      StringBuilder layouts = new StringBuilder();
      for (Map.Entry<Integer, Long> entry : layoutCounts.entrySet()) {
        if (layouts.length() > 0) {
          layouts.append(',');
        }
        layouts.append(entry.getKey()).append(':').append(entry.getValue());
      }
      sides.close();
      sides.stats(file.path(), pieceStart, linesRead, acceptedRevision, acceptedUser, acceptedPage, rejected,
          layouts.toString());
    }

    private void decodeLine() throws IOException {
      linesRead++;
      DumpLineDecoder.Kind kind = decoder.decode(lines.bytes(), lines.offset(), lines.length());
      if (decoder.layout() != null) {
        layoutCounts.merge(decoder.layout().fieldCount(), 1L, Long::sum);
      }
      DumpEvent event = decoder.event();
      switch (kind) {
        case REVISION:
          acceptedRevision++;
          observeUser(event);
          if (edits == null) {
            edits = new EditsParquetWriter(conf.get(), editsFile(batchDir, file, pieceStart));
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

    private void flushUsers() {
      users.forEachValue(u -> sides.user(file.wiki(), u.userId, u.name, u.centralId, u.lastEventTs,
          u.registrationTs, u.creationTs, u.firstEditTs, u.createdBy, u.groups, u.isBot, u.isTemporary));
      users.clear();
    }
  }

  /** What a piece has seen of one user; merged later by {@code CanonicalUsers} with the same rules. */
  private static final class UserObservation {
    final long userId;
    Long lastEventTs;
    String name;
    Long centralId;
    List<String> groups;
    String createdBy;
    Long registrationTs;
    Long creationTs;
    Long firstEditTs;
    boolean isBot;
    Boolean isTemporary;

    UserObservation(long userId) {
      this.userId = userId;
    }

    void observe(DumpEvent e) {
      boolean latest = lastEventTs == null || (e.eventTs != null && e.eventTs >= lastEventTs);
      if (latest && e.eventTs != null) {
        lastEventTs = e.eventTs;
      }
      if (e.userName != null && (latest || name == null)) {
        name = e.userName;
      }
      if (e.userCentralId != null && (latest || centralId == null)) {
        centralId = e.userCentralId;
      }
      if (e.userGroups != null && (latest || groups == null)) {
        groups = e.userGroups;
      }
      if (e.createdBy != null && (latest || createdBy == null)) {
        createdBy = e.createdBy;
      }
      registrationTs = min(registrationTs, e.registrationTs);
      creationTs = min(creationTs, e.creationTs);
      firstEditTs = min(firstEditTs, e.firstEditTs);
      isBot |= e.userIsBot;
      if (e.userIsTemporary != null) {
        isTemporary = Boolean.TRUE.equals(isTemporary) || e.userIsTemporary;
      }
    }

    private static Long min(Long a, Long b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return Math.min(a, b);
    }
  }
}
