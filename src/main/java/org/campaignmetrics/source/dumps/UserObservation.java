package org.campaignmetrics.source.dumps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What has been seen of one user: folded line by line within a staging piece
 * ({@link #observe}), written to the piece's run of observations sorted by user id
 * ({@link #write}), and merged across runs by {@link UserRuns} with the rules of
 * {@code CanonicalUsers}: per field the value of the latest observation that has one, the
 * earliest registration, creation and first-edit times, bot if any says so, temporary if any
 * says so, the latest event.
 */
final class UserObservation {
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
  /** Marks a record in a run file; a run ends with {@link #END}, so a cut-off file is noticed. */
  private static final int RECORD = 1;
  private static final int END = 0;

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

  /** Folds in one line of the piece (lines come in file order, so a tie goes to the later line). */
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

  static Long min(Long a, Long b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b < a ? b : a; // one of the two, not a new box
  }

  // ---- the run format: a marker byte, the user id, a presence mask, the present fields ------

  void write(DataOutputStream out) throws IOException {
    int mask = (lastEventTs != null ? HAS_LAST_EVENT : 0) | (name != null ? HAS_NAME : 0)
        | (centralId != null ? HAS_CENTRAL_ID : 0) | (groups != null ? HAS_GROUPS : 0)
        | (createdBy != null ? HAS_CREATED_BY : 0) | (registrationTs != null ? HAS_REGISTRATION : 0)
        | (creationTs != null ? HAS_CREATION : 0) | (firstEditTs != null ? HAS_FIRST_EDIT : 0)
        | (isBot ? IS_BOT : 0) | (isTemporary != null ? HAS_TEMPORARY : 0)
        | (Boolean.TRUE.equals(isTemporary) ? IS_TEMPORARY : 0);
    out.writeByte(RECORD);
    out.writeLong(userId);
    out.writeShort(mask);
    if (lastEventTs != null) {
      out.writeLong(lastEventTs);
    }
    if (name != null) {
      out.writeUTF(name);
    }
    if (centralId != null) {
      out.writeLong(centralId);
    }
    if (groups != null) {
      out.writeShort(groups.size());
      for (String group : groups) {
        out.writeUTF(group);
      }
    }
    if (createdBy != null) {
      out.writeUTF(createdBy);
    }
    if (registrationTs != null) {
      out.writeLong(registrationTs);
    }
    if (creationTs != null) {
      out.writeLong(creationTs);
    }
    if (firstEditTs != null) {
      out.writeLong(firstEditTs);
    }
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
    if (marker != RECORD) {
      throw new IOException("not a user observation (marker " + marker + ")");
    }
    UserObservation o = new UserObservation(in.readLong());
    int mask = in.readUnsignedShort();
    o.lastEventTs = (mask & HAS_LAST_EVENT) != 0 ? in.readLong() : null;
    o.name = (mask & HAS_NAME) != 0 ? in.readUTF() : null;
    o.centralId = (mask & HAS_CENTRAL_ID) != 0 ? in.readLong() : null;
    if ((mask & HAS_GROUPS) != 0) {
      int n = in.readUnsignedShort();
      List<String> groups = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        groups.add(in.readUTF());
      }
      o.groups = groups;
    }
    o.createdBy = (mask & HAS_CREATED_BY) != 0 ? in.readUTF() : null;
    o.registrationTs = (mask & HAS_REGISTRATION) != 0 ? in.readLong() : null;
    o.creationTs = (mask & HAS_CREATION) != 0 ? in.readLong() : null;
    o.firstEditTs = (mask & HAS_FIRST_EDIT) != 0 ? in.readLong() : null;
    o.isBot = (mask & IS_BOT) != 0;
    o.isTemporary = (mask & HAS_TEMPORARY) != 0 ? (mask & IS_TEMPORARY) != 0 : null;
    return o;
  }

  static EOFException cutOff(String what) {
    return new EOFException(what + " ends before its end marker (a staging task did not finish writing it)");
  }
}
