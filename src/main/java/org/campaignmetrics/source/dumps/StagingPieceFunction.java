package org.campaignmetrics.source.dumps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.IngestRejects;

/**
 * Decodes the lines of one piece into {@link StagedRows}: an edit row per revision, a reject
 * row per bad line, user observations merged per user within the piece (flushed when the map
 * grows large, so memory stays bounded), and last one counter row for the piece.
 */
final class StagingPieceFunction implements PieceFunction<Row> {
  private static final long serialVersionUID = 1L;
  /** Users held per piece before their partial rows are flushed (merging later is associative). */
  static final int MAX_USERS_IN_MEMORY = 200_000;

  private static final int I_WIKI = StagedRows.index(Edits.WIKI_DB);
  private static final int I_REVISION_ID = StagedRows.index(Edits.REVISION_ID);
  private static final int I_EVENT_TS = StagedRows.index(Edits.EVENT_TS);
  private static final int I_USER_ID = StagedRows.index(Edits.USER_ID);
  private static final int I_USER_CENTRAL_ID = StagedRows.index(Edits.USER_CENTRAL_ID);
  private static final int I_USER_NAME = StagedRows.index(Edits.USER_NAME);
  private static final int I_USER_IS_ANONYMOUS = StagedRows.index(Edits.USER_IS_ANONYMOUS);
  private static final int I_USER_IS_TEMPORARY = StagedRows.index(Edits.USER_IS_TEMPORARY);
  private static final int I_USER_IS_BOT = StagedRows.index(Edits.USER_IS_BOT);
  private static final int I_PAGE_ID = StagedRows.index(Edits.PAGE_ID);
  private static final int I_PAGE_NAMESPACE = StagedRows.index(Edits.PAGE_NAMESPACE);
  private static final int I_PAGE_NAMESPACE_IS_CONTENT = StagedRows.index(Edits.PAGE_NAMESPACE_IS_CONTENT);
  private static final int I_IS_PAGE_CREATION = StagedRows.index(Edits.IS_PAGE_CREATION);
  private static final int I_BYTES_DIFF = StagedRows.index(Edits.BYTES_DIFF);
  private static final int I_PAGE_IS_DELETED = StagedRows.index(Edits.PAGE_IS_DELETED);
  private static final int I_IS_REVERTED = StagedRows.index(Edits.IS_REVERTED);
  private static final int I_REGISTRATION_TS = StagedRows.index(StagedRows.REGISTRATION_TS);
  private static final int I_CREATION_TS = StagedRows.index(StagedRows.CREATION_TS);
  private static final int I_FIRST_EDIT_TS = StagedRows.index(StagedRows.FIRST_EDIT_TS);
  private static final int I_CREATED_BY = StagedRows.index(StagedRows.CREATED_BY);
  private static final int I_GROUPS = StagedRows.index(StagedRows.GROUPS);
  private static final int I_SOURCE_FILE = StagedRows.index(StagedRows.SOURCE_FILE);
  private static final int I_PIECE_START = StagedRows.index(StagedRows.PIECE_START);
  private static final int I_LINE_IN_PIECE = StagedRows.index(StagedRows.LINE_IN_PIECE);
  private static final int I_REASON = StagedRows.index(StagedRows.REASON);
  private static final int I_RAW_LINE = StagedRows.index(StagedRows.RAW_LINE);
  private static final int I_LINES_READ = StagedRows.index(StagedRows.LINES_READ);
  private static final int I_ACCEPTED_REVISION = StagedRows.index(StagedRows.ACCEPTED_REVISION);
  private static final int I_ACCEPTED_USER = StagedRows.index(StagedRows.ACCEPTED_USER);
  private static final int I_ACCEPTED_PAGE = StagedRows.index(StagedRows.ACCEPTED_PAGE);
  private static final int I_REJECTED = StagedRows.index(StagedRows.REJECTED);
  private static final int I_LAYOUTS = StagedRows.index(StagedRows.LAYOUTS);
  private static final int I_KIND = StagedRows.index(StagedRows.KIND);

