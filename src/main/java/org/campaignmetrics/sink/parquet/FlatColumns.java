package org.campaignmetrics.sink.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes the records of a flat schema straight to the column writers: top-level primitive
 * columns, none repeated, and lists of a primitive in the standard three-level layout
 * ({@code <optional|required> group name (LIST) { repeated group list { <optional|required>
 * element } }}, what {@link DirectParquetWriter#stringListField} writes). A value is its column's
 * value at the full definition level, an absent field is a null; a list's elements are its
 * column's values, the first at repetition level 0 and the others at 1, and an empty list is a
 * null defined up to the list. This is what Parquet's record layer ({@code MessageColumnIO})
 * does for such a schema, without its per-field bookkeeping, which cost about a tenth of the
 * staging CPU.
 */
final class FlatColumns extends RecordConsumer {
  private final ColumnWriteStore store;
  private final ColumnWriter[] writers;
  private final int[] maxDefinition;
  /** A list column's definition level of an empty list (0 if the list is required, 1 if optional); else -1. */
  private final int[] emptyListDefinition;
  private final boolean[] optional;
  private final String[] names;
  private final long all;
  private long written;
  private int field = -1;
  /** Groups open within the current field: 1 inside a list, 2 inside one of its elements. */
  private int depth;
  private int elements;
  private boolean elementWritten;

  /** Whether {@code schema} is one this consumer writes. */
  static boolean fits(MessageType schema) {
    if (schema.getFieldCount() > Long.SIZE) {
      return false;
    }
    for (Type type : schema.getFields()) {
      if (type.isRepetition(Type.Repetition.REPEATED) || !(type.isPrimitive() || isList(type))) {
        return false;
      }
    }
    return true;
  }

  /** The standard three-level list of a primitive, not repeated itself. */
  private static boolean isList(Type type) {
    if (type.isPrimitive()
        || !(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
      return false;
    }
    GroupType list = type.asGroupType();
    if (list.getFieldCount() != 1 || list.getType(0).isPrimitive()
        || !list.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      return false;
    }
    GroupType repeated = list.getType(0).asGroupType();
    return repeated.getFieldCount() == 1 && repeated.getType(0).isPrimitive()
        && !repeated.getType(0).isRepetition(Type.Repetition.REPEATED);
  }

  FlatColumns(MessageType schema, ColumnWriteStore store) {
    if (!fits(schema)) {
      throw new IllegalArgumentException("not a flat schema: " + schema);
    }
    this.store = store;
    int n = schema.getFieldCount();
    writers = new ColumnWriter[n];
    maxDefinition = new int[n];
    emptyListDefinition = new int[n];
    optional = new boolean[n];
    names = new String[n];
    for (int i = 0; i < n; i++) {
      ColumnDescriptor column = schema.getColumns().get(i); // one leaf column per top-level field
      writers[i] = store.getColumnWriter(column);
      maxDefinition[i] = column.getMaxDefinitionLevel();
      optional[i] = !schema.getType(i).isRepetition(Type.Repetition.REQUIRED);
      emptyListDefinition[i] = schema.getType(i).isPrimitive() ? -1 : optional[i] ? 1 : 0;
      names[i] = schema.getFieldName(i);
    }
    all = n == Long.SIZE ? -1L : (1L << n) - 1;
  }

  @Override
  public void startMessage() {
    written = 0;
  }

  @Override
  public void endMessage() {
    long missing = all & ~written;
    while (missing != 0) {
      int c = Long.numberOfTrailingZeros(missing);
      if (!optional[c]) {
        throw new IllegalStateException("required column " + names[c] + " has no value");
      }
      writers[c].writeNull(0, 0);
      missing &= missing - 1;
    }
    store.endRecord();
  }

  @Override
  public void startField(String name, int index) {
    if (depth == 0) {
      field = index; // inside a list, the "list" and "element" fields need no bookkeeping
    }
  }

  @Override
  public void endField(String name, int index) {
    if (depth == 0) {
      field = -1;
    }
  }

  /** The column the value goes to: the current field's, once per record. */
  private ColumnWriter column() {
    long bit = 1L << field; // a value outside a field: field is -1, and the writer lookup fails
    if ((written & bit) != 0) {
      throw new IllegalStateException("column " + names[field] + " given two values in one record");
    }
    written |= bit;
    return writers[field];
  }

  @Override
  public void startGroup() {
    if (field < 0 || emptyListDefinition[field] < 0 || depth >= 2) {
      throw new UnsupportedOperationException("a group outside a list column of a flat schema");
    }
    if (depth == 0) {
      column(); // the list's field, once per record
      elements = 0;
    } else {
      elementWritten = false;
    }
    depth++;
  }

  @Override
  public void endGroup() {
    depth--;
    if (depth == 1) { // the end of an element: one without a value is a null element
      if (!elementWritten) {
        if (maxDefinition[field] == emptyListDefinition[field] + 1) {
          throw new IllegalStateException("list column " + names[field] + ": a required element without a value");
        }
        writers[field].writeNull(elements == 0 ? 0 : 1, emptyListDefinition[field] + 1);
      }
      elements++;
    } else if (elements == 0) { // the end of the list: an empty one is defined up to the list
      writers[field].writeNull(0, emptyListDefinition[field]);
    }
  }

  /** The writer of the value at hand: a primitive field's, or a list element's. */
  private ColumnWriter valueColumn() {
    if (depth == 0) {
      return column();
    }
    if (depth != 2 || elementWritten) {
      throw new IllegalStateException("a value of list column " + names[field] + " outside an element");
    }
    elementWritten = true;
    return writers[field];
  }

  private int repetition() {
    return depth == 0 || elements == 0 ? 0 : 1;
  }

  @Override
  public void addInteger(int value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }

  @Override
  public void addLong(long value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }

  @Override
  public void addBoolean(boolean value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }

  @Override
  public void addBinary(Binary value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }

  @Override
  public void addFloat(float value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }

  @Override
  public void addDouble(double value) {
    valueColumn().write(value, repetition(), maxDefinition[field]);
  }
}
