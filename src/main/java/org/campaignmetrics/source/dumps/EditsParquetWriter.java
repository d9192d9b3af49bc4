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

  private EditsParquetWriter() {}

  /** A writer of one Parquet file at {@code path}. */
  static DirectParquetWriter<DumpEvent> open(Configuration conf, Path path) throws IOException {
    return new DirectParquetWriter<>(conf, path, Edits.DATA_SCHEMA, NO_DICTIONARY, EditsParquetWriter::fields);
  }

  private static void fields(RecordConsumer out, DumpEvent e) {
    longField(out, 0, Edits.REVISION_ID, e.revisionId, DumpEvent.NONE);
    longField(out, 1, Edits.EVENT_TS, e.eventTs, DumpEvent.NONE);
    longField(out, 2, Edits.USER_ID, e.userId, DumpEvent.NONE);
    longField(out, 3, Edits.USER_CENTRAL_ID, e.userCentralId, DumpEvent.NONE);
    if (e.userNameBytes != null) {
      utf8Field(out, 4, Edits.USER_NAME, e.userNameBytes, e.userNameOffset, e.userNameLength);
    } else {
      stringField(out, 4, Edits.USER_NAME, e.userName);
    }
    boolField(out, 5, Edits.USER_IS_ANONYMOUS, e.userIsAnonymous);
    boolField(out, 6, Edits.USER_IS_TEMPORARY, e.userIsTemporary);
    boolField(out, 7, Edits.USER_IS_BOT, e.userIsBot);
    longField(out, 8, Edits.PAGE_ID, e.pageId, DumpEvent.NONE);
    intField(out, 9, Edits.PAGE_NAMESPACE, e.pageNamespace);
    boolField(out, 10, Edits.PAGE_NAMESPACE_IS_CONTENT, e.pageNamespaceIsContent);
    boolField(out, 11, Edits.IS_PAGE_CREATION, e.isPageCreation);
    longField(out, 12, Edits.BYTES_DIFF, e.bytesDiff, DumpEvent.NONE);
    boolField(out, 13, Edits.PAGE_IS_DELETED, e.pageIsDeleted);
    boolField(out, 14, Edits.IS_REVERTED, e.isReverted);
  }
}
