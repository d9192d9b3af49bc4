package org.campaignmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.UtcTime;

/**
 * Table-literal fixtures, as in refinery's {@code TestUserHistoryHelpers}: a header line names the
 * columns, each row lists their values aligned under it, every other column of the schema takes
 * its default (or null), and {@code null} is spelled out.
 *
 * <pre>{@code
 * Dataset<Row> users = Tables.of(spark, Users.SCHEMA, Map.of("created_by", "self"),
 *     "wiki_db  user_id  user_name  registration_ts",
 *     "enwiki   1        Ann        2021-09-05T00:00:00Z",
 *     "enwiki   2        Bob        null");
 * }</pre>
 *
 * Values are read by the column's type: whole numbers, {@code true}/{@code false}, an ISO instant
 * ({@code 2021-09-05T00:00:00Z}) or a day ({@code 2021-09-05}, midnight UTC) for a timestamp, a
 * comma-separated list for an array of strings ({@code []} is empty); a value with spaces is
 * written in double quotes. The expected output of a test is a table too ({@link #assertRows}).
 */
public final class Tables {
  private Tables() {}

  /** A Dataset of {@code schema} from the table; columns not in the header take {@code defaults}, else null. */
  public static Dataset<Row> of(SparkSession spark, StructType schema, Map<String, ?> defaults, String header,
      String... rows) {
    return spark.createDataFrame(rows(schema, defaults, header, rows), schema);
  }

  /** As {@link #of}, with no defaults. */
  public static Dataset<Row> of(SparkSession spark, StructType schema, String header, String... rows) {
    return of(spark, schema, Map.of(), header, rows);
  }

  /** The rows of the table, in {@code schema}'s column order (each knows its schema). */
  public static List<Row> rows(StructType schema, Map<String, ?> defaults, String header, String... rows) {
    List<String> columns = split(header);
    for (String column : columns) {
      if (!Arrays.asList(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("header column '" + column + "' is not in the schema "
            + Arrays.toString(schema.fieldNames()));
      }
    }
    for (String column : defaults.keySet()) {
      if (!Arrays.asList(schema.fieldNames()).contains(column)) {
        throw new IllegalArgumentException("default for '" + column + "', which is not in the schema");
      }
    }
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < rows.length; r++) {
      List<String> cells = split(rows[r]);
      if (cells.size() != columns.size()) {
        throw new IllegalArgumentException("row " + (r + 1) + " has " + cells.size() + " values for "
            + columns.size() + " columns " + columns + ": " + rows[r]);
      }
      Object[] values = new Object[schema.size()];
      for (int i = 0; i < schema.size(); i++) {
        StructField field = schema.fields()[i];
        int at = columns.indexOf(field.name());
        Object value = at >= 0 ? parse(cells.get(at), field.dataType(), field.name(), r + 1) : defaults.get(field.name());
        if (value == null && !field.nullable()) {
          throw new IllegalArgumentException("row " + (r + 1) + ": column " + field.name()
              + " may not be null; give it in the header or as a default");
        }
        values[i] = value;
      }
      out.add(new GenericRowWithSchema(values, schema));
    }
    return out;
  }

  /**
   * Asserts that {@code actual} holds exactly the expected rows (in any order), comparing the
   * header's columns only; the expected values are read with {@code actual}'s column types.
   */
  public static void assertRows(Dataset<Row> actual, String header, String... expectedRows) {
    List<String> columns = split(header);
    StructType schema = new StructType();
    for (String column : columns) {
      schema = schema.add(actual.schema().apply(column));
    }
    List<String> expected = rows(schema, Map.of(), header, expectedRows).stream().map(Tables::render).sorted()
        .toList();
    List<String> got = actual.select(columns.stream().map(Column::new).toArray(Column[]::new)).collectAsList()
        .stream().map(Tables::render).sorted().toList();
    assertEquals(String.join("\n", expected), String.join("\n", got), "rows of " + columns);
  }

  private static String render(Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.get(i);
      if (value instanceof scala.collection.Seq<?> seq) {
        value = scala.jdk.javaapi.CollectionConverters.asJava(seq);
      }
      if (value instanceof java.sql.Timestamp ts) {
        value = ts.toInstant();
      }
      cells.add(Objects.toString(value));
    }
    return String.join(" | ", cells);
  }

  private static Object parse(String cell, DataType type, String column, int row) {
    if (cell.equals("null")) {
      return null;
    }
    try {
      if (type.equals(DataTypes.StringType)) {
        return cell;
      } else if (type.equals(DataTypes.LongType)) {
        return Long.parseLong(cell);
      } else if (type.equals(DataTypes.IntegerType)) {
        return Integer.parseInt(cell);
      } else if (type.equals(DataTypes.DoubleType)) {
        return Double.parseDouble(cell);
      } else if (type.equals(DataTypes.BooleanType)) {
        if (!cell.equals("true") && !cell.equals("false")) {
          throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(cell);
      } else if (type.equals(DataTypes.TimestampType)) {
        return UtcTime.parse(cell);
      } else if (type instanceof ArrayType array && array.elementType().equals(DataTypes.StringType)) {
        String items = cell.equals("[]") ? "" : cell;
        return items.isEmpty() ? new String[0] : items.split(",");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("row " + row + ", column " + column + ": '" + cell + "' is not a "
          + type.simpleString() + " (" + e.getMessage() + ")", e);
    }
    throw new IllegalArgumentException("column " + column + ": type " + type.simpleString() + " not supported");
  }

  /** Whitespace-separated cells; a cell in double quotes may hold spaces. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = line.indexOf('"', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed quote in: " + line);
        }
        cells.add(line.substring(i + 1, end));
        i = end + 1;
      } else {
        int end = i;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
          end++;
        }
        cells.add(line.substring(i, end));
        i = end;
      }
    }
    return cells;
  }
}
