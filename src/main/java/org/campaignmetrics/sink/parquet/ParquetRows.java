package org.campaignmetrics.sink.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a small Parquet file the job wrote into rows of column name to value, without a Spark job
 * (the report reads a dozen tiny aggregates; as Spark jobs that took seconds). Interprets the
 * columns by the dataset's Spark schema: strings, longs, ints, doubles, booleans, timestamps (UTC
 * microseconds, as ISO-8601 text), arrays of those or of structs (Spark's three-level lists); a
 * missing value is null. Only for the aggregates: no projection, no predicate push-down.
 */
public final class ParquetRows {
  private ParquetRows() {}

  public static List<Map<String, Object>> read(Configuration conf, Path file, StructType schema) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        rows.add(struct(group, schema));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
    return rows;
  }

  private static Map<String, Object> struct(Group group, StructType schema) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      String name = field.name();
      boolean present = group.getType().containsField(name) && group.getFieldRepetitionCount(name) > 0;
      row.put(name, present ? value(group, name, field.dataType()) : null);
    }
    return row;
  }

  private static Object value(Group group, String name, DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return group.getString(name, 0);
    } else if (type.equals(DataTypes.LongType)) {
      return group.getLong(name, 0);
    } else if (type.equals(DataTypes.IntegerType)) {
      return group.getInteger(name, 0);
    } else if (type.equals(DataTypes.DoubleType)) {
      return group.getDouble(name, 0);
    } else if (type.equals(DataTypes.BooleanType)) {
      return group.getBoolean(name, 0);
    } else if (type.equals(DataTypes.TimestampType)) {
      long micros = group.getLong(name, 0);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    } else if (type instanceof StructType struct) {
      return struct(group.getGroup(name, 0), struct);
    } else if (type instanceof ArrayType array) {
      Group list = group.getGroup(name, 0);
      String repeated = list.getType().getType(0).getName(); // "list" (Spark) or "array"/"bag"
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < list.getFieldRepetitionCount(repeated); i++) {
        Group entry = list.getGroup(repeated, i);
        String element = entry.getType().getType(0).getName();
        values.add(entry.getFieldRepetitionCount(element) == 0 ? null : value(entry, element, array.elementType()));
      }
      return values;
    }
    throw new IllegalArgumentException("ParquetRows: no reading for " + type + " (column " + name + ")");
  }
}
