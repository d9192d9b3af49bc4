package org.campaignmetrics.format.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampsAndEscapesTest {
  private static long parse(String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    return DumpTimestamps.parseMicros(b, 0, b.length);
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
    // outside the table of year starts, and at its edges
    assertEquals(micros("0001-01-01T00:00:00Z"), parse("0001-01-01 00:00:00.0"));
    assertEquals(micros("9999-12-31T23:59:59.999999Z"), parse("9999-12-31 23:59:59.999999"));
    assertEquals(micros("1899-12-31T23:59:59Z"), parse("1899-12-31 23:59:59.0"));
    assertEquals(micros("1900-03-01T00:00:00Z"), parse("1900-03-01 00:00:00.0"));
    assertEquals(micros("2199-12-31T00:00:00Z"), parse("2199-12-31 00:00:00.0"));
    assertEquals(micros("2200-02-28T00:00:00Z"), parse("2200-02-28 00:00:00.0"));
    assertEquals(DumpTimestamps.INVALID, parse("2100-02-29 00:00:00.0"));
    assertEquals(DumpTimestamps.INVALID, parse("2001-01-15T19:27:13.0"));
    assertEquals(DumpTimestamps.INVALID, parse("2001-01-15 24:00:00.0"));
    assertEquals(DumpTimestamps.INVALID, parse("2001-01-15 19:27:13."));
    assertEquals(DumpTimestamps.INVALID, parse("2001-1-15 19:27:13.0"));
  }

  /** The word-at-a-time parse against java.time, on valid stamps and on each with one byte changed. */
  @Test
  void everyByteOfTheStampIsChecked() {
    java.util.Random random = new java.util.Random(11);
    java.time.format.DateTimeFormatter strict = java.time.format.DateTimeFormatter
        .ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]")
        .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    byte[] alphabet = "0123456789-: .T/9".getBytes(StandardCharsets.US_ASCII);
    int checked = 0;
    for (int n = 0; n < 20_000; n++) {
      long second = random.nextLong(-2_000_000_000L, 4_000_000_000L);
      String text = java.time.LocalDateTime.ofEpochSecond(second, 0, java.time.ZoneOffset.UTC)
          .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"));
      int fraction = random.nextInt(4);
      if (fraction > 0) {
        text += "." + "123456".substring(0, fraction == 3 ? 6 : fraction);
      }
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      if (n % 2 == 1) {
        b[random.nextInt(b.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      String mutated = new String(b, StandardCharsets.US_ASCII);
      long expected;
      try {
        java.time.LocalDateTime t = java.time.LocalDateTime.parse(mutated, strict);
        expected = t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
      } catch (java.time.format.DateTimeParseException e) {
        expected = DumpTimestamps.INVALID;
      }
      // the stamp inside a longer line, at an odd offset, as the decoder sees it
      byte[] line = ("\t" + mutated + "\tx").getBytes(StandardCharsets.US_ASCII);
      assertEquals(expected, DumpTimestamps.parseMicros(line, 1, 1 + b.length), mutated);
      checked += expected == DumpTimestamps.INVALID ? 0 : 1;
    }
    org.junit.jupiter.api.Assertions.assertTrue(checked > 10_000, "valid stamps checked: " + checked);
  }

  @Test
  void formatIsTheDumpWritersForm() {
    assertEquals("2001-01-15 19:27:13.0", DumpTimestamps.format(micros("2001-01-15T19:27:13Z")));
    assertEquals("2001-01-15 19:27:13.25", DumpTimestamps.format(micros("2001-01-15T19:27:13.25Z")));
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
