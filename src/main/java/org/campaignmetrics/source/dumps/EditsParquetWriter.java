package org.campaignmetrics.source.dumps;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
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
import org.apache.parquet.schema.Types;
import org.campaignmetrics.model.Edits;

/**
 * Writes a staging piece's {@code edits} rows straight from {@link DumpEvent} to one Parquet
 * file in the dataset's final layout (snappy; UTC microsecond timestamps; Spark's schema in the
 * footer), so that the rows never go through Spark's row conversion or a sort, and publishing
 * is a rename. Nearly unique columns (ids, times, sizes) get no dictionary.
 */
final class EditsParquetWriter implements AutoCloseable {
  /** The file schema: {@link Edits#DATA_SCHEMA}, column for column. */
  static final MessageType SCHEMA = Types.buildMessage()
      .required(INT64).named(Edits.REVISION_ID)
      .required(INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
      .named(Edits.EVENT_TS)
      .optional(INT64).named(Edits.USER_ID)
      .optional(INT64).named(Edits.USER_CENTRAL_ID)
      .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named(Edits.USER_NAME)
      .optional(BOOLEAN).named(Edits.USER_IS_ANONYMOUS)
      .optional(BOOLEAN).named(Edits.USER_IS_TEMPORARY)
      .optional(BOOLEAN).named(Edits.USER_IS_BOT)
      .optional(INT64).named(Edits.PAGE_ID)
      .optional(INT32).named(Edits.PAGE_NAMESPACE)
      .optional(BOOLEAN).named(Edits.PAGE_NAMESPACE_IS_CONTENT)
      .optional(BOOLEAN).named(Edits.IS_PAGE_CREATION)
      .optional(INT64).named(Edits.BYTES_DIFF)
      .optional(BOOLEAN).named(Edits.PAGE_IS_DELETED)
      .optional(BOOLEAN).named(Edits.IS_REVERTED)
      .named("spark_schema");

  private static final int ROW_GROUP_BYTES = 32 << 20;

  private final ParquetWriter<DumpEvent> writer;
  private long rows;

  EditsParquetWriter(Configuration conf, Path path) throws IOException {
    Builder builder = new Builder(HadoopOutputFile.fromPath(path, conf))
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize(ROW_GROUP_BYTES);
    for (String column : new String[] {Edits.REVISION_ID, Edits.EVENT_TS, Edits.USER_ID, Edits.USER_CENTRAL_ID,
        Edits.PAGE_ID, Edits.BYTES_DIFF}) {
      builder = builder.withDictionaryEncoding(column, false);
    }
    writer = builder.build();
  }

  void write(DumpEvent event) throws IOException {
    writer.write(event);
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<DumpEvent, Builder> {
    Builder(org.apache.parquet.io.OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<DumpEvent> getWriteSupport(Configuration conf) {
      return new EditWriteSupport();
    }
  }

  private static final class EditWriteSupport extends WriteSupport<DumpEvent> {
    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> metadata = new HashMap<>();
      // Spark restores its exact schema (nullability included) from this footer entry.
      metadata.put("org.apache.spark.sql.parquet.row.metadata", Edits.DATA_SCHEMA.json());
      return new WriteContext(SCHEMA, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(DumpEvent e) {
      out.startMessage();
      longField(0, Edits.REVISION_ID, e.revisionId);
      longField(1, Edits.EVENT_TS, e.eventTs);
      longField(2, Edits.USER_ID, e.userId);
      longField(3, Edits.USER_CENTRAL_ID, e.userCentralId);
      if (e.userName != null) {
        out.startField(Edits.USER_NAME, 4);
        out.addBinary(Binary.fromString(e.userName));
        out.endField(Edits.USER_NAME, 4);
      }
      boolField(5, Edits.USER_IS_ANONYMOUS, e.userIsAnonymous);
      boolField(6, Edits.USER_IS_TEMPORARY, e.userIsTemporary);
      boolField(7, Edits.USER_IS_BOT, e.userIsBot);
      longField(8, Edits.PAGE_ID, e.pageId);
      if (e.pageNamespace != null) {
        out.startField(Edits.PAGE_NAMESPACE, 9);
        out.addInteger(e.pageNamespace);
        out.endField(Edits.PAGE_NAMESPACE, 9);
      }
      boolField(10, Edits.PAGE_NAMESPACE_IS_CONTENT, e.pageNamespaceIsContent);
      boolField(11, Edits.IS_PAGE_CREATION, e.isPageCreation);
      longField(12, Edits.BYTES_DIFF, e.bytesDiff);
      boolField(13, Edits.PAGE_IS_DELETED, e.pageIsDeleted);
      boolField(14, Edits.IS_REVERTED, e.isReverted);
      out.endMessage();
    }

    private void longField(int index, String name, Long value) {
      if (value != null) {
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
      }
    }

    private void boolField(int index, String name, Boolean value) {
      if (value != null) {
        out.startField(name, index);
        out.addBoolean(value);
        out.endField(name, index);
      }
    }
  }
}
