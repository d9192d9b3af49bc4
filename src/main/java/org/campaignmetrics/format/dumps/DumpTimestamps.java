package org.campaignmetrics.format.dumps;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Fast parsing of the dump's {@code yyyy-MM-dd HH:mm:ss.S} timestamps, read as UTC. */
public final class DumpTimestamps {
  /** Returned for an unparsable value (no valid timestamp maps to it). */
  public static final long INVALID = Long.MIN_VALUE;

  private DumpTimestamps() {}

  /** Microseconds since the epoch of the timestamp in {@code b[from..to)}, or {@link #INVALID}. */
  public static long parseMicros(byte[] b, int from, int to) {
    int length = to - from;
    if (length < 19 || length == 20 || length > 29) {
      return INVALID;
    }
    // "yyyy-MM-" and "dd HH:mm" as two little-endian words: separators and digits checked a word at a time
    long date = (long) Bytes.LONGS.get(b, from);
    long time = (long) Bytes.LONGS.get(b, from + 8);
    if ((date & DATE_SEPARATOR_BYTES) != DATE_SEPARATORS || (time & TIME_SEPARATOR_BYTES) != TIME_SEPARATORS
        || !digits(date, ~DATE_SEPARATOR_BYTES) || !digits(time, ~TIME_SEPARATOR_BYTES) || b[from + 16] != ':') {
      return INVALID;
    }
    int year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    int month = digit(date, 5) * 10 + digit(date, 6);
    int day = digit(time, 0) * 10 + digit(time, 1);
    int hour = digit(time, 3) * 10 + digit(time, 4);
    int minute = digit(time, 6) * 10 + digit(time, 7);
    int second = digits(b, from + 17, 2);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour > 23 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    long micros = 0;
    if (length == 21 && b[from + 19] == '.') { // the dump's usual ".S"
      int tenth = b[from + 20] - '0';
      if (tenth < 0 || tenth > 9) {
        return INVALID;
      }
      micros = tenth * 100_000L;
    } else if (length > 19) {
      if (b[from + 19] != '.') {
        return INVALID;
      }
      int fractionDigits = length - 20;
      int fraction = digits(b, from + 20, fractionDigits);
      if (fraction < 0) {
        return INVALID;
      }
      // Scale to nanoseconds, then keep microseconds (Spark's timestamp precision).
      long nanos = fraction;
      for (int k = fractionDigits; k < 9; k++) {
        nanos *= 10;
      }
      micros = nanos / 1000;
    }
    long days = year >= TABLE_FROM && year < TABLE_FROM + YEAR_STARTS.length
        ? YEAR_STARTS[year - TABLE_FROM] + MONTH_STARTS[isLeap(year) ? 1 : 0][month] + day - 1
        : epochDay(year, month, day);
    long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
    return seconds * 1_000_000L + micros;
  }

  /** Epoch days of January 1st of the years from {@code TABLE_FROM}: no division per timestamp. */
  private static final int TABLE_FROM = 1900;
  private static final int[] YEAR_STARTS = new int[300];
  /** Days before the first of each month (index 1..12), in a common and in a leap year. */
  private static final int[][] MONTH_STARTS = new int[2][13];

  static {
    for (int i = 0; i < YEAR_STARTS.length; i++) {
      YEAR_STARTS[i] = (int) epochDay(TABLE_FROM + i, 1, 1);
    }
    for (int leap = 0; leap < 2; leap++) {
      for (int month = 2; month <= 12; month++) {
        MONTH_STARTS[leap][month] = MONTH_STARTS[leap][month - 1]
            + daysInMonth(leap == 1 ? 2000 : 2001, month - 1);
      }
    }
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Bytes 4 and 7 of "yyyy-MM-", bytes 2 and 5 of "dd HH:mm" (byte k is bits 8k..8k+7). */
  private static final long DATE_SEPARATOR_BYTES = 0xFFL << 32 | 0xFFL << 56;
  private static final long DATE_SEPARATORS = (long) '-' << 32 | (long) '-' << 56;
  private static final long TIME_SEPARATOR_BYTES = 0xFFL << 16 | 0xFFL << 40;
  private static final long TIME_SEPARATORS = (long) ' ' << 16 | (long) ':' << 40;
  private static final long NIBBLES = 0x0F0F_0F0F_0F0F_0F0FL;
  private static final long HIGH_NIBBLES = 0xF0F0_F0F0_F0F0_F0F0L;

  /** Whether every byte of {@code word} selected by {@code mask} is an ASCII digit. */
  private static boolean digits(long word, long mask) {
    // 0x30..0x39: high nibble 3, and the low nibble plus 6 does not carry out of it
    return (word & HIGH_NIBBLES & mask) == (0x3030_3030_3030_3030L & mask)
        && (((word & NIBBLES) + 0x0606_0606_0606_0606L) & HIGH_NIBBLES & mask) == 0;
  }

  private static int digit(long word, int index) {
    return (int) (word >>> (index << 3)) & 0xF;
  }

  /** Formats micros since the epoch as the dump writes it ({@code java.sql.Timestamp.toString} in UTC). */
  public static String format(long micros) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
        ZoneOffset.UTC);
    String base = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    int micro = t.getNano() / 1000;
    if (micro == 0) {
      return base + ".0";
    }
    String fraction = String.format("%06d", micro).replaceAll("0+$", "");
    return base + "." + fraction;
  }

  private static int digits(byte[] b, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return isLeap(year) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