  @Override
  public Iterator<Row> apply(DumpFile file, long pieceStart, LineCursor lines) {
    return new PieceIterator(file, pieceStart, lines);
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
    private final DumpLineDecoder decoder;
    private final Map<Long, UserObservation> users = new HashMap<>();
    private final ArrayDeque<Row> pending = new ArrayDeque<>();
    private final Map<Integer, Long> layoutCounts = new TreeMap<>();
    private long linesRead;
    private long acceptedRevision;
    private long acceptedUser;
    private long acceptedPage;
    private long rejected;
    private boolean finished;

    PieceIterator(DumpFile file, long pieceStart, LineCursor lines) {
      this.file = file;
      this.pieceStart = pieceStart;
      this.lines = lines;
      this.decoder = new DumpLineDecoder(file.wiki());
    }

    @Override
    public boolean hasNext() {
      while (pending.isEmpty() && !finished) {
        if (lines.next()) {
          decodeLine();
        } else {
          flushUsers();
          pending.add(counterRow());
          finished = true;
        }
      }
      return !pending.isEmpty();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return pending.poll();
    }

    private void decodeLine() {
      linesRead++;
      DumpLineDecoder.Kind kind = decoder.decode(lines.bytes(), lines.length());
      if (decoder.layout() != null) {
        layoutCounts.merge(decoder.layout().fieldCount(), 1L, Long::sum);
      }
      DumpEvent event = decoder.event();
      switch (kind) {
        case REVISION:
          acceptedRevision++;
          pending.add(editRow(event));
          observeUser(event);
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
          pending.add(rejectRow(decoder.rejectReason()));
      }
    }

    private Row editRow(DumpEvent e) {
      Object[] v = new Object[StagedRows.WIDTH];
      v[I_KIND] = StagedRows.EDIT;
      v[I_WIKI] = file.wiki();
      v[I_REVISION_ID] = e.revisionId;
      v[I_EVENT_TS] = instant(e.eventTs);
      v[I_USER_ID] = e.userId;
      v[I_USER_CENTRAL_ID] = e.userCentralId;
      v[I_USER_NAME] = e.userName;
      v[I_USER_IS_ANONYMOUS] = e.userIsAnonymous;
      v[I_USER_IS_TEMPORARY] = e.userIsTemporary;
      v[I_USER_IS_BOT] = e.userIsBot;
      v[I_PAGE_ID] = e.pageId;
      v[I_PAGE_NAMESPACE] = e.pageNamespace;
      v[I_PAGE_NAMESPACE_IS_CONTENT] = e.pageNamespaceIsContent;
      v[I_IS_PAGE_CREATION] = e.isPageCreation;
      v[I_BYTES_DIFF] = e.bytesDiff;
      v[I_PAGE_IS_DELETED] = e.pageIsDeleted;
      v[I_IS_REVERTED] = e.isReverted;
      return RowFactory.create(v);
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
        Object[] v = new Object[StagedRows.WIDTH];
        v[I_KIND] = StagedRows.USER;
        v[I_WIKI] = file.wiki();
        v[I_USER_ID] = entry.getKey();
        v[I_USER_CENTRAL_ID] = u.centralId;
        v[I_USER_NAME] = u.name;
        v[I_USER_IS_TEMPORARY] = u.isTemporary;
        v[I_USER_IS_BOT] = u.isBot;
        v[I_EVENT_TS] = instant(u.lastEventTs);
        v[I_REGISTRATION_TS] = instant(u.registrationTs);
        v[I_CREATION_TS] = instant(u.creationTs);
        v[I_FIRST_EDIT_TS] = instant(u.firstEditTs);
        v[I_CREATED_BY] = u.createdBy;
        v[I_GROUPS] = u.groups == null ? null : u.groups.toArray(new String[0]);
        pending.add(RowFactory.create(v));
      }
      users.clear();
    }

    private Row rejectRow(String reason) {
      Object[] v = new Object[StagedRows.WIDTH];
      v[I_KIND] = StagedRows.REJECT;
      v[I_WIKI] = file.wiki();
      v[I_SOURCE_FILE] = file.path();
      v[I_PIECE_START] = pieceStart;
      v[I_LINE_IN_PIECE] = linesRead;
      v[I_REASON] = reason;
      int cut = Math.min(lines.length(), IngestRejects.RAW_LINE_MAX_BYTES);
      v[I_RAW_LINE] = new String(lines.bytes(), 0, cut, StandardCharsets.UTF_8);
      return RowFactory.create(v);
    }

    private Row counterRow() {
      Object[] v = new Object[StagedRows.WIDTH];
      v[I_KIND] = StagedRows.STAT;
      v[I_WIKI] = file.wiki();
      v[I_SOURCE_FILE] = file.path();
      v[I_PIECE_START] = pieceStart;
      v[I_LINES_READ] = linesRead;
      v[I_ACCEPTED_REVISION] = acceptedRevision;
      v[I_ACCEPTED_USER] = acceptedUser;
      v[I_ACCEPTED_PAGE] = acceptedPage;
      v[I_REJECTED] = rejected;
      StringBuilder layouts = new StringBuilder();
      for (Map.Entry<Integer, Long> entry : layoutCounts.entrySet()) {
        if (layouts.length() > 0) {
          layouts.append(',');
        }
        layouts.append(entry.getKey()).append(':').append(entry.getValue());
      }
      v[I_LAYOUTS] = layouts.toString();
      return RowFactory.create(v);
    }
  }

  /** What a piece has seen of one user; merged later by {@code CanonicalUsers} with the same rules. */
  private static final class UserObservation {
    Long lastEventTs;
    String name;
    Long centralId;
    java.util.List<String> groups;
    String createdBy;
    Long registrationTs;
    Long creationTs;
    Long firstEditTs;
    boolean isBot;
    Boolean isTemporary;

    void observe(DumpEvent e) {
      boolean latest = lastEventTs == null || (e.eventTs != null && e.eventTs >= lastEventTs);
      if (latest) {
        lastEventTs = e.eventTs != null ? e.eventTs : lastEventTs;
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
