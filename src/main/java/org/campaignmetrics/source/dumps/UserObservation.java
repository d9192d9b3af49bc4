package org.campaignmetrics.source.dumps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.campaignmetrics.format.dumps.DumpEvent;
import org.campaignmetrics.format.dumps.TsvEscapes;

/**
 * What has been seen of one user: folded line by line within a staging piece
 * ({@link #observe}), written to the piece's run of observations sorted by user id
 * ({@link #write}), and merged across runs by {@link UserRuns} with the rules of
 * {@code CanonicalUsers}: per field the value of the latest observation that has one, the
 * earliest registration, creation and first-edit times, bot if any says so, temporary if any
 * says so, the latest event.
 *
 * <p>Held compactly, since a piece folds every line of a user into one of these: times and the
 * central id as {@code long}s ({@link #NONE} when absent), the name as its UTF-8 bytes and the
 * groups as the dump's field itself (escaped, joined by commas), each replaced only when a line
 * brings a different value. The groups are split into a list once per user, when written out
 * ({@link #groupList}).
 */
final class UserObservation {
  /** An absent time or central id (no dump value parses to it: {@link DumpTimestamps#INVALID}, and ids overflow first). */
  static final long NONE = DumpEvent.NONE;

  private static final int HAS_LAST_EVENT = 1;
  private static final int HAS_NAME = 1 << 1;
  private static final int HAS_CENTRAL_ID = 1 << 2;
  private static final int HAS_GROUPS = 1 << 3;
  private static final int HAS_CREATED_BY = 1 << 4;
  private static final int HAS_REGISTRATION = 1 << 5;
  private static final int HAS_CREATION = 1 << 6;
  private static final int HAS_FIRST_EDIT = 1 << 7;
  private static final int IS_BOT = 1 << 8;
  private static final int HAS_TEMPORARY = 1 << 9;
  private static final int IS_TEMPORARY = 1 << 10;
  /**
   * Marks a record in a run file; a run ends with {@link #END}, so a cut-off file is noticed.
   * {@link #RECORD} is the format before names and groups were kept as bytes (strings and a list
   * of strings): still read, so that runs staged by an earlier version merge.
   */
  private static final int RECORD = 1;
  private static final int RECORD_BYTES = 2;
  private static final int END = 0;

  final long userId;
  long lastEventTs = NONE;
  /** UTF-8; null when absent. */
  byte[] name;
  long centralId = NONE;
  /** The dump's {@code user_groups} field as written (escaped, joined by commas); null when absent. */
  byte[] groups;
  String createdBy;
  long registrationTs = NONE;
  long creationTs = NONE;
  long firstEditTs = NONE;
  boolean isBot;
  Boolean isTemporary;

  UserObservation(long userId) {
    this.userId = userId;
  }

