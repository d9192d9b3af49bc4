package org.campaignmetrics.sink.parquet;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.spark.Frames;

/**
 * Writes objects straight to one Parquet file in a dataset's final layout (snappy; Spark's
 * schema in the footer, so Spark reads back its exact types; file reads make every column
 * nullable), without Spark's row conversion, a sort or a Spark job: what the staging tasks
 * write {@code edits} and {@code users} with, and {@link #rows} small driver-side tables.
 * {@link Fields} writes one object's fields through the helpers below. The file, row groups
 * and column stores are driven here with Parquet's own classes and defaults (pages of 1 MB,
 * row groups of 32 MB); flat schemas skip Parquet's record layer ({@link FlatColumns}).
 */
public final class DirectParquetWriter<T> implements AutoCloseable {
  static final long ROW_GROUP_BYTES = 32 << 20;
  /** Records between two looks at the buffered size at most (as Parquet's own writer does). */
  private static final long MAX_RECORDS_BETWEEN_CHECKS = 10_000;
  private static final long MIN_RECORDS_BETWEEN_CHECKS = 100;

  /** Writes the fields of one object (between start and end of the message). */
  @FunctionalInterface
  public interface Fields<T> {
    void write(RecordConsumer out, T value);
  }

  private final MessageType schema;
  private final Fields<T> fields;
  private final ParquetProperties properties;
  private final CodecFactory codecs;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private final ParquetFileWriter file;
  private final Map<String, String> footer;
  private final long rowGroupBytes;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private RecordConsumer out;
  private long records;
  private long nextCheck = MIN_RECORDS_BETWEEN_CHECKS;

  /**
   * @param noDictionary nearly unique columns (ids, times, sizes): a dictionary would only cost
   */
  public DirectParquetWriter(Configuration conf, Path path, StructType sparkSchema,
      Set<String> noDictionary, Fields<T> fields) throws IOException {
    this(conf, path, sparkSchema, noDictionary, fields, ROW_GROUP_BYTES);
  }

  DirectParquetWriter(Configuration conf, Path path, StructType sparkSchema, Set<String> noDictionary,
      Fields<T> fields, long rowGroupBytes) throws IOException {
    this.rowGroupBytes = rowGroupBytes;
    this.schema = parquetSchema(sparkSchema);
    this.fields = fields;
    ParquetProperties.Builder props = ParquetProperties.builder();
    for (String column : noDictionary) {
      props.withDictionaryEncoding(column, false);
    }
    this.properties = props.build();
    this.codecs = new CodecFactory(conf, properties.getPageSizeThreshold());
    this.compressor = codecs.getCompressor(CompressionCodecName.SNAPPY);
    // Spark restores its exact types from this footer entry.
    this.footer = Map.of("org.apache.spark.sql.parquet.row.metadata", sparkSchema.json());
    this.file = new ParquetFileWriter(HadoopOutputFile.fromPath(path, conf), schema, ParquetFileWriter.Mode.OVERWRITE,
        rowGroupBytes, 0, properties.getColumnIndexTruncateLength(), properties.getStatisticsTruncateLength(),
        properties.getPageWriteChecksumEnabled());
    file.start();
    startRowGroup();
  }

  public void write(T value) throws IOException {
    out.startMessage();
    fields.write(out, value);
    out.endMessage();
    if (++records >= nextCheck) {
      long buffered = columns.getBufferedSize();
      long perRecord = Math.max(1, buffered / records);
      if (buffered > rowGroupBytes - 2 * perRecord) {
        flushRowGroup();
        startRowGroup();
      } else {
        nextCheck = Math.min(Math.max(MIN_RECORDS_BETWEEN_CHECKS, (records + rowGroupBytes / perRecord) / 2),
            records + MAX_RECORDS_BETWEEN_CHECKS);
      }
    }
  }

  @Override
  public void close() throws IOException {
    boolean ended = false;
    try {
      flushRowGroup();
      file.end(footer); // also closes the file
      ended = true;
    } finally {
      if (!ended) {
        closeQuietly(); // a failed flush must not leave the output stream open
      }
      codecs.release();
    }
  }

  private void closeQuietly() {
    try {
      file.close();
    } catch (IOException | RuntimeException e) {
      // the failure being thrown is the one that matters
    }
  }

