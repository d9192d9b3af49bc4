package org.campaignmetrics.format.dumps;

import java.nio.charset.StandardCharsets;
import org.campaignmetrics.format.dumps.DumpLayout.Column;

/**
 * Decodes one line of a MediaWiki history dump
 * (https://wikitech.wikimedia.org/wiki/Analytics/Data_Lake/Edits/Mediawiki_history_dumps;
 * the writer: MediawikiEvent.scala in wikimedia/analytics-refinery-source) into
 * {@link DumpEvent}. One decoder per task: it reuses its field-offset arrays and its event.
 *
 * <p>Only the fields the canonical datasets use are parsed; an unparsable value in one of
 * them rejects the line with a reason naming the column. Other fields are not looked at, so
 * garbage in, say, {@code revision_text_sha1} does not cost a line.
 */
public final class DumpLineDecoder {
  public enum Kind { REVISION, USER, PAGE, REJECT }

  /** Thrown inside the decoder for an unparsable field; carries the reject reason. */
  private static final class BadField extends Exception {
    private static final long serialVersionUID = 1L;

    BadField(String reason) {
      super(reason, null, false, false);
    }
  }

  public static final int MAX_FIELDS = 79;
  private static final long TABS = Bytes.repeat((byte) '\t');

  private static final byte[] REVISION = "revision".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USER = "user".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAGE = "page".getBytes(StandardCharsets.US_ASCII);

  private final String expectedWiki;
  private final byte[] expectedWikiBytes;
  private final int[] starts = new int[MAX_FIELDS];
  private final int[] ends = new int[MAX_FIELDS];
  private final DumpEvent event = new DumpEvent();
  private boolean nonAscii;
  private byte[] line;
  private DumpLayout layout;
  private String rejectReason;

  /** @param expectedWiki the wiki the file is named after; a line of another wiki is rejected (null: no check) */
  public DumpLineDecoder(String expectedWiki) {
    this.expectedWiki = expectedWiki;
    this.expectedWikiBytes = expectedWiki == null ? null : expectedWiki.getBytes(StandardCharsets.UTF_8);
  }

  /** The layout of the last decoded line (null if its field count matched none). */
  public DumpLayout layout() {
    return layout;
  }

  public String rejectReason() {
    return rejectReason;
  }

  /** The event of the last decoded line; valid until the next call. */
  public DumpEvent event() {
    return event;
  }

  /** Decodes {@code bytes[0..length)}, a line without its newline. */
  public Kind decode(byte[] bytes, int length) {
    return decode(bytes, 0, length);
  }

  /** Decodes {@code bytes[offset..offset+length)}, a line without its newline. */
  public Kind decode(byte[] bytes, int offset, int length) {
    this.line = bytes;
    this.layout = null;
    this.rejectReason = null;
    event.clear();
    int fields = split(bytes, offset, offset + length);
    // only a line with a non-ASCII byte (or too many fields to have been read whole) can be bad UTF-8
    int badUtf8 = nonAscii || fields > MAX_FIELDS ? Utf8.firstInvalid(bytes, offset, offset + length) : -1;
    if (badUtf8 >= 0) {
      return reject("invalid UTF-8 at byte " + (badUtf8 - offset));
    }
    layout = DumpLayout.forFieldCount(fields);
    if (layout == null) {
      return reject("wrong field count: " + (fields > MAX_FIELDS ? "more than " + MAX_FIELDS : fields)
          + " (expected 70, 74, 76, 77 or 78)");
    }
    try {
      return decodeFields();
    } catch (BadField e) {
      return reject(e.getMessage());
    }
  }

  private Kind reject(String reason) {
    rejectReason = reason;
    return Kind.REJECT;
  }

