package org.campaignmetrics.format;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one CSV codec (RFC 4180): what the warehouse writes and {@code show --format csv} prints,
 * and what the participant lists and {@code campaigns_file} are read with. A field is quoted when
 * it holds a comma, a quote, CR or LF, with quotes doubled; null is an empty field and the empty
 * string is {@code ""}, so the two read back apart; times are {@link UtcTime#format}.
 */
public final class Csv {
  private Csv() {}

  /** One line of fields, without its line end. */
  public static String line(List<?> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(values.get(i)));
    }
    return line.toString();
  }

  /** One field: text as above, an {@link Instant} or {@link Timestamp} as a UTC time, anything else as its text. */
  public static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text;
    if (value instanceof Instant instant) {
      text = UtcTime.format(instant);
    } else if (value instanceof Timestamp timestamp) {
      text = UtcTime.format(timestamp.toInstant());
    } else if (value instanceof CharSequence chars) {
      text = neutralised(chars.toString());
    } else {
      text = value.toString();
    }
    if (text.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + text.replace("\"", "\"\"") + '"';
      }
    }
    return text;
  }

  /**
   * Text that a spreadsheet would take for a formula (OWASP "CSV Injection": a first character
   * {@code = + - @}, tab or carriage return) gets a leading {@code '}, which spreadsheets show as
   * text; numbers are not text and are written as they are (a negative count stays {@code -3}).
   */
  static String neutralised(String text) {
    if (!text.isEmpty()) {
      char first = text.charAt(0);
      if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
        return "'" + text;
      }
    }
    return text;
  }

  /** The fields of one line (quoted fields, doubled quotes; a line break inside quotes is not joined). */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
