package org.campaignmetrics.model;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Guards and projections shared by every transformation. */
public final class Columns {
  private Columns() {}

  /** Fails with a readable message naming the missing columns; call before a transformation uses them. */
  public static void require(Dataset<Row> data, String... columns) {
    List<String> present = Arrays.asList(data.columns());
    List<String> missing = Arrays.stream(columns).filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing column(s) " + missing + "; the input has " + present);
    }
  }

  /** Column names as the Scala sequence {@code Dataset.join(other, usingColumns)} takes. */
  public static Seq<String> names(String... columns) {
    return CollectionConverters.asScala(List.of(columns)).toSeq();
  }

  /** Selects exactly the schema's columns by name, in its order (the dataset's model decides them). */
  public static Dataset<Row> select(Dataset<Row> data, StructType schema) {
    require(data, schema.fieldNames());
    return data.select(Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new));
  }

  /** Selects exactly the schema's columns, in its order, cast to its types. */
  public static Dataset<Row> project(Dataset<Row> data, StructType schema) {
    require(data, schema.fieldNames());
    Column[] columns = Arrays.stream(schema.fields())
        .map(f -> functions.col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
    return data.select(columns);
  }
}