  /**
   * Records the fields' bounds, eight bytes a step, and whether the line has a non-ASCII byte;
   * returns the field count, or {@code MAX_FIELDS + 1} as soon as there are more.
   */
  private int split(byte[] bytes, int from, int to) {
    int count = 0;
    int start = from;
    long seen = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) Bytes.LONGS.get(bytes, i);
      seen |= word;
      for (long tabs = Bytes.matches(word, TABS); tabs != 0; tabs &= tabs - 1) {
        if (count >= MAX_FIELDS - 1) {
          return MAX_FIELDS + 1;
        }
        int tab = i + (Long.numberOfTrailingZeros(tabs) >>> 3);
        starts[count] = start;
        ends[count] = tab;
        count++;
        start = tab + 1;
      }
    }
    for (; i < to; i++) {
      seen |= bytes[i]; // a byte >= 0x80 is negative: its sign fills the high bits
      if (bytes[i] == '\t') {
        if (count >= MAX_FIELDS - 1) {
          return MAX_FIELDS + 1;
        }
        starts[count] = start;
        ends[count] = i;
        count++;
        start = i + 1;
      }
    }
    nonAscii = (seen & 0x8080_8080_8080_8080L) != 0;
    starts[count] = start;
    ends[count] = to;
    return count + 1;
  }

  private Kind decodeFields() throws BadField {
    if (expectedWiki != null) {
      if (!fieldEquals(Column.WIKI_DB, expectedWikiBytes)) {
        String wiki = plain(Column.WIKI_DB);
        throw new BadField(wiki == null ? "missing wiki_db"
            : "wiki_db '" + wiki + "' does not match the file's wiki '" + expectedWiki + "'");
      }
      event.wikiDb = expectedWiki;
    } else {
      event.wikiDb = plain(Column.WIKI_DB);
      if (event.wikiDb == null) {
        throw new BadField("missing wiki_db");
      }
    }
    event.eventTs = timestamp(Column.EVENT_TIMESTAMP);
    if (fieldEquals(Column.EVENT_ENTITY, REVISION)) {
      if (event.eventTs == DumpEvent.NONE) {
        throw new BadField("missing event_timestamp");
      }
      decodeRevision();
      return Kind.REVISION;
    } else if (fieldEquals(Column.EVENT_ENTITY, USER)) {
      decodeUser();
      return Kind.USER;
    } else if (fieldEquals(Column.EVENT_ENTITY, PAGE)) {
      return Kind.PAGE;
    }
    String entity = plain(Column.EVENT_ENTITY);
    throw new BadField("unknown event_entity '" + (entity == null ? "" : entity) + "'");
  }

  /** Compares a field with ASCII bytes without making a String (most lines pass every check). */
  private boolean fieldEquals(Column column, byte[] expected) {
    int i = index(column);
    if (i < 0 || ends[i] - starts[i] != expected.length) {
      return false;
    }
    for (int k = 0; k < expected.length; k++) {
      if (line[starts[i] + k] != expected[k]) {
        return false;
      }
    }
    return true;
  }

  /** One side's user columns: the performer of an event ({@code event_user_*}) or its subject ({@code user_*}). */
  private record UserColumns(Column id, Column centralId, Column text, Column isAnonymous, Column isTemporary,
      Column isBotBy, Column isBotByHistorical, Column groups, Column createdBySelf, Column createdBySystem,
      Column createdByPeer, Column registration, Column creation, Column firstEdit) {}

  private static final UserColumns PERFORMER = new UserColumns(Column.EVENT_USER_ID, Column.EVENT_USER_CENTRAL_ID,
      Column.EVENT_USER_TEXT, Column.EVENT_USER_IS_ANONYMOUS, Column.EVENT_USER_IS_TEMPORARY,
      Column.EVENT_USER_IS_BOT_BY, Column.EVENT_USER_IS_BOT_BY_HISTORICAL, Column.EVENT_USER_GROUPS,
      Column.EVENT_USER_IS_CREATED_BY_SELF, Column.EVENT_USER_IS_CREATED_BY_SYSTEM,
      Column.EVENT_USER_IS_CREATED_BY_PEER, Column.EVENT_USER_REGISTRATION_TIMESTAMP,
      Column.EVENT_USER_CREATION_TIMESTAMP, Column.EVENT_USER_FIRST_EDIT_TIMESTAMP);
  private static final UserColumns SUBJECT = new UserColumns(Column.USER_ID, Column.USER_CENTRAL_ID, Column.USER_TEXT,
      Column.USER_IS_ANONYMOUS, Column.USER_IS_TEMPORARY, Column.USER_IS_BOT_BY, Column.USER_IS_BOT_BY_HISTORICAL,
      Column.USER_GROUPS, Column.USER_IS_CREATED_BY_SELF, Column.USER_IS_CREATED_BY_SYSTEM,
      Column.USER_IS_CREATED_BY_PEER, Column.USER_REGISTRATION_TIMESTAMP, Column.USER_CREATION_TIMESTAMP,
      Column.USER_FIRST_EDIT_TIMESTAMP);

  /** The event's user fields from one side's columns. */
  private void decodeUserFields(UserColumns c) throws BadField {
    DumpEvent e = event;
    e.userId = longValue(c.id());
    e.userCentralId = longValue(c.centralId());
    e.userName = userName(c.text());
    e.userIsAnonymous = bool(c.isAnonymous());
    e.userIsTemporary = bool(c.isTemporary());
    e.userIsBot = notEmpty(c.isBotBy()) || notEmpty(c.isBotByHistorical());
    groups(c.groups());
    e.createdBy = createdBy(c.createdBySelf(), c.createdBySystem(), c.createdByPeer());
    e.registrationTs = timestamp(c.registration());
    e.creationTs = timestamp(c.creation());
    e.firstEditTs = timestamp(c.firstEdit());
  }

  private void decodeRevision() throws BadField {
    DumpEvent e = event;
    decodeUserFields(PERFORMER);

    e.revisionId = longValue(Column.REVISION_ID);
    if (e.revisionId == DumpEvent.NONE) {
      throw new BadField("missing revision_id");
    }
    e.pageId = longValue(Column.PAGE_ID);
    e.pageNamespace = intValue(Column.PAGE_NAMESPACE_HISTORICAL);
    e.pageNamespaceIsContent = bool(Column.PAGE_NAMESPACE_IS_CONTENT_HISTORICAL);
    long parent = longValue(Column.REVISION_PARENT_ID);
    if (parent != DumpEvent.NONE) {
      e.isPageCreation = parent == 0L;
    } else {
      long firstEdit = timestamp(Column.PAGE_FIRST_EDIT_TIMESTAMP);
      e.isPageCreation = firstEdit != DumpEvent.NONE && firstEdit == e.eventTs;
    }
    e.bytesDiff = longValue(Column.REVISION_TEXT_BYTES_DIFF);
    Boolean deletedWithPage = bool(Column.REVISION_IS_DELETED_BY_PAGE_DELETION);
    Boolean pageDeleted = bool(Column.PAGE_IS_DELETED);
    e.pageIsDeleted = Boolean.TRUE.equals(deletedWithPage) || Boolean.TRUE.equals(pageDeleted);
    Boolean reverted = bool(Column.REVISION_IS_IDENTITY_REVERTED);
    e.isReverted = Boolean.TRUE.equals(reverted);
  }

  private void decodeUser() throws BadField {
    decodeUserFields(SUBJECT);
  }

  private String createdBy(Column self, Column system, Column peer) throws BadField {
    if (Boolean.TRUE.equals(bool(self))) {
      return "self";
    }
    if (Boolean.TRUE.equals(bool(system))) {
      return "system";
    }
    if (Boolean.TRUE.equals(bool(peer))) {
      return "peer";
    }
    return null;
  }

  // ---- field access -------------------------------------------------------------------

  private int index(Column column) {
    return layout.position(column);
  }

  /** A text field that the dump does not escape; null when empty or absent. */
  private String plain(Column column) {
    int i = index(column);
    if (i < 0 || starts[i] == ends[i]) {
      return null;
    }
    return new String(line, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  /**
   * An escaped text field that is a user name, as a String when it has an escape; else null,
   * and the name is the line's own bytes ({@link DumpEvent#userName()}).
   */
  private String userName(Column column) {
    int i = index(column);
    if (i < 0 || starts[i] == ends[i]) {
      return null;
    }
    for (int p = starts[i]; p < ends[i]; p++) {
      if (line[p] == '\\') {
        return TsvEscapes.unescape(new String(line, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8));
      }
    }
    event.userNameBytes = line;
    event.userNameOffset = starts[i];
    event.userNameLength = ends[i] - starts[i];
    return null; // nothing to unescape: no String per line
  }

  private boolean notEmpty(Column column) {
    int i = index(column);
    return i >= 0 && starts[i] < ends[i];
  }

  /** The groups field as the line's bytes (split only when asked: {@link DumpEvent#userGroups()}). */
  private void groups(Column column) {
    int i = index(column);
    if (i >= 0 && starts[i] < ends[i]) {
      event.userGroupsBytes = line;
      event.userGroupsOffset = starts[i];
      event.userGroupsLength = ends[i] - starts[i];
    }
  }

  /** A number, or {@link DumpEvent#NONE} when empty or absent. */
  private long longValue(Column column) throws BadField {
    int i = index(column);
    if (i < 0 || starts[i] == ends[i]) {
      return DumpEvent.NONE;
    }
    int p = starts[i];
    int end = ends[i];
    boolean negative = line[p] == '-';
    if (negative) {
      p++;
    }
    if (p == end || end - p > 19) {
      throw bad(column, i);
    }
    long value = 0;
    for (; p < end; p++) {
      int digit = line[p] - '0';
      if (digit < 0 || digit > 9) {
        throw bad(column, i);
      }
      value = value * 10 + digit;
      if (value < 0) {
        throw bad(column, i);
      }
    }
    return negative ? -value : value;
  }

  private Integer intValue(Column column) throws BadField {
    long value = longValue(column);
    if (value == DumpEvent.NONE) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw bad(column, index(column));
    }
    return (int) value;
  }

  private Boolean bool(Column column) throws BadField {
    int i = index(column);
    if (i < 0 || starts[i] == ends[i]) {
      return null;
    }
    int length = ends[i] - starts[i];
    int p = starts[i];
    if (length == 4 && line[p] == 't' && line[p + 1] == 'r' && line[p + 2] == 'u' && line[p + 3] == 'e') {
      return Boolean.TRUE;
    }
    if (length == 5 && line[p] == 'f' && line[p + 1] == 'a' && line[p + 2] == 'l' && line[p + 3] == 's'
        && line[p + 4] == 'e') {
      return Boolean.FALSE;
    }
    throw bad(column, i);
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.S…]} as UTC, in microseconds since the epoch; {@link DumpEvent#NONE} when empty. */
  private long timestamp(Column column) throws BadField {
    int i = index(column);
    if (i < 0 || starts[i] == ends[i]) {
      return DumpEvent.NONE;
    }
    long micros = DumpTimestamps.parseMicros(line, starts[i], ends[i]);
    if (micros == DumpTimestamps.INVALID) {
      throw bad(column, i);
    }
    return micros;
  }

  private BadField bad(Column column, int i) {
    int length = Math.min(ends[i] - starts[i], 60);
    String value = new String(line, starts[i], length, StandardCharsets.UTF_8);
    return new BadField("bad " + column.dumpName() + ": '" + value + "'");
  }
}
