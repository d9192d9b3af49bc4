package org.campaignmetrics.source.replicas;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.source.mariadb.ResultSets;
import org.campaignmetrics.source.mariadb.WikiSession;

/**
 * Revisions ({@code revision_userindex}, else {@code revision}) and revisions of deleted pages
 * ({@code archive_userindex}, else {@code archive}; {@code page_is_deleted = true}) of one
 * task, as raw edit rows. Named users are read through the {@code (rev_actor, rev_timestamp,
 * rev_id)} index in keyset order; id ranges by primary key. Only {@code [from, to)} is read.
 *
 * <p>Per row: user from {@code actor} ({@code actor_user} null = an IP edit), namespace from
 * {@code page} ({@code ar_namespace} for archived rows), page creation = parent id 0, bytes diff =
 * length − the parent's length, reverted = tagged {@code mw-reverted} (MediaWiki's own revert
 * tracking). A row with an unreadable timestamp is a reject, never dropped.
 */
public final class EditsReader {
  public static final String REJECT_REASON = "reject_reason";
  public static final String RAW = "raw";

  /** What the tasks emit: the edit's own columns (user attributes are joined later) and, for a reject, why. */
  public static final StructType RAW_EDITS = new StructType()
      .add(Edits.WIKI_DB, StringType, false)
      .add(Edits.REVISION_ID, LongType)
      .add(Edits.EVENT_TS, TimestampType)
      .add(Edits.USER_ID, LongType)
      .add(Edits.USER_NAME, StringType)
      .add(Edits.USER_IS_ANONYMOUS, BooleanType)
      .add(Edits.PAGE_ID, LongType)
      .add(Edits.PAGE_NAMESPACE, IntegerType)
      .add(Edits.IS_PAGE_CREATION, BooleanType)
      .add(Edits.BYTES_DIFF, LongType)
      .add(Edits.PAGE_IS_DELETED, BooleanType)
      .add(Edits.IS_REVERTED, BooleanType)
      .add(REJECT_REASON, StringType)
      .add(RAW, StringType);

  private static final String LOWEST = "00000000000000";

  private final WikiSession session;
  private final int pageRows;
  private final String from;
  private final String to;

  public EditsReader(WikiSession session, int pageRows, Instant from, Instant to) {
    this.session = session;
    this.pageRows = pageRows;
    this.from = from == null ? LOWEST : MediaWikiTimestamps.format(from);
    this.to = MediaWikiTimestamps.format(to);
  }

  /** The columns of one archive or revision table under alias {@code t}. */
  private record Table(String name, String id, String revId, String actor, String ts, String page, String namespace,
      String parent, String len, boolean archive) {}

  private Table table(boolean archive) {
    return archive
        ? new Table(session.archiveTable(), "ar_id", "ar_rev_id", "ar_actor", "ar_timestamp", "ar_page_id",
            "t.ar_namespace", "ar_parent_id", "ar_len", true)
        : new Table(session.revisionTable(), "rev_id", "rev_id", "rev_actor", "rev_timestamp", "rev_page",
            "p.page_namespace", "rev_parent_id", "rev_len", false);
  }

  private String select(Table t) {
    String parentLength = t.archive
        ? "COALESCE((SELECT a2.ar_len FROM archive a2 WHERE a2.ar_rev_id = t.ar_parent_id LIMIT 1), "
            + "(SELECT r2.rev_len FROM revision r2 WHERE r2.rev_id = t.ar_parent_id))"
        : "pr.rev_len";
    String reverted = session.has("change_tag") && session.has("change_tag_def")
        ? "EXISTS (SELECT 1 FROM change_tag ct JOIN change_tag_def d ON d.ctd_id = ct.ct_tag_id "
            + "WHERE ct.ct_rev_id = t." + t.revId + " AND d.ctd_name = 'mw-reverted')"
        : "0";
    // STRAIGHT_JOIN: the revision table drives (its PK range or actor index gives the ORDER BY), never a filesort
    return "SELECT STRAIGHT_JOIN t." + t.id + ", t." + t.revId + ", t." + t.ts + ", t." + t.actor + ", a.actor_user, "
        + "convert(a.actor_name using utf8mb4), t." + t.page + ", " + t.namespace + ", t." + t.parent + ", t."
        + t.len + ", " + parentLength + ", " + reverted
        + " FROM " + t.name + " t JOIN actor a ON a.actor_id = t." + t.actor
        + (t.archive ? "" : " LEFT JOIN page p ON p.page_id = t.rev_page"
            + " LEFT JOIN revision pr ON pr.rev_id = t.rev_parent_id");
  }

