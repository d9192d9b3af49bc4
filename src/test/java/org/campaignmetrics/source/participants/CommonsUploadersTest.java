package org.campaignmetrics.source.participants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.testing.MariaDbTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * participants.commons_category against MariaDB: files of the category through
 * categorylinks → linktarget (no cl_to), the original (earliest) version's uploader, uploads
 * inside [start, end] only; with filerevision, and with only image/oldimage.
 */
class CommonsUploadersTest {
  private final MariaDbTestServer server = MariaDbTestServer.get();
  private final String prefix = MariaDbTestServer.newPrefix();

  @TempDir
  Path dir;

  @AfterEach
  void drop() {
    server.dropDatabase(prefix + "_commonswiki");
  }

  private static final String CATEGORY = "Images from Wiki Loves Monuments 2021 in India";

  /** Files: A by Uma (re-uploaded later by Vic), B by Vic, C by Wes before the contest, D in another category. */
  private static String commonSql() {
    return String.join("\n",
        "INSERT INTO actor (actor_id, actor_user, actor_name) VALUES (1, 1, 'Uma'), (2, 2, 'Vic'), (3, 3, 'Wes'),"
            + " (4, 4, 'Xia');",
        "INSERT INTO linktarget (lt_id, lt_namespace, lt_title) VALUES"
            + " (50, 14, 'Images_from_Wiki_Loves_Monuments_2021_in_India'), (51, 14, 'Other'),"
            + " (52, 0, 'Images_from_Wiki_Loves_Monuments_2021_in_India');",
        "INSERT INTO page (page_id, page_namespace, page_title, page_random, page_touched, page_latest, page_len) VALUES"
            + " (1, 6, 'A.jpg', 0.1, '20260101000000', 0, 0), (2, 6, 'B.jpg', 0.1, '20260101000000', 0, 0),"
            + " (3, 6, 'C.jpg', 0.1, '20260101000000', 0, 0), (4, 6, 'D.jpg', 0.1, '20260101000000', 0, 0),"
            + " (5, 0, 'Article', 0.1, '20260101000000', 0, 0);",
        "INSERT INTO categorylinks (cl_from, cl_type, cl_target_id) VALUES (1, 'file', 50), (2, 'file', 50),"
            + " (3, 'file', 50), (4, 'file', 51), (5, 'page', 50), (4, 'file', 52);");
  }

  private Config config(Instant start, Instant end) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history:", "  source: dumps", "  path: x",
        server.replicasYaml(prefix, dir),
        "campaigns:", "  - id: wlm-in", "    start: \"" + start + "\"", "    end: \"" + end + "\"",
        "    participants:", "      commons_category: \"Category:" + CATEGORY + "\""));
  }

  private static final Instant START = Instant.parse("2021-09-01T00:00:00Z");
  private static final Instant END = Instant.parse("2021-09-30T23:59:59Z");

  @Test
  void originalUploadersFromFileRevisions() {
    server.createDatabase(prefix + "_commonswiki", "mediawiki-core.sql", "mediawiki-filerevision.sql");
    server.execute(prefix + "_commonswiki", commonSql() + "\n" + String.join("\n",
        "INSERT INTO file (file_id, file_name, file_latest, file_type, file_deleted) VALUES (1, 'A.jpg', 2, 1, 0),"
            + " (2, 'B.jpg', 3, 1, 0), (3, 'C.jpg', 4, 1, 0), (4, 'D.jpg', 5, 1, 0);",
        "INSERT INTO filerevision (fr_id, fr_file, fr_metadata, fr_description_id, fr_actor, fr_timestamp, fr_deleted)"
            + " VALUES (1, 1, '', 0, 1, '20210901000000', 0), (2, 1, '', 0, 2, '20211015000000', 0),"
            + " (3, 2, '', 0, 2, '20210930235959', 0), (4, 3, '', 0, 3, '20210831235959', 0),"
            + " (5, 4, '', 0, 4, '20210910000000', 0);"));
    assertEquals(List.of("Uma", "Vic"), names(config(START, END)));
    // the window is inclusive at both ends and decided by the original upload: one second shorter loses Vic
    assertEquals(List.of("Uma"), names(config(START, END.minusSeconds(1))));
  }

  @Test
  void originalUploadersFromImageAndOldimage() {
    server.createDatabase(prefix + "_commonswiki", "mediawiki-core.sql");
    server.execute(prefix + "_commonswiki", commonSql() + "\n" + String.join("\n",
        // A: current version by Vic (October), original in oldimage by Uma (September)
        "INSERT INTO image (img_name, img_metadata, img_description_id, img_actor, img_timestamp) VALUES"
            + " ('A.jpg', '', 0, 2, '20211015000000'), ('B.jpg', '', 0, 2, '20210930235959'),"
            + " ('C.jpg', '', 0, 3, '20210831235959'), ('D.jpg', '', 0, 4, '20210910000000');",
        "INSERT INTO oldimage (oi_name, oi_archive_name, oi_description_id, oi_actor, oi_timestamp, oi_metadata) VALUES"
            + " ('A.jpg', '20211015000000!A.jpg', 0, 1, '20210901000000', '');"));
    assertEquals(List.of("Uma", "Vic"), names(config(START, END)));
  }

  private static List<String> names(Config config) {
    return CommonsUploaders.listed(config).stream().map(r -> {
      assertEquals("wlm-in", r.getString(0));
      assertEquals(CommonsUploaders.SOURCE, r.getString(2));
      return r.getString(1);
    }).toList();
  }
}
