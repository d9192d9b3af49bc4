package org.campaignmetrics.format.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.campaignmetrics.format.FormatException;
import org.campaignmetrics.source.campaignevents.CampaignEventsFixture;
import org.junit.jupiter.api.Test;

/** {@code mariadb --batch} fields: NULL, the backslash escapes, and a bad escape named by its line. */
class BatchTsvTest {
  @Test
  void batchFieldsUnescape() {
    assertNull(BatchTsv.unescape("NULL", "x"));
    assertEquals("a\tb\nc\\d\0", BatchTsv.unescape("a\\tb\\nc\\\\d\\0", "x"));
    assertEquals("null", BatchTsv.unescape("null", "x"));
    String text = "tab\there\nnew \\ line \"q\" Ü";
    assertEquals(text, BatchTsv.unescape(CampaignEventsFixture.escape(text), "x"));
    assertEquals("f line 2: a field ends in a lone backslash", assertThrows(
        FormatException.class, () -> BatchTsv.unescape("ab\\", "f line 2")).getMessage());
  }
}
