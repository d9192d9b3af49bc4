package org.campaignmetrics.source.campaignevents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.campaignmetrics.format.mariadb.BatchTsv;
import org.campaignmetrics.testing.MariaDbTestServer;

/**
 * One set of CampaignEvents tables, every column of the real schema (so the files look like
 * {@code SELECT *}), written either as a folder of {@code mariadb --batch} files or as rows of a
 * MariaDB database made from {@code replicas/campaignevents-tables.sql}. The events:
 * <pre>
 *  1 editing-event, online (has an address row all the same), enwiki+dewiki, topics biography/women,
 *    AND[articles_created 2, edits 4]; private, later-unregistered and unregistered-never authors,
 *    a deleted contribution, a page id shared by two wikis; a name with tab, newline, quote, backslash
 *  2 media-upload + contest, hybrid in DE, OR[bytes_removed 100, links_added 50]
 *  3 editing-event + workshop, in person in IN, nested AND[edits 3, OR[links_added 10, AND[bytes_added 1000, articles_edited 2]]]
 *  4 editing-event, in person in AQ (disallowed: not eligible, so its goal is not counted), AND[edits 1]
 *  5 editing-event, online, *all* wikis; an older valid goal row and a newer malformed one
 *  6 test event, 7 deleted event (both with goals and rows attached), 8 other, no wikis, no goal
 * </pre>
 */
public final class CampaignEventsFixture {
  public static final String EVENT_1_NAME = "Women in Red\tday 1\n\"Ünïcödé\" \\ edit-a-thon";

  private final Map<String, List<String>> columns = new LinkedHashMap<>();
  private final Map<String, List<Object[]>> rows = new LinkedHashMap<>();

