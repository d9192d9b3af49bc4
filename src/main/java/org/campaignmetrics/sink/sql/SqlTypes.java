package org.campaignmetrics.sink.sql;

import java.util.Locale;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one mapping of our datasets' column types to each SQL dialect we write: the tables of
 * {@code output.sql} (PostgreSQL, MariaDB), the DuckDB catalog's empty views, the Superset
 * datasets' column types, and the external tables of {@code tables} (Hive, Trino). Arrays and
 * structs are JSON text where the dialect has no such type in our tables (PostgreSQL, MariaDB),
 * text for Superset's column metadata, and real nested types in Hive and Trino.
 */
public final class SqlTypes {
  public enum Dialect { POSTGRESQL, MARIADB, DUCKDB, SUPERSET, HIVE, TRINO }

  private SqlTypes() {}

  public static String of(DataType type, Dialect dialect) {
    if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
      return switch (dialect) {
        case HIVE -> type.catalogString(); // array<struct<path:string,…>>
        case TRINO -> trinoNested(type);
        case POSTGRESQL, MARIADB -> "TEXT"; // JSON text, as in the CSV copies
        case DUCKDB, SUPERSET -> "VARCHAR";
      };
    }
    if (dialect == Dialect.TRINO) {
      return scalar(type, Dialect.TRINO).toLowerCase(Locale.ROOT);
    }
    return scalar(type, dialect);
  }

  private static String scalar(DataType type, Dialect dialect) {
    if (type.equals(DataTypes.StringType)) {
      return switch (dialect) {
        case POSTGRESQL, MARIADB -> "TEXT";
        case HIVE -> "STRING";
        default -> "VARCHAR";
      };
    } else if (type.equals(DataTypes.IntegerType)) {
      return dialect == Dialect.HIVE ? "INT" : "INTEGER";
    } else if (type.equals(DataTypes.LongType)) {
      return "BIGINT";
    } else if (type.equals(DataTypes.DoubleType)) {
      return dialect == Dialect.POSTGRESQL ? "DOUBLE PRECISION" : "DOUBLE";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    } else if (type.equals(DataTypes.TimestampType)) {
      return switch (dialect) {
        case MARIADB -> "DATETIME(6)"; // UTC, without a zone
        case DUCKDB -> "TIMESTAMP WITH TIME ZONE"; // what read_parquet gives for Spark's UTC-adjusted micros
        case TRINO -> "TIMESTAMP(3)";
        default -> "TIMESTAMP";
      };
    } else if (type.equals(DataTypes.DateType)) {
      return "DATE";
    }
    throw new IllegalArgumentException("no " + dialect + " type for " + type);
  }

  private static String trinoNested(DataType type) {
    if (type instanceof ArrayType array) {
      return "array(" + of(array.elementType(), Dialect.TRINO) + ")";
    }
    if (type instanceof StructType struct) {
      StringBuilder row = new StringBuilder("row(");
      StructField[] fields = struct.fields();
      for (int i = 0; i < fields.length; i++) {
        row.append(i == 0 ? "" : ", ").append(fields[i].name()).append(' ').append(of(fields[i].dataType(), Dialect.TRINO));
      }
      return row.append(')').toString();
    }
    throw new IllegalArgumentException("no Trino type for " + type);
  }
}