  /** Folds in one line of the piece (lines come in file order, so a tie goes to the later line). */
  void observe(DumpEvent e) {
    long eventTs = e.eventTs;
    boolean latest = lastEventTs == NONE || (eventTs != NONE && eventTs >= lastEventTs);
    if (latest && eventTs != NONE) {
      lastEventTs = eventTs;
    }
    if (latest || name == null) {
      if (e.userNameBytes != null) {
        name = keep(name, e.userNameBytes, e.userNameOffset, e.userNameLength);
      } else if (e.userName != null) {
        byte[] utf8 = e.userName.getBytes(StandardCharsets.UTF_8);
        name = keep(name, utf8, 0, utf8.length);
      }
    }
    if (e.userCentralId != NONE && (latest || centralId == NONE)) {
      centralId = e.userCentralId;
    }
    if (e.userGroupsBytes != null && (latest || groups == null)) {
      groups = keep(groups, e.userGroupsBytes, e.userGroupsOffset, e.userGroupsLength);
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

  /** {@code kept} if it already holds {@code bytes[offset..+length)}, else a copy of those bytes. */
  private static byte[] keep(byte[] kept, byte[] bytes, int offset, int length) {
    if (kept != null && Arrays.equals(kept, 0, kept.length, bytes, offset, offset + length)) {
      return kept;
    }
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** The earlier of two times, either of which may be {@link #NONE}. */
  static long min(long a, long b) {
    if (a == NONE) {
      return b;
    }
    if (b == NONE) {
      return a;
    }
    return Math.min(a, b);
  }

  /** The name as a String, or null. */
  String nameString() {
    return name == null ? null : new String(name, StandardCharsets.UTF_8);
  }

  /** The groups as the list {@code users.groups} holds (the dump's unescaping), or null. */
  List<String> groupList() {
    if (groups == null) {
      return null;
    }
    if (groups.length == 0) {
      return List.of();
    }
    return TsvEscapes.splitArray(groups, 0, groups.length);
  }

  /** The dump's form of a list of groups ({@link TsvEscapes#formatArray}); an empty list is kept empty. */
  static byte[] groupsField(List<String> list) {
    return list == null ? null : TsvEscapes.formatArray(list).getBytes(StandardCharsets.UTF_8);
  }

  /** A time or id, or null for {@link #NONE}. */
  static Long boxed(long value) {
    return value == NONE ? null : value;
  }

  // ---- the run format: a marker byte, the user id, a presence mask, the present fields ------

  void write(DataOutputStream out) throws IOException {
    int mask = (lastEventTs != NONE ? HAS_LAST_EVENT : 0) | (name != null ? HAS_NAME : 0)
        | (centralId != NONE ? HAS_CENTRAL_ID : 0) | (groups != null ? HAS_GROUPS : 0)
        | (createdBy != null ? HAS_CREATED_BY : 0) | (registrationTs != NONE ? HAS_REGISTRATION : 0)
        | (creationTs != NONE ? HAS_CREATION : 0) | (firstEditTs != NONE ? HAS_FIRST_EDIT : 0)
        | (isBot ? IS_BOT : 0) | (isTemporary != null ? HAS_TEMPORARY : 0)
        | (Boolean.TRUE.equals(isTemporary) ? IS_TEMPORARY : 0);
    out.writeByte(RECORD_BYTES);
    out.writeLong(userId);
    out.writeShort(mask);
    if (lastEventTs != NONE) {
      out.writeLong(lastEventTs);
    }
    if (name != null) {
      writeBytes(out, name);
    }
    if (centralId != NONE) {
      out.writeLong(centralId);
    }
    if (groups != null) {
      writeBytes(out, groups);
    }
    if (createdBy != null) {
      out.writeUTF(createdBy);
    }
    if (registrationTs != NONE) {
      out.writeLong(registrationTs);
    }
    if (creationTs != NONE) {
      out.writeLong(creationTs);
    }
    if (firstEditTs != NONE) {
      out.writeLong(firstEditTs);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("not a user observation (length " + length + ")");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  static void writeEnd(DataOutputStream out) throws IOException {
    out.writeByte(END);
  }

  /** The next observation of a run, or null at its end marker; EOFException if the run is cut off. */
  static UserObservation read(DataInputStream in) throws IOException {
    int marker = in.readUnsignedByte();
    if (marker == END) {
      return null;
    }
    if (marker != RECORD_BYTES && marker != RECORD) {
      throw new IOException("not a user observation (marker " + marker + ")");
    }
    boolean strings = marker == RECORD;
    UserObservation o = new UserObservation(in.readLong());
    int mask = in.readUnsignedShort();
    o.lastEventTs = (mask & HAS_LAST_EVENT) != 0 ? in.readLong() : NONE;
    if ((mask & HAS_NAME) != 0) {
      o.name = strings ? in.readUTF().getBytes(StandardCharsets.UTF_8) : readBytes(in);
    }
    o.centralId = (mask & HAS_CENTRAL_ID) != 0 ? in.readLong() : NONE;
    if ((mask & HAS_GROUPS) != 0) {
      if (strings) {
        int n = in.readUnsignedShort();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(in.readUTF());
        }
        o.groups = groupsField(list);
      } else {
        o.groups = readBytes(in);
      }
    }
    o.createdBy = (mask & HAS_CREATED_BY) != 0 ? in.readUTF() : null;
    o.registrationTs = (mask & HAS_REGISTRATION) != 0 ? in.readLong() : NONE;
    o.creationTs = (mask & HAS_CREATION) != 0 ? in.readLong() : NONE;
    o.firstEditTs = (mask & HAS_FIRST_EDIT) != 0 ? in.readLong() : NONE;
    o.isBot = (mask & IS_BOT) != 0;
    o.isTemporary = (mask & HAS_TEMPORARY) != 0 ? (mask & IS_TEMPORARY) != 0 : null;
    return o;
  }

  static EOFException cutOff(String what) {
    return new EOFException(what + " ends before its end marker (a staging task did not finish writing it)");
  }
}
