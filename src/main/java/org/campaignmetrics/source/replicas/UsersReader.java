package org.campaignmetrics.source.replicas;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.source.mariadb.WikiSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code users} rows of one task: {@code user} (id, name, {@code user_registration},
 * {@code user_is_temp} where the column exists, else the {@code ~} name prefix of temporary
 * accounts), current groups from {@code user_groups}, bot if in group {@code bot} now or in
 * {@code user_former_groups}, or by the dumps' name rule {@code (?i)^.*bot([^a-z].*$|$)};
 * creation time and creator from the earliest {@code newusers} log entry of the user's page
 * (create/newusers = self, autocreate = system, create2/byemail = peer); first edit and last
 * event from the user's revisions and archived revisions before the data horizon (index
 * lookups on the actor). {@code user_central_id} is filled in later from CentralAuth.
 */
public final class UsersReader {
  static final Pattern BOT_NAME = Pattern.compile("(?i)^.*bot([^a-z].*$|$)");

  private final WikiSession session;
  private final int pageRows;
  private final byte[] horizon;

  public UsersReader(WikiSession session, int pageRows, Instant horizon) {
    this.session = session;
    this.pageRows = pageRows;
    this.horizon = MediaWikiTimestamps.format(horizon).getBytes(StandardCharsets.US_ASCII);
  }

  private String select() {
    String rev = session.revisionTable();
    String ar = session.archiveTable();
    String temp = session.hasUserIsTemp() ? "u.user_is_temp" : "(u.user_name LIKE '~%')";
    return "SELECT u.user_id, convert(u.user_name using utf8mb4), u.user_registration, " + temp + ", "
        + "(SELECT GROUP_CONCAT(convert(g.ug_group using utf8mb4) ORDER BY g.ug_group SEPARATOR '\\t') "
        + "FROM user_groups g WHERE g.ug_user = u.user_id), "
        + "EXISTS (SELECT 1 FROM user_former_groups f WHERE f.ufg_user = u.user_id AND f.ufg_group = 'bot'), "
        + "(SELECT MIN(r.rev_timestamp) FROM " + rev + " r WHERE r.rev_actor = a.actor_id AND r.rev_timestamp < ?), "
        + "(SELECT MAX(r.rev_timestamp) FROM " + rev + " r WHERE r.rev_actor = a.actor_id AND r.rev_timestamp < ?), "
        + "(SELECT MIN(x.ar_timestamp) FROM " + ar + " x WHERE x.ar_actor = a.actor_id AND x.ar_timestamp < ?), "
        + "(SELECT MAX(x.ar_timestamp) FROM " + ar + " x WHERE x.ar_actor = a.actor_id AND x.ar_timestamp < ?) "
        + "FROM user u LEFT JOIN actor a ON a.actor_user = u.user_id";
  }

  private record Account(long id, String name, byte[] registration, boolean temporary, String groups,
      boolean formerBot, byte[] revFirst, byte[] revLast, byte[] arFirst, byte[] arLast) {}

  public long read(ReplicaTask task, Consumer<List<Row>> sink) {
    long total = 0;
    if (task.byNames()) {
      if (task.names().isEmpty()) {
        return 0;
      }
      List<Account> page = session.page(select() + " WHERE u.user_name IN "
          + WikiSession.placeholders(task.names().size()) + " ORDER BY u.user_id", s -> {
            int i = bindHorizon(s);
            for (String name : task.names()) {
              s.setString(i++, name);
            }
          }, UsersReader::account);
      return emit(page, sink);
    }
    String sql = select() + " WHERE u.user_id > ? AND u.user_id <= ? ORDER BY u.user_id LIMIT " + pageRows;
    long[] cursor = {task.lo()};
    while (true) {
      List<Account> page = session.page(sql, s -> {
        int i = bindHorizon(s);
        s.setLong(i++, cursor[0]);
        s.setLong(i, task.hi());
      }, UsersReader::account);
      if (page.isEmpty()) {
        break;
      }
      cursor[0] = page.get(page.size() - 1).id();
      total += emit(page, sink);
      if (page.size() < pageRows) {
        break;
      }
    }
    return total;
  }

  private int bindHorizon(PreparedStatement s) throws SQLException {
    for (int i = 1; i <= 4; i++) {
      s.setBytes(i, horizon);
    }
    return 5;
  }

  private static Account account(ResultSet rs) throws SQLException {
    return new Account(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBoolean(4), rs.getString(5),
        rs.getBoolean(6), rs.getBytes(7), rs.getBytes(8), rs.getBytes(9), rs.getBytes(10));
  }

  private record Creation(Instant at, String action) {}

  /** The earliest newusers entry per user page title (names with underscores). */
  private Map<String, Creation> creations(List<Account> accounts) {
    Map<String, Creation> byTitle = new HashMap<>();
    if (accounts.isEmpty()) {
      return byTitle;
    }
    List<String> titles = accounts.stream().map(a -> a.name().replace(' ', '_')).toList();
    List<Object[]> rows = session.page("SELECT convert(l.log_title using utf8mb4), convert(l.log_action using utf8mb4), "
        + "l.log_timestamp FROM " + session.loggingTable() + " l WHERE l.log_type = 'newusers' AND l.log_namespace = 2 "
        + "AND l.log_title IN " + WikiSession.placeholders(titles.size()) + " AND l.log_timestamp < ? "
        + "ORDER BY l.log_timestamp, l.log_id", s -> {
          int i = 1;
          for (String title : titles) {
            s.setString(i++, title);
          }
          s.setBytes(i, horizon);
        }, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)});
    for (Object[] row : rows) {
      Instant at = timestamp((byte[]) row[2]);
      if (at != null) {
        byTitle.putIfAbsent((String) row[0], new Creation(at, (String) row[1]));
      }
    }
    return byTitle;
  }

  private long emit(List<Account> accounts, Consumer<List<Row>> sink) {
    Map<String, Creation> creations = creations(accounts);
    List<Row> rows = new ArrayList<>(accounts.size());
    for (Account a : accounts) {
      Creation creation = creations.get(a.name().replace(' ', '_'));
      List<String> groups = a.groups() == null || a.groups().isEmpty() ? null : Arrays.asList(a.groups().split("\t"));
      Object groupsValue = groups == null ? null : CollectionConverters.asScala(groups).toSeq();
      boolean bot = groups != null && groups.contains("bot") || a.formerBot() || BOT_NAME.matcher(a.name()).matches();
      Instant firstEdit = min(timestamp(a.revFirst()), timestamp(a.arFirst()));
      Instant lastEvent = max(max(timestamp(a.revLast()), timestamp(a.arLast())),
          creation == null ? null : creation.at());
      rows.add(RowFactory.create(a.id(), a.name(), null, timestamp(a.registration()),
          creation == null ? null : creation.at(), firstEdit, creation == null ? null : createdBy(creation.action()),
          groupsValue, bot, a.temporary(), lastEvent, session.wiki()));
    }
    sink.accept(rows);
    return rows.size();
  }

  static String createdBy(String action) {
    if (action == null) {
      return null;
    }
    return switch (action) {
      case "create", "newusers" -> "self";
      case "autocreate" -> "system";
      case "create2", "byemail" -> "peer";
      default -> null;
    };
  }

  /** A timestamp the users query read; an unreadable one counts as unknown (users carry no rejects). */
  private static Instant timestamp(byte[] value) {
    return MediaWikiTimestamps.parseOrNull(value);
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
