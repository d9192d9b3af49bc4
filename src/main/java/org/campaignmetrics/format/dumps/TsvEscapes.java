package org.campaignmetrics.format.dumps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dump's escaping (MediawikiEvent.scala's {@code escape} in wikimedia/analytics-refinery-source): text
 * fields have TAB, LF and CR written as
 * {@code \t \n \r} (the backslash itself is not escaped); array items are joined by commas
 * with item commas written as {@code \,}, and the joined string escaped the same way.
 */
public final class TsvEscapes {
  private TsvEscapes() {}

  public static String unescape(String s) {
    int slash = s.indexOf('\\');
    if (slash < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, slash);
    for (int i = slash; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == 't') {
          out.append('\t');
          i++;
          continue;
        } else if (n == 'n') {
          out.append('\n');
          i++;
          continue;
        } else if (n == 'r') {
          out.append('\r');
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** {@link #splitArray(String)} of the UTF-8 text {@code bytes[offset..offset+length)}. */
  public static List<String> splitArray(byte[] bytes, int offset, int length) {
    return splitArray(new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  /** Splits on commas not preceded by a backslash, then unescapes {@code \,} and the text escapes. */
  public static List<String> splitArray(String s) {
    List<String> items = new ArrayList<>(4);
    StringBuilder item = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
        item.append(',');
        i++;
      } else if (c == ',') {
        items.add(unescape(item.toString()));
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    items.add(unescape(item.toString()));
    return items;
  }

  /** The writer's side, for the sample generator: {@code escape(s)}. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** The writer's side: {@code escape(items.map(_.replace(",", "\\,")).mkString(","))}. */
  public static String formatArray(List<String> items) {
    if (items == null || items.isEmpty()) {
      return "";
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        joined.append(',');
      }
      joined.append(items.get(i).replace(",", "\\,"));
    }
    return escape(joined.toString());
  }
}
