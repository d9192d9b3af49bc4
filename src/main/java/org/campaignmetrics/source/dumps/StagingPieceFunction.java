package org.campaignmetrics.source.dumps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.IngestRejects;

/**
 * Decodes the lines of one piece: an {@code edits} row per revision (the task's output, in
 * the dataset's final schema), and through {@link SideOutputs} a reject per bad line, user
 * observations merged per user within the piece (flushed when the map grows large, so memory
 * stays bounded), and last the piece's counters.
 */
final class StagingPieceFunction implements PieceFunction<Row> {
  private static final long serialVersionUID = 1L;
  /** Users held per piece before their observations are flushed (merging later is associative). */
  static final int MAX_USERS_IN_MEMORY = 200_000;

  private final String batchDir;
  private final SerializableHadoopConf conf;

  StagingPieceFunction(String batchDir, SerializableHadoopConf conf) {
    this.batchDir = batchDir;
    this.conf = conf;
  }

  @Override
  public Iterator<Row> apply(DumpFile file, long pieceStart, LineCursor lines) {
    return new PieceIterator(file, pieceStart, lines, new SideOutputs(conf.get(), batchDir, file, pieceStart));
  }

  static Instant instant(Long micros) {
    if (micros == null) {
      return null;
    }
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  private static final class PieceIterator implements Iterator<Row> {
    private final DumpFile file;
    private final long pieceStart;
    private final LineCursor lines;
    private final SideOutputs sides;
    private final DumpLineDecoder decoder;
    private final Map<Long, UserObservation> users = new HashMap<>();
    private final Map<Integer, Long> layoutCounts = new TreeMap<>();
    private Row next;
    private long linesRead;
    private long acceptedRevision;
    private long acceptedUser;
    private long acceptedPage;
    private long rejected;
    private boolean finished;

    PieceIterator(DumpFile file, long pieceStart, LineCursor lines, SideOutputs sides) {
      this.file = file;
      this.pieceStart = pieceStart;
      this.lines = lines;
      this.sides = sides;
      this.decoder = new DumpLineDecoder(file.wiki());
    }

    @Override
    public boolean hasNext() {
      while (next == null && !finished) {
        if (lines.next()) {
          next = decodeLine();
        } else {
          finish();
        }
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = next;
      next = null;
      return row;
    }

    private void finish() {
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
      finished = true;
    }

    /** The edit row of the line, or null when it yields none. */
    private Row decodeLine() {
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
          return editRow(event);
        case USER:
          acceptedUser++;
          observeUser(event);
          return null;
        case PAGE:
          acceptedPage++;
          return null;
        default:
          rejected++;
          int cut = Math.min(lines.length(), IngestRejects.RAW_LINE_MAX_BYTES);
          sides.reject(file.path(), file.wiki(), pieceStart, linesRead, decoder.rejectReason(),
              new String(lines.bytes(), lines.offset(), cut, StandardCharsets.UTF_8));
          return null;
      }
    }

    /** In {@link Edits#SCHEMA} order: the data columns, then wiki_db. */
    private Row editRow(DumpEvent e) {
      return RowFactory.create(e.revisionId, instant(e.eventTs), e.userId, e.userCentralId, e.userName,
          e.userIsAnonymous, e.userIsTemporary, e.userIsBot, e.pageId, e.pageNamespace, e.pageNamespaceIsContent,
          e.isPageCreation, e.bytesDiff, e.pageIsDeleted, e.isReverted, file.wiki());
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
        seen = new UserObservation();
        users.put(e.userId, seen);
      }
      seen.observe(e);
    }

    private void flushUsers() {
      for (Map.Entry<Long, UserObservation> entry : users.entrySet()) {
        UserObservation u = entry.getValue();
        sides.user(file.wiki(), entry.getKey(), u.name, u.centralId, u.lastEventTs, u.registrationTs, u.creationTs,
            u.firstEditTs, u.createdBy, u.groups, u.isBot, u.isTemporary);
      }
      users.clear();
    }
  }

  /** What a piece has seen of one user; merged later by {@code CanonicalUsers} with the same rules. */
  private static final class UserObservation {
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
