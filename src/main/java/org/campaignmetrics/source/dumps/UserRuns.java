package org.campaignmetrics.source.dumps;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Runs of user observations: each a file of {@link UserObservation}s sorted by user id, written
 * by a staging piece whenever it flushes its users; and their merge into one row per user,
 * a streaming k-way merge whose memory does not grow with the number of users (runs beyond
 * {@link #FAN_IN} are merged in rounds through intermediate runs).
 */
final class UserRuns {
  /** Runs read at once; more are merged in rounds. */
  static final int FAN_IN = 128;
  static final String SUFFIX = ".bin";
  private static final int BUFFER = 1 << 16;

  private UserRuns() {}

  /** Writes the users of the map as one run, sorted by user id. */
  static void write(FileSystem fs, Path path, LongMap<UserObservation> users) throws IOException {
    long[] ids = users.keys();
    Arrays.sort(ids);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(path, true), BUFFER))) {
      for (long id : ids) {
        users.get(id).write(out);
      }
      UserObservation.writeEnd(out);
    }
  }

  /**
   * Merges the runs into one observation per user, passed to {@code sink} in user id order.
   * Intermediate runs, when there are more than {@link #FAN_IN}, go under {@code scratch}
   * (deleted afterwards). Returns the number of users.
   */
  static long merge(FileSystem fs, List<Path> runs, Path scratch, Consumer<UserObservation> sink)
      throws IOException {
    List<Path> level = new ArrayList<>(runs);
    int round = 0;
    try {
      while (level.size() > FAN_IN) {
        List<Path> next = new ArrayList<>();
        for (int from = 0; from < level.size(); from += FAN_IN) {
          List<Path> group = level.subList(from, Math.min(level.size(), from + FAN_IN));
          Path merged = new Path(scratch, "round-" + round + "-" + from + SUFFIX);
          try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(merged, true), BUFFER))) {
            mergeOnce(fs, group, user -> {
              try {
                user.write(out);
              } catch (IOException e) {
                throw new UncheckedIOException("writing " + merged, e);
              }
            });
            UserObservation.writeEnd(out);
          }
          next.add(merged);
        }
        level = next;
        round++;
      }
      return mergeOnce(fs, level, sink);
    } finally {
      if (round > 0) {
        fs.delete(scratch, true);
      }
    }
  }

  private static long mergeOnce(FileSystem fs, List<Path> runs, Consumer<UserObservation> sink) throws IOException {
    PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> a.current.userId != b.current.userId
        ? Long.compare(a.current.userId, b.current.userId) : Integer.compare(a.index, b.index));
    List<Cursor> open = new ArrayList<>();
    try {
      for (int i = 0; i < runs.size(); i++) {
        Cursor cursor = new Cursor(fs, runs.get(i), i);
        open.add(cursor);
        if (cursor.advance()) {
          queue.add(cursor);
        }
      }
      long users = 0;
      Merge merge = new Merge();
      while (!queue.isEmpty()) {
        Cursor head = queue.poll();
        merge.start(head.current.userId);
        while (true) {
          merge.add(head.current);
          if (head.advance()) {
            queue.add(head);
          }
          if (queue.isEmpty() || queue.peek().current.userId != merge.user.userId) {
            break;
          }
          head = queue.poll();
        }
        sink.accept(merge.user);
        users++;
      }
      return users;
    } finally {
      for (Cursor cursor : open) {
        cursor.close();
      }
    }
  }

  /** One run being read. */
  private static final class Cursor implements Closeable {
    private final Path path;
    private final DataInputStream in;
    final int index;
    UserObservation current;

    Cursor(FileSystem fs, Path path, int index) throws IOException {
      this.path = path;
      this.in = new DataInputStream(new BufferedInputStream(fs.open(path, BUFFER), BUFFER));
      this.index = index;
    }

    boolean advance() throws IOException {
      try {
        current = UserObservation.read(in);
      } catch (EOFException e) {
        throw UserObservation.cutOff(path.toString());
      }
      return current != null;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * The observations of one user folded together. Per field, the value comes from the latest
   * observation (by its {@code lastEventTs}) that has one; observations without a time give
   * none (as {@code max_by} skips a null ordering); a tie goes to the earlier run.
   */
  static final class Merge {
    UserObservation user;
    private long nameTs;
    private long centralIdTs;
    private long groupsTs;
    private long createdByTs;

    void start(long userId) {
      user = new UserObservation(userId);
      nameTs = UserObservation.NONE;
      centralIdTs = UserObservation.NONE;
      groupsTs = UserObservation.NONE;
      createdByTs = UserObservation.NONE;
    }

    void add(UserObservation o) {
      UserObservation u = user;
      long ts = o.lastEventTs;
      if (ts != UserObservation.NONE) { // NONE is below every time: "ts > NONE" holds for the first
        if (o.name != null && ts > nameTs) {
          u.name = o.name;
          nameTs = ts;
        }
        if (o.centralId != UserObservation.NONE && ts > centralIdTs) {
          u.centralId = o.centralId;
          centralIdTs = ts;
        }
        if (o.groups != null && ts > groupsTs) {
          u.groups = o.groups;
          groupsTs = ts;
        }
        if (o.createdBy != null && ts > createdByTs) {
          u.createdBy = o.createdBy;
          createdByTs = ts;
        }
        if (ts > u.lastEventTs) {
          u.lastEventTs = ts;
        }
      }
      u.registrationTs = UserObservation.min(u.registrationTs, o.registrationTs);
      u.creationTs = UserObservation.min(u.creationTs, o.creationTs);
      u.firstEditTs = UserObservation.min(u.firstEditTs, o.firstEditTs);
      u.isBot |= o.isBot;
      if (o.isTemporary != null) {
        u.isTemporary = Boolean.TRUE.equals(u.isTemporary) || o.isTemporary;
      }
    }
  }
}
