package org.campaignmetrics.format.mariadb;

import java.util.function.Supplier;
import org.campaignmetrics.format.FormatException;

/**
 * The fields of {@code mariadb --batch} output: {@code NULL} is SQL NULL; a backslash escapes
 * a tab ({@code \t}), a newline ({@code \n}), a carriage return ({@code \r}), NUL ({@code \0})
 * and itself ({@code \\}). (A text that is literally {@code NULL} cannot be told from NULL in
 * that format; none of the columns we read can hold it.)
 */
public final class BatchTsv {
  public static final String NULL = "NULL";

  private BatchTsv() {}

  /** The field's value, or null for {@code NULL}; {@code where} names the line in errors. */
  public static String unescape(String field, String where) {
    return unescape(field, () -> where);
  }

  /** As {@link #unescape(String, String)}, the place named only when the field is bad (no text built per field). */
  public static String unescape(String field, Supplier<String> where) {
    if (field.equals(NULL)) {
      return null;
    }
    int slash = field.indexOf('\\');
    if (slash < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    out.append(field, 0, slash);
    for (int i = slash; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch != '\\') {
        out.append(ch);
        continue;
      }
      if (i + 1 == field.length()) {
        throw new FormatException(where.get() + ": a field ends in a lone backslash");
      }
      char next = field.charAt(++i);
      out.append(switch (next) {
        case 't' -> '\t';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case '0' -> '\0';
        case '\\' -> '\\';
        default -> throw new FormatException(where.get() + ": unknown escape \\" + next);
      });
    }
    return out.toString();
  }
}
