package org.campaignmetrics.source.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampsAndEscapesTest {
  private static long parse(String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    return Timestamps.parseMicros(b, 0, b.length);
  }

  private static long micros(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  @Test
  void timestampsAreUtcWithAnyFraction() {
    assertEquals(micros("2001-01-15T19:27:13Z"), parse("2001-01-15 19:27:13.0"));
    assertEquals(micros("2001-01-15T19:27:13Z"), parse("2001-01-15 19:27:13"));
    assertEquals(micros("2024-02-29T23:59:59.123456Z"), parse("2024-02-29 23:59:59.123456"));
    assertEquals(micros("1999-12-31T00:00:00.5Z"), parse("1999-12-31 00:00:00.5"));
    assertEquals(micros("1969-12-31T23:59:59Z"), parse("1969-12-31 23:59:59.0"));
    assertEquals(Timestamps.INVALID, parse("2001-01-15T19:27:13.0"));
    assertEquals(Timestamps.INVALID, parse("2001-01-15 24:00:00.0"));
    assertEquals(Timestamps.INVALID, parse("2001-01-15 19:27:13."));
    assertEquals(Timestamps.INVALID, parse("2001-1-15 19:27:13.0"));
  }

  @Test
  void formatIsTheDumpWritersForm() {
    assertEquals("2001-01-15 19:27:13.0", Timestamps.format(micros("2001-01-15T19:27:13Z")));
    assertEquals("2001-01-15 19:27:13.25", Timestamps.format(micros("2001-01-15T19:27:13.25Z")));
  }

  @Test
  void escapesRoundTrip() {
    String text = "a\tb\nc\rd \\x";
    assertEquals("a\\tb\\nc\\rd \\x", TsvEscapes.escape(text));
    assertEquals(text, TsvEscapes.unescape(TsvEscapes.escape(text)));
    List<String> items = List.of("x,y", "tab\there", "plain");
    assertEquals("x\\,y,tab\\there,plain", TsvEscapes.formatArray(items));
    assertEquals(items, TsvEscapes.splitArray(TsvEscapes.formatArray(items)));
  }
}