  /** Reads the task, handing each page's rows to {@code sink}; returns the number of rows read. */
  public long read(ReplicaTask task, Consumer<List<Row>> sink) {
    Table t = table(task.kind() == ReplicaTask.Kind.ARCHIVE);
    String base = select(t) + " WHERE t." + t.ts + " >= ? AND t." + t.ts + " < ?";
    long total = 0;
    if (task.byNames()) {
      List<Long> actors = actorIds(task.names());
      if (actors.isEmpty()) {
        return 0;
      }
      String sql = base + " AND t." + t.actor + " IN " + WikiSession.placeholders(actors.size())
          + " AND (t." + t.actor + " > ? OR (t." + t.actor + " = ? AND (t." + t.ts + " > ? OR (t." + t.ts
          + " = ? AND t." + t.id + " > ?))))"
          + " ORDER BY t." + t.actor + ", t." + t.ts + ", t." + t.id + " LIMIT " + pageRows;
      long[] cursor = {-1L, 0L};
      byte[][] cursorTs = {LOWEST.getBytes(StandardCharsets.US_ASCII)};
      while (true) {
        List<Object[]> page = session.page(sql, s -> {
          int i = bindRange(s);
          for (Long actor : actors) {
            s.setLong(i++, actor);
          }
          s.setLong(i++, cursor[0]);
          s.setLong(i++, cursor[0]);
          s.setBytes(i++, cursorTs[0]);
          s.setBytes(i++, cursorTs[0]);
          s.setLong(i, cursor[1]);
        }, EditsReader::fields);
        if (page.isEmpty()) {
          break;
        }
        Object[] last = page.get(page.size() - 1);
        cursor[0] = (Long) last[3];
        cursorTs[0] = (byte[]) last[2];
        cursor[1] = (Long) last[0];
        total += emit(page, t, sink);
        if (page.size() < pageRows) {
          break;
        }
      }
    } else {
      String sql = base + " AND t." + t.id + " > ? AND t." + t.id + " <= ? ORDER BY t." + t.id + " LIMIT " + pageRows;
      long[] cursor = {task.lo()};
      while (true) {
        List<Object[]> page = session.page(sql, s -> {
          int i = bindRange(s);
          s.setLong(i++, cursor[0]);
          s.setLong(i, task.hi());
        }, EditsReader::fields);
        if (page.isEmpty()) {
          break;
        }
        cursor[0] = (Long) page.get(page.size() - 1)[0];
        total += emit(page, t, sink);
        if (page.size() < pageRows) {
          break;
        }
      }
    }
    return total;
  }

  private int bindRange(PreparedStatement s) throws SQLException {
    s.setBytes(1, from.getBytes(StandardCharsets.US_ASCII));
    s.setBytes(2, to.getBytes(StandardCharsets.US_ASCII));
    return 3;
  }

  /** The actor ids of user names (spaces, as MediaWiki stores names); unknown names have none. */
  List<Long> actorIds(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    return session.page("SELECT actor_id FROM actor WHERE actor_name IN " + WikiSession.placeholders(names.size())
        + " ORDER BY actor_id", s -> {
          for (int i = 0; i < names.size(); i++) {
            s.setString(i + 1, names.get(i));
          }
        }, rs -> rs.getLong(1));
  }

  private static Object[] fields(ResultSet rs) throws SQLException {
    return new Object[] {
        rs.getLong(1), ResultSets.nullableLong(rs, 2), rs.getBytes(3), rs.getLong(4), ResultSets.nullableLong(rs, 5), rs.getString(6),
        ResultSets.nullableLong(rs, 7), ResultSets.nullableInt(rs, 8), ResultSets.nullableLong(rs, 9), ResultSets.nullableLong(rs, 10), ResultSets.nullableLong(rs, 11),
        rs.getBoolean(12)
    };
  }

  private long emit(List<Object[]> page, Table t, Consumer<List<Row>> sink) {
    List<Row> rows = new ArrayList<>(page.size());
    String wiki = session.wiki();
    for (Object[] f : page) {
      Long revId = (Long) f[1];
      byte[] tsBytes = (byte[]) f[2];
      Instant ts = null;
      String reason = null;
      try {
        ts = MediaWikiTimestamps.parse(tsBytes);
        if (ts == null) {
          reason = "missing " + t.ts;
        }
      } catch (IllegalArgumentException e) {
        reason = "bad " + t.ts + ": '" + MediaWikiTimestamps.text(tsBytes) + "' (" + e.getMessage() + ")";
      }
      if (revId == null && reason == null) {
        reason = "missing " + t.revId;
      }
      Long userId = (Long) f[4];
      Long parent = (Long) f[8];
      Long length = (Long) f[9];
      Long parentLength = (Long) f[10];
      Long bytesDiff = length == null ? null
          : parent != null && parent == 0L ? length
          : parentLength == null ? null : length - parentLength;
      if (reason != null) {
        rows.add(RowFactory.create(wiki, revId, null, userId, null, null, null, null, null, null, null, null,
            reason, t.name + " " + t.id + "=" + f[0] + " " + t.revId + "=" + revId + " " + t.ts + "="
                + MediaWikiTimestamps.text(tsBytes)));
        continue;
      }
      rows.add(RowFactory.create(wiki, revId, ts, userId, f[5], userId == null, f[6], f[7],
          parent != null && parent == 0L, bytesDiff, t.archive, f[11], null, null));
    }
    sink.accept(rows);
    return rows.size();
  }
}
