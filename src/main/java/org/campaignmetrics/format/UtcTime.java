package org.campaignmetrics.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The UTC times people write and read: in the config, in test fixtures, in the CSV outputs and
 * what {@code show} prints. One parser and one formatter, so that a time reads back as written.
 * (The dumps' and MediaWiki's own formats are {@code format/dumps/DumpTimestamps} and
 * {@code format/mariadb/MediaWikiTimestamps}.)
 */
public final class UtcTime {
  private UtcTime() {}

  /**
   * An ISO instant ({@code 2021-09-30T23:59:59Z}, fractions allowed) or a date ({@code 2021-09-30},
   * midnight UTC).
   *
   * @throws DateTimeParseException for anything else
   */
  public static Instant parse(String text) {
    if (isDate(text)) {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    return Instant.parse(text);
  }

  /**
   * As {@link #parse}, but a date alone is the <em>end</em> of that day: its last second,
   * {@code 2021-09-30T23:59:59Z} (MediaWiki's timestamps have one-second resolution, so no event of
   * the day is later).
   */
  public static Instant parseEnd(String text) {
    if (isDate(text)) {
      return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1);
    }
    return Instant.parse(text);
  }

  private static boolean isDate(String text) {
    return text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
  }

  /** {@code 2021-09-30T23:59:59Z}; a fraction of a second only when there is one ({@code …59.5Z}). */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** Midnight UTC of the month's first day. */
  public static Instant monthStart(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
