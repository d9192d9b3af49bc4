package org.campaignmetrics.format.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.campaignmetrics.format.dumps.DumpLineDecoder.Kind;
import org.junit.jupiter.api.Test;

/**
 * The column order of the dumps, pinned independently of {@link DumpLayout}: each fixture line is
 * written here column by column, numbered as the table "Columns, in order" of the dump format
 * notes (MediawikiEvent.toTSVLine of analytics-refinery-source: 70 columns from 2020-01, 78 since
 * 2026-05). Every column the decoder reads has a value no other column has, so a layout that
 * shifted or swapped one would decode a wrong value.
 */
class DumpColumnOrderTest {
  private static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static DumpEvent decode(String[] columns, int expectedCount) {
    assertEquals(expectedCount, columns.length);
    byte[] line = String.join("\t", columns).getBytes(StandardCharsets.UTF_8);
    DumpLineDecoder decoder = new DumpLineDecoder("enwiki");
    assertEquals(Kind.REVISION, decoder.decode(line, line.length), decoder.rejectReason());
    assertEquals(expectedCount, decoder.layout().fieldCount());
    return decoder.event();
  }

  @Test
  void seventyColumns() {
    String[] c = {
        "enwiki",                // 1 wiki_db
        "revision",              // 2 event_entity
        "create",                // 3 event_type
        "2021-09-14 08:05:03.0", // 4 event_timestamp
        "a comment",             // 5 event_comment
        "1234",                  // 6 event_user_id
        "Old name",              // 7 event_user_text_historical
        "Ada",                   // 8 event_user_text
        "",                      // 9 event_user_blocks_historical
        "",                      // 10 event_user_blocks
        "",                      // 11 event_user_groups_historical
        "sysop",                 // 12 event_user_groups
        "",                      // 13 event_user_is_bot_by_historical
        "",                      // 14 event_user_is_bot_by
        "false",                 // 15 event_user_is_created_by_self
        "false",                 // 16 event_user_is_created_by_system
        "true",                  // 17 event_user_is_created_by_peer
        "false",                 // 18 event_user_is_anonymous
        "2015-01-01 00:00:01.0", // 19 event_user_registration_timestamp
        "2015-01-01 00:00:02.0", // 20 event_user_creation_timestamp
        "2015-01-01 00:00:03.0", // 21 event_user_first_edit_timestamp
        "77",                    // 22 event_user_revision_count
        "60",                    // 23 event_user_seconds_since_previous_revision
        "555",                   // 24 page_id
        "Old title",             // 25 page_title_historical
        "Title",                 // 26 page_title
        "4",                     // 27 page_namespace_historical
        "false",                 // 28 page_namespace_is_content_historical
        "0",                     // 29 page_namespace
        "true",                  // 30 page_namespace_is_content
        "false",                 // 31 page_is_redirect
        "true",                  // 32 page_is_deleted
        "2014-01-01 00:00:00.0", // 33 page_creation_timestamp
        "2014-01-01 00:00:00.0", // 34 page_first_edit_timestamp
        "9",                     // 35 page_revision_count
        "30",                    // 36 page_seconds_since_previous_revision
        "",                      // 37 user_id
        "",                      // 38 user_text_historical
        "",                      // 39 user_text
        "",                      // 40 user_blocks_historical
        "",                      // 41 user_blocks
        "",                      // 42 user_groups_historical
        "",                      // 43 user_groups
        "",                      // 44 user_is_bot_by_historical
        "",                      // 45 user_is_bot_by
        "",                      // 46 user_is_created_by_self
        "",                      // 47 user_is_created_by_system
        "",                      // 48 user_is_created_by_peer
        "",                      // 49 user_is_anonymous
        "",                      // 50 user_registration_timestamp
        "",                      // 51 user_creation_timestamp
        "",                      // 52 user_first_edit_timestamp
        "1000001",               // 53 revision_id
        "999",                   // 54 revision_parent_id
        "false",                 // 55 revision_minor_edit
        "",                      // 56 revision_deleted_parts
        "false",                 // 57 revision_deleted_parts_are_suppressed
        "2048",                  // 58 revision_text_bytes
        "-17",                   // 59 revision_text_bytes_diff
        "abc123",                // 60 revision_text_sha1
        "wikitext",              // 61 revision_content_model
        "text/x-wiki",           // 62 revision_content_format
        "false",                 // 63 revision_is_deleted_by_page_deletion
        "",                      // 64 revision_deleted_by_page_deletion_timestamp
        "true",                  // 65 revision_is_identity_reverted
        "1000002",               // 66 revision_first_identity_reverting_revision_id
        "120",                   // 67 revision_seconds_to_identity_revert
        "false",                 // 68 revision_is_identity_revert
        "false",                 // 69 revision_is_from_before_page_creation
        "",                      // 70 revision_tags
    };
    DumpEvent e = decode(c, 70);
    assertEquals("enwiki", e.wikiDb);
    assertEquals(micros("2021-09-14T08:05:03Z"), e.eventTs);
    assertEquals(1234L, e.userId);
    assertEquals(DumpEvent.NONE, e.userCentralId, "no central id before 76 columns");
    assertEquals("Ada", e.userName());
    assertEquals(java.util.List.of("sysop"), e.userGroups());
    assertEquals("peer", e.createdBy);
    assertEquals(Boolean.FALSE, e.userIsAnonymous);
    assertEquals(null, e.userIsTemporary, "no temporary accounts before 74 columns");
    assertEquals(micros("2015-01-01T00:00:01Z"), e.registrationTs);
    assertEquals(micros("2015-01-01T00:00:02Z"), e.creationTs);
    assertEquals(micros("2015-01-01T00:00:03Z"), e.firstEditTs);
    assertEquals(555L, e.pageId);
    assertEquals(4, e.pageNamespace, "historical namespace, column 27");
    assertEquals(Boolean.FALSE, e.pageNamespaceIsContent, "historical, column 28");
    assertEquals(1000001L, e.revisionId);
    assertEquals(Boolean.FALSE, e.isPageCreation, "parent 999");
    assertEquals(-17L, e.bytesDiff);
    assertEquals(Boolean.TRUE, e.pageIsDeleted, "page_is_deleted, column 32");
    assertEquals(Boolean.TRUE, e.isReverted);
  }

