package org.campaignmetrics.format.dumps;

import static org.campaignmetrics.testing.DumpFixtures.line;
import static org.campaignmetrics.testing.DumpFixtures.revision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.campaignmetrics.format.dumps.DumpLineDecoder.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DumpLineDecoderTest {
  private final DumpLineDecoder decoder = new DumpLineDecoder("enwiki");

  private Kind decode(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return decoder.decode(bytes, bytes.length);
  }

  private static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  @Test
  void currentLayoutRevisionWithEveryFieldWeUse() {
    String line = line(DumpLayout.L78,
        "wiki_db", "enwiki", "event_log_id", "", "event_entity", "revision", "event_type", "create",
        "event_timestamp", "2021-09-14 08:05:03.0",
        "event_comment", "tab\\there\\nnewline",
        "event_user_id", "1234", "event_user_central_id", "98765",
        "event_user_text_historical", "Old\\tName", "event_user_text", "New\\tName",
        "event_user_groups", "extendedconfirmed,ipblock-exempt",
        "event_user_is_bot_by_historical", "", "event_user_is_bot_by", "",
        "event_user_is_created_by_self", "true", "event_user_is_created_by_system", "false",
        "event_user_is_created_by_peer", "false", "event_user_is_anonymous", "false",
        "event_user_is_temporary", "false", "event_user_is_permanent", "true",
        "event_user_registration_timestamp", "2021-09-02 10:00:00.0",
        "event_user_creation_timestamp", "2021-09-02 10:00:01.0",
        "event_user_first_edit_timestamp", "2021-09-03 11:12:13.5",
        "page_id", "555", "page_namespace_historical", "6", "page_namespace_is_content_historical", "true",
        "page_namespace", "6", "page_is_deleted", "false",
        "revision_id", "1000001", "revision_parent_id", "0", "revision_text_bytes_diff", "-3",
        "revision_is_deleted_by_page_deletion", "false", "revision_is_identity_reverted", "true");
    assertEquals(Kind.REVISION, decode(line));
    assertEquals(DumpLayout.L78, decoder.layout());
    DumpEvent e = decoder.event();
    assertEquals("enwiki", e.wikiDb);
    assertEquals(micros("2021-09-14T08:05:03Z"), e.eventTs);
    assertEquals(1234L, e.userId);
    assertEquals(98765L, e.userCentralId);
    assertEquals("New\tName", e.userName());
    assertEquals(List.of("extendedconfirmed", "ipblock-exempt"), e.userGroups());
    assertFalse(e.userIsBot);
    assertEquals(Boolean.FALSE, e.userIsAnonymous);
    assertEquals(Boolean.FALSE, e.userIsTemporary);
    assertEquals("self", e.createdBy);
    assertEquals(micros("2021-09-02T10:00:00Z"), e.registrationTs);
    assertEquals(micros("2021-09-02T10:00:01Z"), e.creationTs);
    assertEquals(micros("2021-09-03T11:12:13.500Z"), e.firstEditTs);
    assertEquals(1000001L, e.revisionId);
    assertEquals(555L, e.pageId);
    assertEquals(6, e.pageNamespace);
    assertEquals(Boolean.TRUE, e.pageNamespaceIsContent);
    assertEquals(Boolean.TRUE, e.isPageCreation);
    assertEquals(-3L, e.bytesDiff);
    assertEquals(Boolean.FALSE, e.pageIsDeleted);
    assertEquals(Boolean.TRUE, e.isReverted);
  }

  @ParameterizedTest
  @EnumSource(DumpLayout.class)
  void everyLayoutIsDetectedByFieldCountAndReadsTheSameColumns(DumpLayout layout) {
    String line = revision(layout, "enwiki", 42, "2024-01-31 23:59:59.0",
        "event_user_text", "Bob", "revision_text_bytes_diff", "-120", "page_namespace_historical", "4");
    assertEquals(layout.fieldCount(), line.split("\t", -1).length);
    assertEquals(Kind.REVISION, decode(line));
    assertEquals(layout, decoder.layout());
    DumpEvent e = decoder.event();
    assertEquals("Bob", e.userName());
    assertEquals(42L, e.revisionId);
    assertEquals(-120L, e.bytesDiff);
    assertEquals(4, e.pageNamespace);
    assertEquals(micros("2024-01-31T23:59:59Z"), e.eventTs);
  }

  @Test
  void columnsAddedLaterAreReadOnlyFromLayoutsThatHaveThem() {
    String l76 = revision(DumpLayout.L76, "enwiki", 1, "2025-11-01 00:00:00.0",
        "event_user_central_id", "77", "event_user_is_temporary", "true");
    assertEquals(Kind.REVISION, decode(l76));
    assertEquals(77L, decoder.event().userCentralId);
    assertEquals(Boolean.TRUE, decoder.event().userIsTemporary);

    String l70 = revision(DumpLayout.L70, "enwiki", 1, "2020-11-01 00:00:00.0");
    assertEquals(Kind.REVISION, decode(l70));
    assertEquals(DumpEvent.NONE, decoder.event().userCentralId, "70 columns: no central id");
    assertNull(decoder.event().userIsTemporary, "70 columns: temporary accounts unknown");
  }

  @Test
  void emptyFieldsAreNullAndArraysSplitOnUnescapedCommasOnly() {
    String line = revision(DumpLayout.L78, "enwiki", 9, "2022-02-02 02:02:02.0",
        "event_user_groups", "a\\,b,c\\tx,d", "revision_text_bytes_diff", "", "revision_parent_id", "",
        "page_first_edit_timestamp", "2022-02-02 02:02:02.0", "event_user_is_bot_by_historical", "name");
    assertEquals(Kind.REVISION, decode(line));
    DumpEvent e = decoder.event();
    assertEquals(List.of("a,b", "c\tx", "d"), e.userGroups());
    assertEquals(DumpEvent.NONE, e.bytesDiff, "an empty size is absent");
    assertTrue(e.userIsBot, "a bot by name in the past is a bot");
    assertEquals(Boolean.TRUE, e.isPageCreation, "no parent id: creation when it is the page's first edit");
  }

  @Test
  void anonymousEditsHaveNoRegisteredUser() {
    String line = revision(DumpLayout.L78, "enwiki", 9, "2022-02-02 02:02:02.0",
        "event_user_id", "", "event_user_text", "198.51.100.7", "event_user_is_anonymous", "true");
    assertEquals(Kind.REVISION, decode(line));
    assertEquals(DumpEvent.NONE, decoder.event().userId);
    assertFalse(decoder.event().hasRegisteredUser());
  }

  @Test
  void userEventsDescribeTheUserActedUpon() {
    String line = line(DumpLayout.L78, "wiki_db", "enwiki", "event_entity", "user", "event_type", "create",
        "event_timestamp", "2021-09-02 10:00:00.0", "event_user_id", "1", "event_user_text", "Admin",
        "user_id", "2000", "user_central_id", "3000", "user_text", "New user", "user_groups", "",
        "user_is_bot_by", "group", "user_is_created_by_self", "false", "user_is_created_by_system", "false",
        "user_is_created_by_peer", "true", "user_registration_timestamp", "2021-09-02 10:00:00.0");
    assertEquals(Kind.USER, decode(line));
    DumpEvent e = decoder.event();
    assertEquals(2000L, e.userId);
    assertEquals(3000L, e.userCentralId);
    assertEquals("New user", e.userName());
    assertTrue(e.userIsBot);
    assertEquals("peer", e.createdBy);
    assertNull(e.userGroups());
  }

  @Test
  void pageEventsAreAcceptedWithoutOutput() {
    String line = line(DumpLayout.L74, "wiki_db", "enwiki", "event_entity", "page", "event_type", "delete",
        "event_timestamp", "2021-09-02 10:00:00.0", "page_id", "12");
    assertEquals(Kind.PAGE, decode(line));
  }

  /** The absent marker (Long.MIN_VALUE) is never a value: the one number below the last that parses is rejected. */
  @Test
  void numbersAtTheEndsOfTheLongRange() {
    assertEquals(Kind.REVISION, decode(revision(DumpLayout.L78, "enwiki", 1, "2021-01-01 00:00:00.0",
        "revision_text_bytes_diff", "-9223372036854775807", "event_user_central_id", "9223372036854775807")));
    assertEquals(Long.MIN_VALUE + 1, decoder.event().bytesDiff);
    assertEquals(Long.MAX_VALUE, decoder.event().userCentralId);
    assertReject("bad revision_text_bytes_diff: '-9223372036854775808'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-01-01 00:00:00.0", "revision_text_bytes_diff", "-9223372036854775808"));
    assertReject("bad event_user_central_id: '9223372036854775808'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-01-01 00:00:00.0", "event_user_central_id", "9223372036854775808"));
  }

  @Test
  void rejectsNameTheProblem() {
    assertReject("wrong field count: 3 (expected 70, 74, 76, 77 or 78)", "a\tb\tc");
    assertReject("wrong field count: 1 (expected 70, 74, 76, 77 or 78)", "");
    assertReject("bad revision_id: '12x'", revision(DumpLayout.L78, "enwiki", 1, "2021-01-01 00:00:00.0",
        "revision_id", "12x"));
    assertReject("bad event_user_is_anonymous: 'yes'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-01-01 00:00:00.0", "event_user_is_anonymous", "yes"));
    assertReject("bad event_timestamp: '2021-13-01 00:00:00.0'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-13-01 00:00:00.0"));
    assertReject("bad event_timestamp: '2021-02-29 00:00:00.0'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-02-29 00:00:00.0"));
    assertReject("missing event_timestamp", revision(DumpLayout.L78, "enwiki", 1, ""));
    assertReject("missing revision_id", revision(DumpLayout.L78, "enwiki", 1, "2021-01-01 00:00:00.0",
        "revision_id", ""));
    assertReject("wiki_db 'dewiki' does not match the file's wiki 'enwiki'",
        revision(DumpLayout.L78, "dewiki", 1, "2021-01-01 00:00:00.0"));
    assertReject("unknown event_entity 'log'", line(DumpLayout.L78, "wiki_db", "enwiki", "event_entity", "log"));
    assertReject("bad page_namespace_historical: '99999999999'", revision(DumpLayout.L78, "enwiki", 1,
        "2021-01-01 00:00:00.0", "page_namespace_historical", "99999999999"));
  }

  @Test
  void invalidUtf8IsRejectedWithItsOffset() {
    byte[] good = revision(DumpLayout.L78, "enwiki", 1, "2021-01-01 00:00:00.0", "event_user_text", "Zoë")
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(Kind.REVISION, decoder.decode(good, good.length));
    assertEquals("Zoë", decoder.event().userName());
    byte[] bad = good.clone();
    int at = indexOf(bad, (byte) 0xc3);
    bad[at + 1] = (byte) 0x28; // 0xC3 followed by a non-continuation byte
    assertEquals(Kind.REJECT, decoder.decode(bad, bad.length));
    assertEquals("invalid UTF-8 at byte " + at, decoder.rejectReason());
    byte[] cut = java.util.Arrays.copyOf(good, at + 1); // a line ending inside a character
    assertEquals(Kind.REJECT, decoder.decode(cut, cut.length));
    assertEquals("invalid UTF-8 at byte " + at, decoder.rejectReason());
  }

  /** Tabs and non-ASCII bytes are found eight bytes a step: the same line at every alignment. */
  @Test
  void fieldsAndUtf8AreFoundAtEveryAlignment() {
    byte[] good = revision(DumpLayout.L78, "enwiki", 7, "2021-01-01 00:00:00.0", "event_user_text", "Zoë")
        .getBytes(StandardCharsets.UTF_8);
    int at = indexOf(good, (byte) 0xc3);
    for (int shift = 0; shift < 16; shift++) {
      byte[] buffer = new byte[shift + good.length + 9];
      java.util.Arrays.fill(buffer, (byte) '\t'); // what lies around the line must not count
      System.arraycopy(good, 0, buffer, shift, good.length);
      assertEquals(Kind.REVISION, decoder.decode(buffer, shift, good.length), "shift " + shift);
      assertEquals("Zoë", decoder.event().userName());
      assertEquals(7L, decoder.event().revisionId);
      assertEquals(micros("2021-01-01T00:00:00Z"), decoder.event().eventTs);
      assertEquals(Kind.REJECT, decoder.decode(buffer, shift, at + 1), "cut inside a character, shift " + shift);
      assertEquals("invalid UTF-8 at byte " + at, decoder.rejectReason());
      buffer[shift + at + 1] = (byte) 0x28;
      assertEquals(Kind.REJECT, decoder.decode(buffer, shift, good.length), "shift " + shift);
      assertEquals("invalid UTF-8 at byte " + at, decoder.rejectReason());
    }
    // more fields than any layout: the bad byte lies after where splitting stops
    byte[] long_ = (new String(good, StandardCharsets.UTF_8).replace("Zoë", "Zoe") + "\t".repeat(10) + "é")
        .getBytes(StandardCharsets.UTF_8);
    long_[long_.length - 1] = (byte) 0x28;
    assertEquals(Kind.REJECT, decoder.decode(long_, long_.length));
    assertEquals("invalid UTF-8 at byte " + (long_.length - 2), decoder.rejectReason());
  }

  private void assertReject(String reason, String line) {
    assertEquals(Kind.REJECT, decode(line), reason);
    assertEquals(reason, decoder.rejectReason());
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
