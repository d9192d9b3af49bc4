package org.campaignmetrics.source.replicas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.testing.DumpFixtures;

/**
 * One small wiki history (enwiki), written both as MediaWiki history dump lines and as rows of
 * the MediaWiki tables (+ CentralAuth), so the two sources can be compared. Covers a newcomer,
 * an account created by a peer, a bot by name and group, a bot only by a former group, an
 * auto-created account, a temporary account, an IP edit, a reverted edit, a talk page, a deleted
 * page (archive) and an edit after the range a campaign needs.
 */
final class FixtureHistory {
  static final String WIKI = "enwiki";

  record User(long id, String name, Long centralId, String registration, String creationAction, String[] groups,
      boolean formerBot, boolean temporary) {
    long actor() {
      return 10 + id;
    }
  }

  record Page(long id, int namespace, String title) {}

  record Revision(long id, long page, long actor, String ts, long length, long parent, boolean reverted,
      boolean archived) {}

  static final List<User> USERS = List.of(
      new User(1, "Alice", 101L, "20210820100000", "create", new String[0], false, false),
      new User(2, "Bob", 102L, "20150101000000", "create2", new String[] {"sysop"}, false, false),
      new User(3, "ExampleBot", 103L, "20180101000000", "create", new String[] {"bot"}, false, false),
      new User(4, "Carol", 104L, "20190101000000", "autocreate", new String[0], true, false),
      new User(5, "~2025-00001-01", null, "20250101000000", "create", new String[0], false, true));
  static final long IP_ACTOR = 20;
  static final String IP = "192.0.2.1";

  static final List<Page> PAGES = List.of(new Page(100, 0, "Foo"), new Page(101, 1, "Foo"),
      new Page(102, 0, "Deleted_page"));

  static final List<Revision> REVISIONS = List.of(
      new Revision(1000, 100, 11, "20210905100000", 100, 0, false, false),
      new Revision(1001, 100, 12, "20210906100000", 150, 1000, false, false),
      new Revision(1002, 100, IP_ACTOR, "20210907100000", 90, 1001, true, false),
      new Revision(1003, 101, 11, "20211215100000", 40, 0, false, false),
      new Revision(1004, 100, 13, "20220101000000", 150, 1002, false, false),
      new Revision(1005, 100, 14, "20220301000000", 170, 1004, false, false),
      new Revision(1006, 101, 15, "20250601000000", 55, 1003, false, false),
      new Revision(1007, 102, 11, "20220110000000", 30, 0, false, true),
      new Revision(1008, 102, 12, "20220111000000", 35, 1007, false, true),
      new Revision(1009, 100, 11, "20260915000000", 175, 1005, false, false));

  private FixtureHistory() {}

  static User user(long actor) {
    return USERS.stream().filter(u -> u.actor() == actor).findFirst().orElse(null);
  }

  static Revision revision(long id) {
    return REVISIONS.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  static Page page(long id) {
    return PAGES.stream().filter(p -> p.id() == id).findFirst().orElseThrow();
  }

  /** yyyyMMddHHmmss → the dump's "yyyy-MM-dd HH:mm:ss.0". */
  static String dumpTs(String ts) {
    return ts.substring(0, 4) + "-" + ts.substring(4, 6) + "-" + ts.substring(6, 8) + " " + ts.substring(8, 10) + ":"
        + ts.substring(10, 12) + ":" + ts.substring(12, 14) + ".0";
  }

  static String firstEdit(User u) {
    return REVISIONS.stream().filter(r -> r.actor() == u.actor()).map(Revision::ts).min(String::compareTo).orElse(null);
  }

  private static Map<String, String> userColumns(String prefix, User u) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(prefix + "id", Long.toString(u.id()));
    v.put(prefix + "central_id", u.centralId() == null ? "" : u.centralId().toString());
    v.put(prefix + "text", u.name());
    v.put(prefix + "text_historical", u.name());
    v.put(prefix + "is_anonymous", "false");
    v.put(prefix + "is_temporary", Boolean.toString(u.temporary()));
    List<String> botBy = new ArrayList<>();
    if (u.name().toLowerCase().contains("bot")) {
      botBy.add("name");
    }
    if (List.of(u.groups()).contains("bot")) {
      botBy.add("group");
    }
    v.put(prefix + "is_bot_by", String.join(",", botBy));
    v.put(prefix + "is_bot_by_historical", u.formerBot() ? "group" : String.join(",", botBy));
    v.put(prefix + "groups", String.join(",", u.groups()));
    String action = u.creationAction();
    v.put(prefix + "is_created_by_self", Boolean.toString(action.equals("create")));
    v.put(prefix + "is_created_by_system", Boolean.toString(action.equals("autocreate")));
    v.put(prefix + "is_created_by_peer", Boolean.toString(action.equals("create2")));
    v.put(prefix + "registration_timestamp", dumpTs(u.registration()));
    v.put(prefix + "creation_timestamp", dumpTs(u.registration()));
    String first = firstEdit(u);
    v.put(prefix + "first_edit_timestamp", first == null ? "" : dumpTs(first));
    return v;
  }

