package org.campaignmetrics.source.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Folding a piece's lines into one user's observation: per field the latest line's value, the earliest times. */
class UserObservationTest {
  private static DumpEvent line(Long ts, String name, Long centralId, Long registrationTs) {
    DumpEvent e = new DumpEvent();
    e.userId = 5L;
    e.eventTs = ts;
    e.userName = name;
    e.userCentralId = centralId;
    e.registrationTs = registrationTs;
    return e;
  }

  @Test
  void theLatestLineWinsPerFieldAndTimesKeepTheEarliest() {
    UserObservation u = new UserObservation(5);
    u.observe(line(100L, "A", 7L, 50L));
    assertEquals(100L, u.lastEventTs);
    assertEquals("A", u.name);
    assertEquals(7L, u.centralId);
    assertEquals(50L, u.registrationTs);
    assertNull(u.creationTs, "no line had a creation time");

    u.observe(line(90L, "B", 8L, 40L)); // an older event: only the earliest time is taken from it
    assertEquals(100L, u.lastEventTs);
    assertEquals("A", u.name);
    assertEquals(7L, u.centralId);
    assertEquals(40L, u.registrationTs);

    u.observe(line(100L, "C", null, null)); // a tie goes to the later line
    assertEquals("C", u.name);
    assertEquals(7L, u.centralId, "a line without a central id keeps the one seen");
    assertEquals(40L, u.registrationTs);

    u.observe(line(null, "D", 9L, 30L)); // no time: not the latest, but its times count
    assertEquals(100L, u.lastEventTs);
    assertEquals("C", u.name);
    assertEquals(7L, u.centralId);
    assertEquals(30L, u.registrationTs);

    u.observe(line(120L, null, 9L, 45L));
    assertEquals(120L, u.lastEventTs);
    assertEquals("C", u.name, "a line without a name keeps the one seen");
    assertEquals(9L, u.centralId);
    assertEquals(30L, u.registrationTs);
  }

  @Test
  void aFirstLineWithoutATimeStillSetsTheFields() {
    UserObservation u = new UserObservation(5);
    u.observe(line(null, "A", 7L, null));
    assertNull(u.lastEventTs);
    assertEquals("A", u.name);
    assertEquals(7L, u.centralId);
    assertNull(u.registrationTs);
    u.observe(line(10L, "B", null, 3L));
    assertEquals(10L, u.lastEventTs);
    assertEquals("B", u.name);
    assertEquals(3L, u.registrationTs);
  }
}