  /**
   * A flat schema (primitive columns only, at most 64) is written straight to its column
   * writers ({@link FlatColumns}); others through Parquet's record-to-columns layer.
   */
  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
        properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled());
    columns = properties.newColumnWriteStore(schema, pages);
    out = FlatColumns.fits(schema) ? new FlatColumns(schema, columns)
        : new ColumnIOFactory(false).getColumnIO(schema).getRecordWriter(columns);
    records = 0;
    nextCheck = MIN_RECORDS_BETWEEN_CHECKS;
  }

  private void flushRowGroup() throws IOException {
    if (records > 0) {
      out.flush();
      file.startBlock(records);
      columns.flush();
      pages.flushToFileWriter(file);
      file.endBlock();
    }
    columns.close();
    pages.close();
  }

  /**
   * The Parquet schema Spark itself writes for {@code sparkSchema}, column for column: string,
   * long, int, double, boolean, timestamp (UTC microseconds) and {@code array<string>} columns
   * (three-level lists), optional where the Spark column is nullable.
   */
  public static MessageType parquetSchema(StructType sparkSchema) {
    List<Type> columns = new ArrayList<>();
    for (StructField field : sparkSchema.fields()) {
      columns.add(parquetColumn(field));
    }
    return new MessageType("spark_schema", columns);
  }

  private static Type parquetColumn(StructField field) {
    Type.Repetition repetition = field.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    DataType data = field.dataType();
    if (data instanceof ArrayType array && array.elementType().equals(DataTypes.StringType)) {
      return (array.containsNull() ? Types.list(repetition).optionalElement(PrimitiveType.PrimitiveTypeName.BINARY)
          : Types.list(repetition).requiredElement(PrimitiveType.PrimitiveTypeName.BINARY))
          .as(LogicalTypeAnnotation.stringType()).named(field.name());
    }
    PrimitiveType.PrimitiveTypeName type;
    LogicalTypeAnnotation logical = null;
    if (data.equals(DataTypes.StringType)) {
      type = PrimitiveType.PrimitiveTypeName.BINARY;
      logical = LogicalTypeAnnotation.stringType();
    } else if (data.equals(DataTypes.LongType)) {
      type = PrimitiveType.PrimitiveTypeName.INT64;
    } else if (data.equals(DataTypes.IntegerType)) {
      type = PrimitiveType.PrimitiveTypeName.INT32;
    } else if (data.equals(DataTypes.DoubleType)) {
      type = PrimitiveType.PrimitiveTypeName.DOUBLE;
    } else if (data.equals(DataTypes.BooleanType)) {
      type = PrimitiveType.PrimitiveTypeName.BOOLEAN;
    } else if (data.equals(DataTypes.TimestampType)) {
      type = PrimitiveType.PrimitiveTypeName.INT64;
      logical = LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS);
    } else {
      throw new IllegalArgumentException("no direct Parquet writer for column " + field.name() + " of type " + data);
    }
    return Types.primitive(type, repetition).as(logical).named(field.name());
  }

  /** Whether {@link #rows} takes this schema: every column a string, long, int, double, boolean or timestamp. */
  public static boolean takesRows(StructType sparkSchema) {
    for (StructField field : sparkSchema.fields()) {
      if (!ROW_TYPES.contains(field.dataType())) {
        return false;
      }
    }
    return true;
  }

  private static final Set<DataType> ROW_TYPES = Set.of(DataTypes.StringType, DataTypes.LongType,
      DataTypes.IntegerType, DataTypes.DoubleType, DataTypes.BooleanType, DataTypes.TimestampType);

  /**
   * A writer of {@link Row}s of a flat schema (string, long, int, double, boolean, timestamp
   * columns), for small tables the driver already holds.
   */
  public static DirectParquetWriter<Row> rows(Configuration conf, Path path, StructType sparkSchema) throws IOException {
    return rows(conf, path, sparkSchema, ROW_GROUP_BYTES);
  }

  static DirectParquetWriter<Row> rows(Configuration conf, Path path, StructType sparkSchema, long rowGroupBytes)
      throws IOException {
    return rows(conf, path, sparkSchema, rowGroupBytes, Set.of());
  }

  private static DirectParquetWriter<Row> rows(Configuration conf, Path path, StructType sparkSchema,
      long rowGroupBytes, Set<String> noDictionary) throws IOException {
    StructField[] fields = sparkSchema.fields();
    Value[] values = new Value[fields.length]; // each column's type decided once, here
    for (int i = 0; i < fields.length; i++) {
      DataType data = fields[i].dataType();
      if (data.equals(DataTypes.StringType)) {
        values[i] = (out, row, c) -> out.addBinary(Binary.fromString(row.getString(c)));
      } else if (data.equals(DataTypes.LongType)) {
        values[i] = (out, row, c) -> out.addLong(row.getLong(c));
      } else if (data.equals(DataTypes.IntegerType)) {
        values[i] = (out, row, c) -> out.addInteger(row.getInt(c));
      } else if (data.equals(DataTypes.DoubleType)) {
        values[i] = (out, row, c) -> out.addDouble(row.getDouble(c));
      } else if (data.equals(DataTypes.BooleanType)) {
        values[i] = (out, row, c) -> out.addBoolean(row.getBoolean(c));
      } else if (data.equals(DataTypes.TimestampType)) {
        values[i] = (out, row, c) -> {
          Instant t = row.getAs(c);
          out.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
        };
      } else {
        throw new IllegalArgumentException("no direct Parquet writer for column " + fields[i].name() + " of type "
            + data + " in a table of rows");
      }
    }
    return new DirectParquetWriter<>(conf, path, sparkSchema, noDictionary,
        (out, row) -> {
          for (int i = 0; i < fields.length; i++) {
            if (!row.isNullAt(i)) {
              out.startField(fields[i].name(), i);
              values[i].write(out, row, i);
              out.endField(fields[i].name(), i);
            }
          }
        }, rowGroupBytes);
  }

  /**
   * Rows the driver holds, as one Parquet file: how spark/Frames stages a long table it was handed
   * (job/SnapshotLock.publishing wires it in).
   */
  public static final Frames.RowsWriter ROWS = new Frames.RowsWriter() {
    @Override
    public boolean takes(StructType schema) {
      return takesRows(schema);
    }

    /**
     * No dictionary: the files live for one run, and building dictionaries of nearly unique ids
     * was the largest part of writing them (a profile of bench/goals.sh).
     */
    @Override
    public void write(Configuration conf, Path file, StructType schema, List<Row> rows) throws IOException {
      try (DirectParquetWriter<Row> out = rows(conf, file, schema, ROW_GROUP_BYTES, Set.of(schema.fieldNames()))) {
        for (Row row : rows) {
          out.write(row);
        }
      }
    }
  };

  /** Adds column {@code c} of a row (not null) as its Parquet value. */
  @FunctionalInterface
  private interface Value {
    void write(RecordConsumer out, Row row, int c);
  }

  // ---- field helpers: a null value is an absent optional field ------------------------------

  public static void longField(RecordConsumer out, int index, String name, Long value) {
    if (value != null) {
      out.startField(name, index);
      out.addLong(value);
      out.endField(name, index);
    }
  }

  /** A long field, absent when {@code value == absent} (a sentinel no real value takes). */
  public static void longField(RecordConsumer out, int index, String name, long value, long absent) {
    if (value != absent) {
      out.startField(name, index);
      out.addLong(value);
      out.endField(name, index);
    }
  }

  public static void intField(RecordConsumer out, int index, String name, Integer value) {
    if (value != null) {
      out.startField(name, index);
      out.addInteger(value);
      out.endField(name, index);
    }
  }

  public static void boolField(RecordConsumer out, int index, String name, Boolean value) {
    if (value != null) {
      out.startField(name, index);
      out.addBoolean(value);
      out.endField(name, index);
    }
  }

  public static void stringField(RecordConsumer out, int index, String name, String value) {
    if (value != null) {
      out.startField(name, index);
      out.addBinary(Binary.fromString(value));
      out.endField(name, index);
    }
  }

  /**
   * A string field from its UTF-8 bytes {@code bytes[offset..offset+length)}, which may change
   * once the call returns (the writer copies what it keeps): no String, no encoding per value.
   */
  public static void utf8Field(RecordConsumer out, int index, String name, byte[] bytes, int offset, int length) {
    out.startField(name, index);
    out.addBinary(Binary.fromReusedByteArray(bytes, offset, length));
    out.endField(name, index);
  }

  /**
   * An {@code array<string>} in Spark's (standard three-level) layout:
   * {@code optional group name (LIST) { repeated group list { optional binary element (STRING) } }}.
   */
  public static void stringListField(RecordConsumer out, int index, String name, List<String> values) {
    if (values == null) {
      return;
    }
    out.startField(name, index);
    out.startGroup();
    if (!values.isEmpty()) {
      out.startField("list", 0);
      for (String value : values) {
        out.startGroup();
        stringField(out, 0, "element", value);
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
    out.endField(name, index);
  }
}
