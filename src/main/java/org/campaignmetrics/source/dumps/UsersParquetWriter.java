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

  /** Each column's position in {@code Users.DATA_SCHEMA}, the file's schema (not a literal). */
  private static final int USER_ID_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.USER_ID);
  private static final int USER_NAME_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.USER_NAME);
  private static final int USER_CENTRAL_ID_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.USER_CENTRAL_ID);
  private static final int REGISTRATION_TS_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.REGISTRATION_TS);
  private static final int CREATION_TS_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.CREATION_TS);
  private static final int FIRST_EDIT_TS_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.FIRST_EDIT_TS);
  private static final int CREATED_BY_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.CREATED_BY);
  private static final int GROUPS_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.GROUPS);
  private static final int IS_BOT_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.IS_BOT);
  private static final int IS_TEMPORARY_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.IS_TEMPORARY);
  private static final int LAST_EVENT_TS_FIELD = Users.DATA_SCHEMA.fieldIndex(Users.LAST_EVENT_TS);

  private UsersParquetWriter() {}

  /** A writer of one Parquet file at {@code path}. */
  static DirectParquetWriter<UserObservation> open(Configuration conf, Path path) throws IOException {
    return new DirectParquetWriter<>(conf, path, Users.DATA_SCHEMA, NO_DICTIONARY, UsersParquetWriter::fields);
  }

  private static void fields(RecordConsumer out, UserObservation u) {
    longField(out, USER_ID_FIELD, Users.USER_ID, u.userId);
    if (u.name != null) {
      utf8Field(out, USER_NAME_FIELD, Users.USER_NAME, u.name, 0, u.name.length);
    }
    longField(out, USER_CENTRAL_ID_FIELD, Users.USER_CENTRAL_ID, u.centralId, UserObservation.NONE);
    longField(out, REGISTRATION_TS_FIELD, Users.REGISTRATION_TS, u.registrationTs, UserObservation.NONE);
    longField(out, CREATION_TS_FIELD, Users.CREATION_TS, u.creationTs, UserObservation.NONE);
    longField(out, FIRST_EDIT_TS_FIELD, Users.FIRST_EDIT_TS, u.firstEditTs, UserObservation.NONE);
    stringField(out, CREATED_BY_FIELD, Users.CREATED_BY, u.createdBy);
    stringListField(out, GROUPS_FIELD, Users.GROUPS, u.groupList());
    boolField(out, IS_BOT_FIELD, Users.IS_BOT, u.isBot);
    boolField(out, IS_TEMPORARY_FIELD, Users.IS_TEMPORARY, u.isTemporary);
    longField(out, LAST_EVENT_TS_FIELD, Users.LAST_EVENT_TS, u.lastEventTs, UserObservation.NONE);
  }
}
