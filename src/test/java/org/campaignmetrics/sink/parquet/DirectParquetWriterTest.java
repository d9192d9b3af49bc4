package org.campaignmetrics.sink.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Users;
import org.junit.jupiter.api.Test;

/** The Parquet schema derived from a Spark schema is the one Spark writes and reads back. */
class DirectParquetWriterTest {
  @Test
  void usersSchemaColumnForColumn() {
    MessageType schema = DirectParquetWriter.parquetSchema(Users.DATA_SCHEMA);
    assertEquals(Users.DATA_SCHEMA.fields().length, schema.getFieldCount());

    Type userId = schema.getType(Users.USER_ID);
    assertEquals(Type.Repetition.REQUIRED, userId.getRepetition());
    assertEquals(PrimitiveTypeName.INT64, userId.asPrimitiveType().getPrimitiveTypeName());

    Type name = schema.getType(Users.USER_NAME);
    assertEquals(Type.Repetition.OPTIONAL, name.getRepetition());
    assertEquals(PrimitiveTypeName.BINARY, name.asPrimitiveType().getPrimitiveTypeName());
    assertEquals(LogicalTypeAnnotation.stringType(), name.getLogicalTypeAnnotation());

    Type registration = schema.getType(Users.REGISTRATION_TS);
    assertEquals(PrimitiveTypeName.INT64, registration.asPrimitiveType().getPrimitiveTypeName());
    assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
        registration.getLogicalTypeAnnotation());

    // array<string>: optional group groups (LIST) { repeated group list { optional binary element (STRING) } }
    GroupType groups = schema.getType(Users.GROUPS).asGroupType();
    assertEquals(Type.Repetition.OPTIONAL, groups.getRepetition());
    assertEquals(LogicalTypeAnnotation.listType(), groups.getLogicalTypeAnnotation());
    GroupType list = groups.getType(0).asGroupType();
    assertEquals("list", list.getName());
    assertEquals(Type.Repetition.REPEATED, list.getRepetition());
    Type element = list.getType(0);
    assertEquals("element", element.getName());
    assertEquals(Type.Repetition.OPTIONAL, element.getRepetition());
    assertEquals(LogicalTypeAnnotation.stringType(), element.getLogicalTypeAnnotation());
  }

  @Test
  void anUnsupportedColumnIsNamed() {
    StructType schema = new StructType().add("scores", DataTypes.createMapType(DataTypes.StringType,
        DataTypes.LongType));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DirectParquetWriter.parquetSchema(schema));
    assertTrue(e.getMessage().contains("scores"), e.getMessage());
  }
}
