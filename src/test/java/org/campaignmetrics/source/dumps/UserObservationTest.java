package org.campaignmetrics.source.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.campaignmetrics.format.dumps.DumpEvent;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.format.dumps.DumpLineDecoder;
import org.campaignmetrics.testing.DumpFixtures;
import org.junit.jupiter.api.Test;

/** Folding a piece's lines into one user's observation: per field the latest line's value, the earliest times. */
class UserObservationTest {
  private static DumpEvent line(Long ts, String name, Long centralId, Long registrationTs) {
    DumpEvent e = new DumpEvent();
    e.userId = 5L;
    e.eventTs = ts == null ? DumpEvent.NONE : ts;
    e.userName = name;
    e.userCentralId = centralId == null ? DumpEvent.NONE : centralId;
    e.registrationTs = registrationTs == null ? DumpEvent.NONE : registrationTs;
    return e;
  }

  @Test
  void theLatestLineWinsPerFieldAndTimesKeepTheEarliest() {
    UserObservation u = new UserObservation(5);
    u.observe(line(100L, "A", 7L, 50L));
    assertEquals(100L, UserObservation.boxed(u.lastEventTs));
    assertEquals("A", u.nameString());
    assertEquals(7L, UserObservation.boxed(u.centralId));
    assertEquals(50L, UserObservation.boxed(u.registrationTs));
    assertNull(UserObservation.boxed(u.creationTs), "no line had a creation time");

    u.observe(line(90L, "B", 8L, 40L)); // an older event: only the earliest time is taken from it
    assertEquals(100L, UserObservation.boxed(u.lastEventTs));
    assertEquals("A", u.nameString());
    assertEquals(7L, UserObservation.boxed(u.centralId));
    assertEquals(40L, UserObservation.boxed(u.registrationTs));

    u.observe(line(100L, "C", null, null)); // a tie goes to the later line
    assertEquals("C", u.nameString());
    assertEquals(7L, UserObservation.boxed(u.centralId), "a line without a central id keeps the one seen");
    assertEquals(40L, UserObservation.boxed(u.registrationTs));

    u.observe(line(null, "D", 9L, 30L)); // no time: not the latest, but its times count
    assertEquals(100L, UserObservation.boxed(u.lastEventTs));
    assertEquals("C", u.nameString());
    assertEquals(7L, UserObservation.boxed(u.centralId));
    assertEquals(30L, UserObservation.boxed(u.registrationTs));

    u.observe(line(120L, null, 9L, 45L));
    assertEquals(120L, UserObservation.boxed(u.lastEventTs));
    assertEquals("C", u.nameString(), "a line without a name keeps the one seen");
    assertEquals(9L, UserObservation.boxed(u.centralId));
    assertEquals(30L, UserObservation.boxed(u.registrationTs));
  }

  @Test
  void aFirstLineWithoutATimeStillSetsTheFields() {
    UserObservation u = new UserObservation(5);
    u.observe(line(null, "A", 7L, null));
    assertNull(UserObservation.boxed(u.lastEventTs));
    assertEquals("A", u.nameString());
    assertEquals(7L, UserObservation.boxed(u.centralId));
    assertNull(UserObservation.boxed(u.registrationTs));
    u.observe(line(10L, "B", null, 3L));
    assertEquals(10L, UserObservation.boxed(u.lastEventTs));
    assertEquals("B", u.nameString());
    assertEquals(3L, UserObservation.boxed(u.registrationTs));
  }

  /**
   * Lines decoded from the dump: the name and groups are kept as the line's bytes, replaced when
   * a later line brings other ones (the decoder reuses its line buffer, so the bytes are copied).
   */
  @Test
  void namesAndGroupsFromDecodedLinesAreCopiedAndReplaced() {
    DumpLineDecoder decoder = new DumpLineDecoder("enwiki");
    UserObservation u = new UserObservation(1234);
    byte[] buffer = new byte[4096];
    int n = put(buffer, "2021-01-01 00:00:00.0", "Zoë", "sysop,a\\,b");
    assertEquals(DumpLineDecoder.Kind.REVISION, decoder.decode(buffer, n));
    u.observe(decoder.event());
    n = put(buffer, "2021-02-01 00:00:00.0", "Zoë", "sysop,a\\,b");
    assertEquals(DumpLineDecoder.Kind.REVISION, decoder.decode(buffer, n));
    byte[] kept = u.name;
    u.observe(decoder.event());
    assertSame(kept, u.name, "an unchanged name is not copied again");
    assertEquals("Zoë", u.nameString());
    assertEquals(List.of("sysop", "a,b"), u.groupList());

    n = put(buffer, "2021-03-01 00:00:00.0", "Renamed\\tName", "");
    java.util.Arrays.fill(buffer, n, buffer.length, (byte) 'x');
    assertEquals(DumpLineDecoder.Kind.REVISION, decoder.decode(buffer, n));
    u.observe(decoder.event());
    java.util.Arrays.fill(buffer, (byte) 0); // the next line overwrites the buffer
    assertEquals("Renamed\tName", u.nameString());
    assertEquals(List.of("sysop", "a,b"), u.groupList(), "a line without groups keeps the ones seen");
  }

  /** A revision line by user 1234 into the buffer (as the reader reuses one); returns its length. */
  private static int put(byte[] buffer, String timestamp, String name, String groups) {
    byte[] line = DumpFixtures.revision(DumpLayout.L78, "enwiki", 1, timestamp, "event_user_id", "1234",
        "event_user_text", name, "event_user_groups", groups).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(line, 0, buffer, 0, line.length);
    return line.length;
  }
}