  /** The history as dump lines (78-column layout): a user-create event per user, then every revision. */
  static List<String> dumpLines() {
    List<String> lines = new ArrayList<>();
    for (User u : USERS) {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("wiki_db", WIKI);
      v.put("event_entity", "user");
      v.put("event_type", "create");
      v.put("event_timestamp", dumpTs(u.registration()));
      v.putAll(userColumns("user_", u));
      lines.add(line(v));
    }
    for (Revision r : REVISIONS) {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("wiki_db", WIKI);
      v.put("event_entity", "revision");
      v.put("event_type", "create");
      v.put("event_timestamp", dumpTs(r.ts()));
      User u = user(r.actor());
      if (u != null) {
        v.putAll(userColumns("event_user_", u));
      } else {
        v.put("event_user_text", IP);
        v.put("event_user_text_historical", IP);
        v.put("event_user_is_anonymous", "true");
        v.put("event_user_is_temporary", "false");
      }
      Page p = page(r.page());
      v.put("page_id", Long.toString(p.id()));
      v.put("page_namespace_historical", Integer.toString(p.namespace()));
      v.put("page_namespace_is_content_historical", Boolean.toString(p.namespace() == 0));
      v.put("page_is_deleted", Boolean.toString(r.archived()));
      v.put("revision_id", Long.toString(r.id()));
      v.put("revision_parent_id", Long.toString(r.parent()));
      long parentLength = r.parent() == 0 ? 0 : revision(r.parent()).length();
      v.put("revision_text_bytes_diff", Long.toString(r.length() - parentLength));
      v.put("revision_is_deleted_by_page_deletion", Boolean.toString(r.archived()));
      v.put("revision_is_identity_reverted", Boolean.toString(r.reverted()));
      lines.add(line(v));
    }
    return lines;
  }

  private static String line(Map<String, String> values) {
    return DumpFixtures.line(DumpLayout.L78, values.entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new));
  }

  /** The same history as SQL for the wiki's database. */
  static String wikiSql() {
    StringBuilder sql = new StringBuilder();
    for (User u : USERS) {
      sql.append(String.format("INSERT INTO user (user_id, user_name, user_password, user_newpassword, user_email, "
          + "user_touched, user_registration, user_is_temp) VALUES (%d, '%s', '', '', '', '20260101000000', '%s', %d);%n",
          u.id(), u.name(), u.registration(), u.temporary() ? 1 : 0));
      sql.append(String.format("INSERT INTO actor (actor_id, actor_user, actor_name) VALUES (%d, %d, '%s');%n",
          u.actor(), u.id(), u.name()));
      for (String g : u.groups()) {
        sql.append(String.format("INSERT INTO user_groups (ug_user, ug_group) VALUES (%d, '%s');%n", u.id(), g));
      }
      if (u.formerBot()) {
        sql.append(String.format("INSERT INTO user_former_groups (ufg_user, ufg_group) VALUES (%d, 'bot');%n", u.id()));
      }
      // create2: the performer is another account (Alice); the title is always the new user's page
      long performer = u.creationAction().equals("create2") ? 11 : u.actor();
      sql.append(String.format("INSERT INTO logging (log_type, log_action, log_timestamp, log_actor, log_namespace, "
          + "log_title, log_comment_id, log_params) VALUES ('newusers', '%s', '%s', %d, 2, '%s', 0, '');%n",
          u.creationAction(), u.registration(), performer, u.name().replace(' ', '_')));
    }
    sql.append(String.format("INSERT INTO actor (actor_id, actor_user, actor_name) VALUES (%d, NULL, '%s');%n",
        IP_ACTOR, IP));
    for (Page p : PAGES) {
      if (p.id() != 102) {
        sql.append(String.format("INSERT INTO page (page_id, page_namespace, page_title, page_random, page_touched, "
            + "page_latest, page_len) VALUES (%d, %d, '%s', 0.5, '20260101000000', 0, 0);%n",
            p.id(), p.namespace(), p.title()));
      }
    }
    sql.append("INSERT INTO change_tag_def (ctd_id, ctd_name, ctd_user_defined) VALUES (1, 'mw-reverted', 0);\n");
    sql.append("INSERT INTO change_tag_def (ctd_id, ctd_name, ctd_user_defined) VALUES (2, 'mw-undo', 0);\n");
    for (Revision r : REVISIONS) {
      if (r.archived()) {
        Page p = page(r.page());
        sql.append(String.format("INSERT INTO archive (ar_namespace, ar_title, ar_comment_id, ar_actor, ar_timestamp, "
            + "ar_rev_id, ar_len, ar_page_id, ar_parent_id) VALUES (%d, '%s', 0, %d, '%s', %d, %d, %d, %d);%n",
            p.namespace(), p.title(), r.actor(), r.ts(), r.id(), r.length(), p.id(), r.parent()));
      } else {
        sql.append(String.format("INSERT INTO revision (rev_id, rev_page, rev_actor, rev_timestamp, rev_len, "
            + "rev_parent_id, rev_sha1) VALUES (%d, %d, %d, '%s', %d, %d, 'x');%n",
            r.id(), r.page(), r.actor(), r.ts(), r.length(), r.parent()));
      }
      if (r.reverted()) {
        sql.append(String.format("INSERT INTO change_tag (ct_rev_id, ct_tag_id) VALUES (%d, 1);%n", r.id()));
      } else {
        sql.append(String.format("INSERT INTO change_tag (ct_rev_id, ct_tag_id) VALUES (%d, 2);%n", r.id()));
      }
    }
    return sql.toString();
  }

  static String centralAuthSql() {
    StringBuilder sql = new StringBuilder();
    for (User u : USERS) {
      if (u.centralId() != null) {
        sql.append(String.format("INSERT INTO globaluser (gu_id, gu_name, gu_home_db, gu_registration) "
            + "VALUES (%d, '%s', 'enwiki', '%s');%n", u.centralId(), u.name(), u.registration()));
      }
    }
    return sql.toString();
  }
}
