package org.campaignmetrics.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
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

/**
 * Writes objects straight to one Parquet file in a dataset's final layout (snappy; Spark's
 * schema in the footer, so Spark reads it back exactly, nullability included), without Spark's
 * row conversion, a sort or a Spark job: what the staging tasks write {@code edits} and
 * {@code users} with, and {@link #rows} small driver-side tables. {@link Fields} writes one
 * object's fields through the helpers below.
 */
public final class DirectParquetWriter<T> implements AutoCloseable {
  private static final int ROW_GROUP_BYTES = 32 << 20;

  /** Writes the fields of one object (between start and end of the message). */
  @FunctionalInterface
  public interface Fields<T> {
    void write(RecordConsumer out, T value);
  }

  private final ParquetWriter<T> writer;

  /**
   * @param noDictionary nearly unique columns (ids, times, sizes): a dictionary would only cost
   */
  public DirectParquetWriter(Configuration conf, Path path, StructType sparkSchema,
      Set<String> noDictionary, Fields<T> fields) throws IOException {
    Builder<T> builder = new Builder<>(HadoopOutputFile.fromPath(path, conf), parquetSchema(sparkSchema),
        sparkSchema, fields)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(ROW_GROUP_BYTES);
    for (String column : noDictionary) {
      builder = builder.withDictionaryEncoding(column, false);
    }
    writer = builder.build();
  }

  public void write(T value) throws IOException {
    writer.write(value);
  }

  @Override
  public void close() throws IOException {
    writer.close();
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

  /**
   * A writer of {@link Row}s of a flat schema (string, long, int, double, boolean, timestamp
   * columns), for small tables the driver already holds.
   */
  public static DirectParquetWriter<Row> rows(Configuration conf, Path path, StructType sparkSchema) throws IOException {
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
          java.time.Instant t = row.getAs(c);
          out.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
        };
      } else {
        throw new IllegalArgumentException("no direct Parquet writer for column " + fields[i].name() + " of type "
            + data + " in a table of rows");
      }
    }
    return new DirectParquetWriter<>(conf, path, sparkSchema, Set.of(),
        (out, row) -> {
          for (int i = 0; i < fields.length; i++) {
            if (!row.isNullAt(i)) {
              out.startField(fields[i].name(), i);
              values[i].write(out, row, i);
              out.endField(fields[i].name(), i);
            }
          }
        });
  }

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

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final MessageType schema;
    private final StructType sparkSchema;
    private final Fields<T> fields;

    Builder(org.apache.parquet.io.OutputFile file, MessageType schema, StructType sparkSchema, Fields<T> fields) {
      super(file);
      this.schema = schema;
      this.sparkSchema = sparkSchema;
      this.fields = fields;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return new WriteSupport<>() {
        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
          Map<String, String> metadata = new HashMap<>();
          // Spark restores its exact schema (nullability included) from this footer entry.
          metadata.put("org.apache.spark.sql.parquet.row.metadata", sparkSchema.json());
          return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
          out = recordConsumer;
        }

        @Override
        public void write(T value) {
          out.startMessage();
          fields.write(out, value);
          out.endMessage();
        }
      };
    }
  }
}
