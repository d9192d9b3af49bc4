package org.campaignmetrics.format.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.campaignmetrics.format.dumps.DumpLayout.Column;
import org.campaignmetrics.format.dumps.DumpLineDecoder.Kind;
import org.junit.jupiter.api.Test;

/** What the encoder writes, the decoder reads back: text escapes, arrays, every layout's positions. */
class DumpLineEncoderTest {
  private static DumpEvent decode(String line) {
    DumpLineDecoder decoder = new DumpLineDecoder("enwiki");
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertEquals(Kind.REVISION, decoder.decode(bytes, bytes.length), decoder.rejectReason());
    return decoder.event();
  }

  private static DumpLineEncoder revision(DumpLayout layout, String userName, List<String> groups) {
    return new DumpLineEncoder(layout).set(Column.WIKI_DB, "enwiki").set(Column.EVENT_ENTITY, "revision")
        .set(Column.EVENT_TYPE, "create").set(Column.EVENT_TIMESTAMP, "2021-09-14 08:05:03.0")
        .set(Column.EVENT_USER_ID, 7).set(Column.EVENT_USER_TEXT, userName)
        .set(Column.EVENT_USER_TEXT_HISTORICAL, userName).set(Column.EVENT_USER_IS_ANONYMOUS, false)
        .setRaw(Column.EVENT_USER_GROUPS, TsvEscapes.formatArray(groups))
        .set(Column.EVENT_COMMENT, "a\tcomment\r\nover lines").set(Column.PAGE_ID, 100)
        .set(Column.PAGE_NAMESPACE_HISTORICAL, 0).set(Column.REVISION_ID, 900).set(Column.REVISION_PARENT_ID, 899)
        .set(Column.REVISION_TEXT_BYTES_DIFF, -12);
  }

  @Test
  void textWithTabsNewlinesAndCommasReadsBackAsWritten() {
    String name = "Tab\tand\nnewline, Zoë 山";
    List<String> groups = List.of("sysop", "with,comma", "bot");
    String line = revision(DumpLayout.L78, name, groups).line();
    assertEquals(DumpLayout.L78.fieldCount() - 1, line.chars().filter(c -> c == '\t').count(),
        "one field per column, no raw tab from the text");
    DumpEvent event = decode(line);
    assertEquals(name, event.userName());
    assertEquals(groups, event.userGroups());
    assertEquals(900L, event.revisionId);
    assertEquals(-12L, event.bytesDiff);
    assertEquals(7L, event.userId);
  }

  @Test
  void everyLayoutPlacesTheColumnsWhereTheDecoderLooks() {
    for (DumpLayout layout : DumpLayout.values()) {
      DumpEvent event = decode(revision(layout, "Alice", List.of()).line());
      assertEquals("Alice", event.userName(), layout.toString());
      assertEquals(900L, event.revisionId, layout.toString());
    }
  }

  @Test
  void aColumnTheLayoutLacksIsAnError() {
    Column missing = null;
    for (Column column : Column.values()) {
      if (DumpLayout.L70.position(column) < 0) {
        missing = column;
        break;
      }
    }
    Column absent = missing;
    assertThrows(IllegalArgumentException.class, () -> new DumpLineEncoder(DumpLayout.L70).set(absent, "x"));
  }
}