  public CampaignEventsFixture() {
    table("campaign_events", "event_id", "event_name", "event_page_namespace", "event_page_title",
        "event_page_prefixedtext", "event_page_wiki", "event_chat_url", "event_status", "event_timezone",
        "event_start_local", "event_start_utc", "event_end_local", "event_end_utc", "event_types",
        "event_track_contributions", "event_meeting_type", "event_meeting_url", "event_created_at", "event_last_edit",
        "event_deleted_at", "event_is_test_event");
    event(1, EVENT_1_NAME, 1, 1, 2, null, 0);
    event(2, "WLM upload drive", 10, 1, 3, null, 0);
    event(3, "Workshop", 17, 1, 1, null, 0);
    event(4, "Station", 1, 1, 1, null, 0);
    event(5, "Backlog", 1, 1, 2, null, 0);
    event(6, "Test", 1, 1, 2, null, 1);
    event(7, "Deleted", 1, 1, 2, "20260509000000", 0);
    event(8, "Meetup", 0, 0, 1, null, 0);

    table("ce_participants", "cep_id", "cep_event_id", "cep_user_id", "cep_private", "cep_registered_at",
        "cep_unregistered_at", "cep_first_answer_timestamp", "cep_aggregation_timestamp",
        "cep_hide_contribution_association_prompt");
    participant(1, 1, 11, 0, null);
    participant(2, 1, 12, 1, null);
    participant(3, 1, 13, 0, "20260513000000");
    participant(4, 2, 21, 0, null);
    participant(5, 2, 22, 0, null);
    participant(6, 3, 31, 0, null);
    participant(7, 4, 41, 0, null);
    participant(8, 5, 51, 0, null);
    participant(9, 6, 61, 0, null);

    table("ce_organizers", "ceo_id", "ceo_event_id", "ceo_user_id", "ceo_roles", "ceo_created_at", "ceo_deleted_at",
        "ceo_agreement_timestamp");
    add("ce_organizers", 1, 1, 99, 3, "20260101000000", null, null); // creator and organizer
    add("ce_organizers", 5, 1, 96, 4, "20260101000000", null, null); // the test role only: organizes nothing
    add("ce_organizers", 2, 2, 99, 2, "20260101000000", null, null);
    add("ce_organizers", 3, 3, 98, 2, "20260101000000", "20260102000000", null);
    add("ce_organizers", 4, 4, 97, 3, "20260101000000", null, "20260101000000");

    table("ce_event_wikis", "ceew_id", "ceew_event_id", "ceew_wiki");
    Object[][] wikis = {{1, "enwiki"}, {1, "dewiki"}, {2, "commonswiki"}, {3, "hiwiki"}, {4, "enwiki"}, {5, "*all*"},
        {6, "enwiki"}, {7, "enwiki"}};
    for (int i = 0; i < wikis.length; i++) {
      add("ce_event_wikis", i + 1, wikis[i][0], wikis[i][1]);
    }
    table("ce_event_topics", "ceet_id", "ceet_event_id", "ceet_topic");
    add("ce_event_topics", 1, 1, "women");
    add("ce_event_topics", 2, 1, "biography");
    table("ce_address", "cea_id", "cea_full_address", "cea_country_code");
    add("ce_address", 1, "", "US");
    add("ce_address", 2, "Alexanderplatz\nBerlin", "de"); // read as DE (CampaignEventsSource.countryCode)
    add("ce_address", 3, "", "IN");
    add("ce_address", 4, "", "aQ"); // AQ, disallowed
    table("ce_event_address", "ceea_id", "ceea_event", "ceea_address");
    for (int i = 1; i <= 4; i++) {
      add("ce_event_address", i, i, i);
    }

    table("ce_event_contributions", "cec_id", "cec_event_id", "cec_user_id", "cec_user_name", "cec_wiki",
        "cec_page_id", "cec_page_prefixedtext", "cec_revision_id", "cec_edit_flags", "cec_bytes_delta",
        "cec_links_delta", "cec_references_delta", "cec_timestamp", "cec_deleted");
    contribution(1, 11, "enwiki", 100, 1, 500, 3, 0);
    contribution(1, 11, "enwiki", 100, 0, -20, -1, 0);
    contribution(1, 11, "enwiki", 101, 0, 30, 0, 0);
    contribution(1, 12, "dewiki", 100, 1, 200, 2, 0);   // private
    contribution(1, 12, "dewiki", 100, 0, -50, -2, 0);  // private
    contribution(1, 13, "enwiki", 101, 0, 10, 1, 0);    // unregistered later: still counted
    contribution(1, 11, "enwiki", 102, 0, 999, 5, 1);   // deleted: not counted
    contribution(1, 14, "enwiki", 103, 1, 100, 0, 0);   // no registration row: not counted
    contribution(2, 21, "commonswiki", 5, 1, 1000, 0, 0);
    contribution(2, 21, "commonswiki", 5, 0, -300, 0, 0);
    contribution(3, 31, "hiwiki", 7, 0, 250, 1, 0);
    contribution(3, 31, "hiwiki", 8, 0, 250, 1, 0);
    contribution(4, 41, "enwiki", 9, 0, 10, 0, 0);
    contribution(6, 61, "enwiki", 10, 0, 5, 0, 0);      // test event: dropped

    table("ce_event_goals", "ceeg_id", "ceeg_event_id", "ceeg_goals");
    add("ce_event_goals", 1, 1, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_articles_created\",\"target\":2},"
        + "{\"metric\":\"total_edits\",\"target\":4}]}");
    add("ce_event_goals", 2, 2, "{\"operator\":\"OR\",\"metrics\":[{\"metric\":\"total_bytes_removed\",\"target\":100},"
        + "{\"metric\":\"total_links_added\",\"target\":50}]}");
    add("ce_event_goals", 3, 3, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":3},"
        + "{\"operator\":\"OR\",\"metrics\":[{\"metric\":\"total_links_added\",\"target\":10},{\"operator\":\"AND\","
        + "\"metrics\":[{\"metric\":\"total_bytes_added\",\"target\":1000},"
        + "{\"metric\":\"total_articles_edited\",\"target\":2}]}]}]}");
    add("ce_event_goals", 4, 4, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}");
    add("ce_event_goals", 5, 5, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}");
    add("ce_event_goals", 6, 5, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":\"30\"}]}");
    add("ce_event_goals", 7, 6, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}");
    add("ce_event_goals", 8, 7, "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}");

    table("globaluser", "gu_id", "gu_name", "gu_home_db", "gu_registration", "gu_locked");
    Object[][] users = {{11, "Alice"}, {12, "Bob"}, {13, "Carol"}, {14, "Dave"}, {21, "Dan"}, {22, "Erin"},
        {31, "Farah"}, {41, "Gita"}, {51, "Hana"}, {61, "Ivan"}, {97, "Org Three"}, {99, "Org One"}};
    for (Object[] u : users) {
      add("globaluser", u[0], u[1], "enwiki", "20260501000000", 0);
    }
  }

