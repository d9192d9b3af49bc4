package org.campaignmetrics.sink;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes the records of a flat schema (primitive columns, none repeated) straight to the
 * column writers: a value is its column's value at the full definition level, an absent field
 * is a null. This is what Parquet's record layer ({@code MessageColumnIO}) does for such a
 * schema, without its per-field bookkeeping, which cost about a tenth of the staging CPU.
 */
final class FlatColumns extends RecordConsumer {
  private final ColumnWriteStore store;
  private final ColumnWriter[] writers;
  private final int[] maxDefinition;
  private final String[] names;
  private final long all;
  private long written;
  private int field = -1;

  /** Whether {@code schema} is one this consumer writes. */
  static boolean fits(MessageType schema) {
    if (schema.getFieldCount() > Long.SIZE) {
      return false;
    }
    for (Type type : schema.getFields()) {
      if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
        return false;
      }
    }
    return true;
  }

  FlatColumns(MessageType schema, ColumnWriteStore store) {
    if (!fits(schema)) {
      throw new IllegalArgumentException("not a flat schema: " + schema);
    }
    this.store = store;
    int n = schema.getFieldCount();
    writers = new ColumnWriter[n];
    maxDefinition = new int[n];
    names = new String[n];
    for (int i = 0; i < n; i++) {
      ColumnDescriptor column = schema.getColumns().get(i);
      writers[i] = store.getColumnWriter(column);
      maxDefinition[i] = column.getMaxDefinitionLevel();
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
      if (maxDefinition[c] == 0) {
        throw new IllegalStateException("required column " + names[c] + " has no value");
      }
      writers[c].writeNull(0, 0);
      missing &= missing - 1;
    }
    store.endRecord();
  }

  @Override
  public void startField(String name, int index) {
    field = index;
  }

  @Override
  public void endField(String name, int index) {
    field = -1;
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
    throw new UnsupportedOperationException("a flat schema has no groups");
  }

  @Override
  public void endGroup() {
    throw new UnsupportedOperationException("a flat schema has no groups");
  }

  @Override
  public void addInteger(int value) {
    column().write(value, 0, maxDefinition[field]);
  }

  @Override
  public void addLong(long value) {
    column().write(value, 0, maxDefinition[field]);
  }

  @Override
  public void addBoolean(boolean value) {
    column().write(value, 0, maxDefinition[field]);
  }

  @Override
  public void addBinary(Binary value) {
    column().write(value, 0, maxDefinition[field]);
  }

  @Override
  public void addFloat(float value) {
    column().write(value, 0, maxDefinition[field]);
  }

  @Override
  public void addDouble(double value) {
    column().write(value, 0, maxDefinition[field]);
  }
}
