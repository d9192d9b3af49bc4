package org.campaignmetrics.format.mariadb;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MediaWiki's {@code binary(14)} timestamps, {@code yyyyMMddHHmmss} in UTC (Manual:Timestamp),
 * to and from instants. Parsed by hand: the column is bytes, and the driver must not apply a
 * time zone to it.
 */
public final class MediaWikiTimestamps {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private MediaWikiTimestamps() {}

  /** The instant, or null for null/empty; throws IllegalArgumentException for anything else not a timestamp. */
  public static Instant parse(byte[] value) {
    if (value == null || value.length == 0) {
      return null;
    }
    if (value.length != 14) {
      throw new IllegalArgumentException("not a 14-digit timestamp");
    }
    int[] d = new int[14];
    for (int i = 0; i < 14; i++) {
      int digit = value[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new IllegalArgumentException("not a 14-digit timestamp");
      }
      d[i] = digit;
    }
    int year = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
    try {
      return LocalDateTime.of(year, d[4] * 10 + d[5], d[6] * 10 + d[7], d[8] * 10 + d[9], d[10] * 10 + d[11],
          d[12] * 10 + d[13]).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not a valid date/time");
    }
  }

  /** As {@link #parse}, but null for an unreadable value too: for attributes (not rows) that are unknown then. */
  public static Instant parseOrNull(byte[] value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** For messages and reject lines: the bytes as text. */
  public static String text(byte[] value) {
    return value == null ? "NULL" : new String(value, StandardCharsets.ISO_8859_1);
  }
}