  /**
   * {@code n} more contributions (event 4, Gita, one enwiki page each): enough rows to make the
   * contributions table a kept frame (spark/Frames.ofRows, from 10,000 rows).
   */
  public CampaignEventsFixture withMoreContributions(int n) {
    for (int i = 0; i < n; i++) {
      contribution(4, 41, "enwiki", 100_000 + i, 0, 1, 0, 0);
    }
    return this;
  }

  private void event(int id, String name, int types, int track, int meeting, String deleted, int test) {
    add("campaign_events", id, name, 1728, "E" + id, "Event:E" + id, "metawiki", "", 1, "UTC", "20260510000000",
        "20260510000000", "20260512235959", "20260512235959", types, track, meeting, "", "20260101000000",
        "20260101000000", deleted, test);
  }

  private void participant(int id, int event, int user, int isPrivate, String unregistered) {
    add("ce_participants", id, event, user, isPrivate, "20260509000000", unregistered, null, null, 0);
  }

  private int contributionId;

  private void contribution(int event, int user, String wiki, int page, int flags, int bytes, int links,
      int deleted) {
    contributionId++;
    add("ce_event_contributions", contributionId, event, user, "User " + user, wiki, page, "Page " + page,
        1000 + contributionId, flags, bytes, links, null, "20260511000000", deleted);
  }

  private void table(String name, String... cols) {
    columns.put(name, List.of(cols));
    rows.put(name, new ArrayList<>());
  }

  private void add(String table, Object... values) {
    if (values.length != columns.get(table).size()) {
      throw new IllegalArgumentException(table + ": " + values.length + " values for " + columns.get(table).size()
          + " columns");
    }
    rows.get(table).add(values);
  }

  /** The folder of {@code <table>.tsv} files, as {@code mariadb --batch} writes them. */
  public Path writeFiles(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String table : columns.keySet()) {
        StringBuilder sb = new StringBuilder(String.join("\t", columns.get(table))).append('\n');
        for (Object[] row : rows.get(table)) {
          for (int i = 0; i < row.length; i++) {
            sb.append(i == 0 ? "" : "\t").append(escape(row[i] == null ? null : row[i].toString()));
          }
          sb.append('\n');
        }
        Files.writeString(dir.resolve(table + ".tsv"), sb.toString(), StandardCharsets.UTF_8);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates {@code database} with the real DDL and inserts the rows. */
  public void load(MariaDbTestServer server, String database) {
    server.createDatabase(database, "campaignevents-tables.sql");
    StringBuilder sql = new StringBuilder();
    for (String table : columns.keySet()) {
      for (Object[] row : rows.get(table)) {
        sql.append("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns.get(table)))
            .append(") VALUES (");
        for (int i = 0; i < row.length; i++) {
          sql.append(i == 0 ? "" : ", ").append(literal(row[i]));
        }
        sql.append(");\n");
      }
    }
    server.execute(database, sql.toString());
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
        .replace("\t", "\\t") + "'";
  }

  /** A value as {@code mariadb --batch} prints it: {@code NULL}, and tab, newline, CR, NUL, backslash escaped. */
  public static String escape(String value) {
    if (value == null) {
      return BatchTsv.NULL;
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\0' -> out.append("\\0");
        case '\\' -> out.append("\\\\");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
