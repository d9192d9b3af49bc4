package org.campaignmetrics.source.dumps;

import static org.campaignmetrics.sink.parquet.DirectParquetWriter.boolField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.intField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.longField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.stringField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.utf8Field;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.api.RecordConsumer;
import org.campaignmetrics.format.dumps.DumpEvent;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;

/**
 * Writes a staging piece's {@code edits} rows straight from {@link DumpEvent} to one Parquet
 * file in the dataset's final layout (UTC microsecond timestamps), so that publishing is a
 * rename. Nearly unique columns (ids, times, sizes, user names) get no dictionary.
 */
final class EditsParquetWriter {
  /**
   * Also {@code user_name}: a piece has as many names as users, so its dictionary outgrew the
   * dictionary page and fell back to plain encoding after costing a hash lookup per row (an eighth
   * of the staging CPU); snappy still shares the repeats within a page.
   */
  private static final Set<String> NO_DICTIONARY = Set.of(Edits.REVISION_ID, Edits.EVENT_TS, Edits.USER_ID,
      Edits.USER_CENTRAL_ID, Edits.USER_NAME, Edits.PAGE_ID, Edits.BYTES_DIFF);

  /** Each column's position in {@code Edits.DATA_SCHEMA}, the file's schema (not a literal). */
  private static final int REVISION_ID_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.REVISION_ID);
  private static final int EVENT_TS_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.EVENT_TS);
  private static final int USER_ID_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_ID);
  private static final int USER_CENTRAL_ID_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_CENTRAL_ID);
  private static final int USER_NAME_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_NAME);
  private static final int USER_IS_ANONYMOUS_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_IS_ANONYMOUS);
  private static final int USER_IS_TEMPORARY_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_IS_TEMPORARY);
  private static final int USER_IS_BOT_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.USER_IS_BOT);
  private static final int PAGE_ID_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.PAGE_ID);
  private static final int PAGE_NAMESPACE_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.PAGE_NAMESPACE);
  private static final int PAGE_NAMESPACE_IS_CONTENT_FIELD =
      Edits.DATA_SCHEMA.fieldIndex(Edits.PAGE_NAMESPACE_IS_CONTENT);
  private static final int IS_PAGE_CREATION_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.IS_PAGE_CREATION);
  private static final int BYTES_DIFF_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.BYTES_DIFF);
  private static final int PAGE_IS_DELETED_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.PAGE_IS_DELETED);
  private static final int IS_REVERTED_FIELD = Edits.DATA_SCHEMA.fieldIndex(Edits.IS_REVERTED);

  private EditsParquetWriter() {}

  /** A writer of one Parquet file at {@code path}. */
  static DirectParquetWriter<DumpEvent> open(Configuration conf, Path path) throws IOException {
    return new DirectParquetWriter<>(conf, path, Edits.DATA_SCHEMA, NO_DICTIONARY, EditsParquetWriter::fields);
  }

  private static void fields(RecordConsumer out, DumpEvent e) {
    longField(out, REVISION_ID_FIELD, Edits.REVISION_ID, e.revisionId, DumpEvent.NONE);
    longField(out, EVENT_TS_FIELD, Edits.EVENT_TS, e.eventTs, DumpEvent.NONE);
    longField(out, USER_ID_FIELD, Edits.USER_ID, e.userId, DumpEvent.NONE);
    longField(out, USER_CENTRAL_ID_FIELD, Edits.USER_CENTRAL_ID, e.userCentralId, DumpEvent.NONE);
    if (e.userNameBytes != null) {
      utf8Field(out, USER_NAME_FIELD, Edits.USER_NAME, e.userNameBytes, e.userNameOffset, e.userNameLength);
    } else {
      stringField(out, USER_NAME_FIELD, Edits.USER_NAME, e.userName);
    }
    boolField(out, USER_IS_ANONYMOUS_FIELD, Edits.USER_IS_ANONYMOUS, e.userIsAnonymous);
    boolField(out, USER_IS_TEMPORARY_FIELD, Edits.USER_IS_TEMPORARY, e.userIsTemporary);
    boolField(out, USER_IS_BOT_FIELD, Edits.USER_IS_BOT, e.userIsBot);
    longField(out, PAGE_ID_FIELD, Edits.PAGE_ID, e.pageId, DumpEvent.NONE);
    intField(out, PAGE_NAMESPACE_FIELD, Edits.PAGE_NAMESPACE, e.pageNamespace);
    boolField(out, PAGE_NAMESPACE_IS_CONTENT_FIELD, Edits.PAGE_NAMESPACE_IS_CONTENT, e.pageNamespaceIsContent);
    boolField(out, IS_PAGE_CREATION_FIELD, Edits.IS_PAGE_CREATION, e.isPageCreation);
    longField(out, BYTES_DIFF_FIELD, Edits.BYTES_DIFF, e.bytesDiff, DumpEvent.NONE);
    boolField(out, PAGE_IS_DELETED_FIELD, Edits.PAGE_IS_DELETED, e.pageIsDeleted);
    boolField(out, IS_REVERTED_FIELD, Edits.IS_REVERTED, e.isReverted);
  }
}
