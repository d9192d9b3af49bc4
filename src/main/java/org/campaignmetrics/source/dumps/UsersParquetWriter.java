package org.campaignmetrics.source.dumps;

import static org.campaignmetrics.sink.parquet.DirectParquetWriter.boolField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.longField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.stringField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.stringListField;
import static org.campaignmetrics.sink.parquet.DirectParquetWriter.utf8Field;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.api.RecordConsumer;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;

/** Writes merged users ({@link UserRuns}) to one Parquet file of the {@code users} layout. */
final class UsersParquetWriter {
  private static final Set<String> NO_DICTIONARY = Set.of(Users.USER_ID, Users.USER_CENTRAL_ID,
      Users.REGISTRATION_TS, Users.CREATION_TS, Users.FIRST_EDIT_TS, Users.LAST_EVENT_TS);

  private UsersParquetWriter() {}

  /** A writer of one Parquet file at {@code path}. */
  static DirectParquetWriter<UserObservation> open(Configuration conf, Path path) throws IOException {
    return new DirectParquetWriter<>(conf, path, Users.DATA_SCHEMA, NO_DICTIONARY, UsersParquetWriter::fields);
  }

  private static void fields(RecordConsumer out, UserObservation u) {
    longField(out, 0, Users.USER_ID, u.userId);
    if (u.name != null) {
      utf8Field(out, 1, Users.USER_NAME, u.name, 0, u.name.length);
    }
    longField(out, 2, Users.USER_CENTRAL_ID, u.centralId, UserObservation.NONE);
    longField(out, 3, Users.REGISTRATION_TS, u.registrationTs, UserObservation.NONE);
    longField(out, 4, Users.CREATION_TS, u.creationTs, UserObservation.NONE);
    longField(out, 5, Users.FIRST_EDIT_TS, u.firstEditTs, UserObservation.NONE);
    stringField(out, 6, Users.CREATED_BY, u.createdBy);
    stringListField(out, 7, Users.GROUPS, u.groupList());
    boolField(out, 8, Users.IS_BOT, u.isBot);
    boolField(out, 9, Users.IS_TEMPORARY, u.isTemporary);
    longField(out, 10, Users.LAST_EVENT_TS, u.lastEventTs, UserObservation.NONE);
  }
}