  @Test
  void seventyEightColumns() {
    String[] c = {
        "enwiki",                // 1 wiki_db
        "31337",                 // 2 event_log_id
        "revision",              // 3 event_entity
        "create",                // 4 event_type
        "2026-06-14 08:05:03.0", // 5 event_timestamp
        "a comment",             // 6 event_comment
        "1234",                  // 7 event_user_id
        "98765",                 // 8 event_user_central_id
        "Old name",              // 9 event_user_text_historical
        "Ada",                   // 10 event_user_text
        "",                      // 11 event_user_blocks_historical
        "",                      // 12 event_user_blocks
        "",                      // 13 event_user_groups_historical
        "sysop",                 // 14 event_user_groups
        "",                      // 15 event_user_is_bot_by_historical
        "",                      // 16 event_user_is_bot_by
        "true",                  // 17 event_user_is_created_by_self
        "false",                 // 18 event_user_is_created_by_system
        "false",                 // 19 event_user_is_created_by_peer
        "false",                 // 20 event_user_is_anonymous
        "true",                  // 21 event_user_is_temporary
        "false",                 // 22 event_user_is_permanent
        "false",                 // 23 event_user_is_cross_wiki
        "2026-01-01 00:00:01.0", // 24 event_user_registration_timestamp
        "2026-01-01 00:00:02.0", // 25 event_user_creation_timestamp
        "2026-01-01 00:00:03.0", // 26 event_user_first_edit_timestamp
        "77",                    // 27 event_user_revision_count
        "60",                    // 28 event_user_seconds_since_previous_revision
        "555",                   // 29 page_id
        "Old title",             // 30 page_title_historical
        "Title",                 // 31 page_title
        "4",                     // 32 page_namespace_historical
        "false",                 // 33 page_namespace_is_content_historical
        "0",                     // 34 page_namespace
        "true",                  // 35 page_namespace_is_content
        "false",                 // 36 page_is_redirect
        "false",                 // 37 page_is_deleted
        "2014-01-01 00:00:00.0", // 38 page_creation_timestamp
        "2014-01-01 00:00:00.0", // 39 page_first_edit_timestamp
        "9",                     // 40 page_revision_count
        "30",                    // 41 page_seconds_since_previous_revision
        "",                      // 42 user_id
        "",                      // 43 user_central_id
        "",                      // 44 user_text_historical
        "",                      // 45 user_text
        "",                      // 46 user_blocks_historical
        "",                      // 47 user_blocks
        "",                      // 48 user_groups_historical
        "",                      // 49 user_groups
        "",                      // 50 user_is_bot_by_historical
        "",                      // 51 user_is_bot_by
        "",                      // 52 user_is_created_by_self
        "",                      // 53 user_is_created_by_system
        "",                      // 54 user_is_created_by_peer
        "",                      // 55 user_is_anonymous
        "",                      // 56 user_is_temporary
        "",                      // 57 user_is_permanent
        "",                      // 58 user_registration_timestamp
        "",                      // 59 user_creation_timestamp
        "",                      // 60 user_first_edit_timestamp
        "1000001",               // 61 revision_id
        "0",                     // 62 revision_parent_id
        "false",                 // 63 revision_minor_edit
        "",                      // 64 revision_deleted_parts
        "false",                 // 65 revision_deleted_parts_are_suppressed
        "2048",                  // 66 revision_text_bytes
        "2048",                  // 67 revision_text_bytes_diff
        "abc123",                // 68 revision_text_sha1
        "wikitext",              // 69 revision_content_model
        "text/x-wiki",           // 70 revision_content_format
        "true",                  // 71 revision_is_deleted_by_page_deletion
        "2026-07-01 00:00:00.0", // 72 revision_deleted_by_page_deletion_timestamp
        "false",                 // 73 revision_is_identity_reverted
        "",                      // 74 revision_first_identity_reverting_revision_id
        "",                      // 75 revision_seconds_to_identity_revert
        "false",                 // 76 revision_is_identity_revert
        "false",                 // 77 revision_is_from_before_page_creation
        "",                      // 78 revision_tags
    };
    DumpEvent e = decode(c, 78);
    assertEquals("enwiki", e.wikiDb);
    assertEquals(micros("2026-06-14T08:05:03Z"), e.eventTs);
    assertEquals(1234L, e.userId);
    assertEquals(98765L, e.userCentralId);
    assertEquals("Ada", e.userName());
    assertEquals(java.util.List.of("sysop"), e.userGroups());
    assertEquals("self", e.createdBy);
    assertEquals(Boolean.FALSE, e.userIsAnonymous);
    assertEquals(Boolean.TRUE, e.userIsTemporary, "column 21");
    assertEquals(micros("2026-01-01T00:00:01Z"), e.registrationTs);
    assertEquals(micros("2026-01-01T00:00:02Z"), e.creationTs);
    assertEquals(micros("2026-01-01T00:00:03Z"), e.firstEditTs);
    assertEquals(555L, e.pageId);
    assertEquals(4, e.pageNamespace);
    assertEquals(Boolean.FALSE, e.pageNamespaceIsContent);
    assertEquals(1000001L, e.revisionId);
    assertEquals(Boolean.TRUE, e.isPageCreation, "parent 0");
    assertEquals(2048L, e.bytesDiff);
    assertEquals(Boolean.TRUE, e.pageIsDeleted, "deleted with its page, column 71");
    assertEquals(Boolean.FALSE, e.isReverted);
  }
}
