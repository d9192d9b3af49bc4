package org.campaignmetrics.source.dumps;

/** Fast parsing of the dump's {@code yyyy-MM-dd HH:mm:ss.S} timestamps, read as UTC. */
public final class Timestamps {
  /** Returned for an unparsable value (no valid timestamp maps to it). */
  public static final long INVALID = Long.MIN_VALUE;

  private Timestamps() {}

  /** Microseconds since the epoch of the timestamp in {@code b[from..to)}, or {@link #INVALID}. */
  public static long parseMicros(byte[] b, int from, int to) {
    int length = to - from;
    if (length < 19 || length == 20 || length > 29) {
      return INVALID;
    }
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    int second = digits(b, from + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
        || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != ' ' || b[from + 13] != ':'
        || b[from + 16] != ':') {
      return INVALID;
    }
    long micros = 0;
    if (length > 19) {
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
    long days = epochDay(year, month, day);
    long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
    return seconds * 1_000_000L + micros;
  }

  /** Formats micros since the epoch as the dump writes it ({@code java.sql.Timestamp.toString} in UTC). */
  public static String format(long micros) {
    java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
        java.time.ZoneOffset.UTC);
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
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
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
