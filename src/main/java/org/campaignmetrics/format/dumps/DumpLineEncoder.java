package org.campaignmetrics.format.dumps;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.campaignmetrics.format.dumps.DumpLayout.Column;

/**
 * Writes one dump line, the inverse of {@link DumpLineDecoder}: every column of the layout empty
 * until set, free-text columns escaped as the dump writer escapes them ({@link TsvEscapes#escape};
 * MediawikiEvent.scala's {@code toTSVLine} in wikimedia/analytics-refinery-source), arrays through
 * {@link TsvEscapes#formatArray}. The sample generator and the test fixtures write with it, so
 * they write what the reader reads.
 */
public final class DumpLineEncoder {
  /** The free-text columns: the writer escapes TAB, LF and CR in them. */
  public static final Set<Column> TEXT = EnumSet.of(Column.EVENT_COMMENT, Column.EVENT_USER_TEXT_HISTORICAL,
      Column.EVENT_USER_TEXT, Column.PAGE_TITLE_HISTORICAL, Column.PAGE_TITLE, Column.USER_TEXT_HISTORICAL,
      Column.USER_TEXT);

  private final DumpLayout layout;
  private final String[] fields;

  public DumpLineEncoder(DumpLayout layout) {
    this.layout = layout;
    this.fields = new String[layout.fieldCount()];
    Arrays.fill(fields, "");
  }

  /** The column's value as text ({@code String.valueOf}), escaped when it is a {@link #TEXT} column. */
  public DumpLineEncoder set(Column column, Object value) {
    String text = String.valueOf(value);
    return setRaw(column, TEXT.contains(column) ? TsvEscapes.escape(text) : text);
  }

  /** The column's TSV text exactly as given (already escaped); the layout must have the column. */
  public DumpLineEncoder setRaw(Column column, String tsv) {
    int position = layout.position(column);
    if (position < 0) {
      throw new IllegalArgumentException(layout + " has no column " + column.name().toLowerCase(Locale.ROOT));
    }
    fields[position] = tsv;
    return this;
  }

  /** The line, without its newline. */
  public String line() {
    return String.join("\t", fields);
  }
}
