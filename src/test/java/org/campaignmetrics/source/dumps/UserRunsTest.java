package org.campaignmetrics.source.dumps;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;
import org.campaignmetrics.source.CanonicalUsers;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs of user observations staged per piece and their merge into {@code users} rows. */
class UserRunsTest extends SparkTestBase {
  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @TempDir
  java.nio.file.Path tmp;

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private static UserObservation obs(long id, Long ts, String name) {
    UserObservation o = new UserObservation(id);
    o.lastEventTs = ts == null ? UserObservation.NONE : ts;
    o.name = utf8(name);
    return o;
  }

  private Path run(String name, UserObservation... users) throws IOException {
    LongMap<UserObservation> map = new LongMap<>();
    for (UserObservation u : users) {
      map.put(u.userId, u);
    }
    Path path = new Path(tmp.resolve(name).toUri());
    UserRuns.write(fs(), path, map);
    return path;
  }

  private Map<Long, UserObservation> merge(List<Path> runs) throws IOException {
    Map<Long, UserObservation> merged = new TreeMap<>();
    List<Long> order = new ArrayList<>();
    long n = UserRuns.merge(fs(), runs, new Path(tmp.resolve("scratch").toUri()), u -> {
      order.add(u.userId);
      merged.put(u.userId, u);
    });
    assertEquals(merged.size(), n);
    List<Long> sorted = new ArrayList<>(order);
    sorted.sort(null);
    assertEquals(sorted, order, "users come out in user id order, once each");
    return merged;
  }

  @Test
  void eachFieldComesFromTheLatestObservationThatHasIt() throws IOException {
    UserObservation a1 = obs(1, 100L, "Old name");
    a1.groups = UserObservation.groupsField(List.of("autoconfirmed"));
    a1.registrationTs = 50L;
    a1.createdBy = "self";
    a1.centralId = 9L;
    UserObservation b1 = obs(1, 200L, "New name");
    b1.registrationTs = 40L;
    b1.creationTs = 45L;
    b1.isBot = true;
    b1.isTemporary = false;
    UserObservation a3 = obs(3, 100L, "First run");
    UserObservation b3 = obs(3, 100L, "Second run");
    b3.isTemporary = true;
    UserObservation a2 = obs(2, null, "No time");
    a2.firstEditTs = 70L;
    UserObservation c3 = obs(3, 90L, null);
    c3.isTemporary = false;
    c3.groups = UserObservation.groupsField(List.of());

    Map<Long, UserObservation> users = merge(List.of(run("a", a1, a3, a2), run("b", b1, b3), run("c", c3)));

    assertEquals(3, users.size());
    UserObservation u1 = users.get(1L);
    assertEquals("New name", u1.nameString());
    assertEquals(List.of("autoconfirmed"), u1.groupList(), "only the older observation has groups");
    assertEquals("self", u1.createdBy);
    assertEquals(9L, UserObservation.boxed(u1.centralId));
    assertEquals(40L, UserObservation.boxed(u1.registrationTs), "the earliest registration");
    assertEquals(45L, UserObservation.boxed(u1.creationTs));
    assertNull(UserObservation.boxed(u1.firstEditTs));
    assertTrue(u1.isBot, "a bot if any observation says so");
    assertEquals(false, u1.isTemporary);
    assertEquals(200L, UserObservation.boxed(u1.lastEventTs));

    UserObservation u2 = users.get(2L);
    assertNull(u2.nameString(), "an observation without a time gives no latest value (max_by skips it)");
    assertNull(UserObservation.boxed(u2.lastEventTs));
    assertEquals(70L, UserObservation.boxed(u2.firstEditTs), "but its times still count for the earliest");
    assertFalse(u2.isBot);
    assertNull(u2.isTemporary);

    UserObservation u3 = users.get(3L);
    assertEquals("First run", u3.nameString(), "a tie goes to the earlier run");
    assertEquals(true, u3.isTemporary, "temporary if any observation says so");
    assertEquals(List.of(), u3.groupList(), "an empty list of groups is a value");
    assertEquals(100L, UserObservation.boxed(u3.lastEventTs));
  }

  @Test
  void moreRunsThanTheFanInAreMergedInRounds() throws IOException {
    List<Path> runs = new ArrayList<>();
    int count = UserRuns.FAN_IN * 2 + 7;
    for (int r = 0; r < count; r++) {
      // user r is in its own run; user 1_000_000 is in every run, with time r
      runs.add(run(String.format("run-%04d", r), obs(r, (long) r, "u" + r), obs(1_000_000, (long) r, "seen " + r)));
    }
    Map<Long, UserObservation> users = merge(runs);
    assertEquals(count + 1, users.size());
    assertEquals("u42", users.get(42L).nameString());
    assertEquals("seen " + (count - 1), users.get(1_000_000L).nameString());
    assertEquals((long) count - 1, users.get(1_000_000L).lastEventTs);
    assertFalse(Files.exists(tmp.resolve("scratch")), "intermediate runs are deleted");
  }

  @Test
  void aRunCutOffBeforeItsEndMarkerFailsNamingIt() throws IOException {
    Path cut = new Path(tmp.resolve("cut.bin").toUri());
    try (DataOutputStream out = new DataOutputStream(fs().create(cut, true))) {
      obs(5, 1L, "x").write(out);
    }
    EOFException e = assertThrows(EOFException.class, () -> merge(List.of(cut)));
    assertTrue(e.getMessage().contains("cut.bin ends before its end marker"), e.getMessage());
  }

  /** Runs staged by an earlier version (names and groups as strings) still merge, with the new ones. */
  @Test
  void runsInTheEarlierFormatStillMerge() throws IOException {
    Path old = new Path(tmp.resolve("old.bin").toUri());
    try (DataOutputStream out = new DataOutputStream(fs().create(old, true))) {
      out.writeByte(1); // the earlier record marker
      out.writeLong(4);
      out.writeShort(1 | 1 << 1 | 1 << 3 | 1 << 5); // last event, name, groups, registration
      out.writeLong(300L);
      out.writeUTF("Zoë old");
      out.writeShort(2);
      out.writeUTF("a,b");
      out.writeUTF("sysop");
      out.writeLong(20L);
      out.writeByte(0);
    }
    UserObservation newer = obs(4, 400L, "Zoë new");
    newer.registrationTs = 30L;
    Map<Long, UserObservation> users = merge(List.of(old, run("new", newer)));
    UserObservation u = users.get(4L);
    assertEquals("Zoë new", u.nameString());
    assertEquals(List.of("a,b", "sysop"), u.groupList(), "only the earlier run has groups: kept, commas and all");
    assertEquals(20L, UserObservation.boxed(u.registrationTs));
    assertEquals(400L, UserObservation.boxed(u.lastEventTs));
  }

  /**
   * The merge agrees with {@link CanonicalUsers#merge}, the Spark definition the other
   * sources use, on random observations (distinct times, so that no tie is left to chance).
   */
  @Test
  void agreesWithTheSparkDefinitionOnRandomObservations() throws IOException {
    Random random = new Random(11);
    int runCount = 6;
    List<List<UserObservation>> runs = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    long time = 1_000;
    for (int r = 0; r < runCount; r++) {
      List<UserObservation> run = new ArrayList<>();
      for (long id = 1; id <= 300; id++) {
        if (random.nextInt(3) == 0) {
          continue;
        }
        UserObservation o = new UserObservation(id);
        time += 1 + random.nextInt(5);
        o.lastEventTs = random.nextInt(10) == 0 ? UserObservation.NONE : time;
        o.name = utf8(random.nextBoolean() ? "name-" + id + "-" + r : null);
        o.centralId = random.nextBoolean() ? id * 100 + r : UserObservation.NONE;
        o.groups = UserObservation.groupsField(
            random.nextInt(3) == 0 ? null : Arrays.asList("g" + r, "sysop").subList(0, 1 + random.nextInt(2)));
        o.createdBy = random.nextBoolean() ? List.of("self", "system", "peer").get(random.nextInt(3)) : null;
        o.registrationTs = random.nextBoolean() ? (long) random.nextInt(5_000) : UserObservation.NONE;
        o.creationTs = random.nextBoolean() ? (long) random.nextInt(5_000) : UserObservation.NONE;
        o.firstEditTs = random.nextBoolean() ? (long) random.nextInt(5_000) : UserObservation.NONE;
        o.isBot = random.nextInt(8) == 0;
        o.isTemporary = random.nextInt(3) == 0 ? null : random.nextInt(4) == 0;
        run.add(o);
        rows.add(RowFactory.create("enwiki", o.userId, o.nameString(), UserObservation.boxed(o.centralId),
            UserObservation.boxed(o.lastEventTs), UserObservation.boxed(o.registrationTs),
            UserObservation.boxed(o.creationTs), UserObservation.boxed(o.firstEditTs), o.createdBy, o.groupList(),
            o.isBot, o.isTemporary));
      }
      runs.add(run);
    }
    List<Path> paths = new ArrayList<>();
    for (int r = 0; r < runCount; r++) {
      paths.add(run("random-" + r, runs.get(r).toArray(new UserObservation[0])));
    }
    Map<Long, UserObservation> ours = merge(paths);

    StructType schema = StructType.fromDDL("wiki_db string, user_id bigint, user_name string, "
        + "user_central_id bigint, event_ts bigint, registration_ts bigint, creation_ts bigint, "
        + "first_edit_ts bigint, created_by string, groups array<string>, is_bot boolean, is_temporary boolean");
    Dataset<Row> observations = spark.createDataFrame(rows, schema);
    for (String ts : List.of(CanonicalUsers.OBSERVED_AT, Users.REGISTRATION_TS, Users.CREATION_TS,
        Users.FIRST_EDIT_TS)) {
      observations = observations.withColumn(ts, functions.timestamp_micros(col(ts)));
    }
    List<Row> expected = CanonicalUsers.merge(observations).orderBy(Users.USER_ID).collectAsList();

    assertEquals(expected.size(), ours.size());
    for (Row row : expected) {
      UserObservation u = ours.get(row.<Long>getAs(Users.USER_ID));
      String who = "user " + u.userId;
      assertEquals(row.getAs(Users.USER_NAME), u.nameString(), who);
      assertEquals(row.getAs(Users.USER_CENTRAL_ID), UserObservation.boxed(u.centralId), who);
      assertEquals(row.getAs(Users.CREATED_BY), u.createdBy, who);
      assertEquals(row.isNullAt(row.fieldIndex(Users.GROUPS)) ? null : row.getList(row.fieldIndex(Users.GROUPS)),
          u.groupList(), who);
      assertEquals(micros(row, Users.REGISTRATION_TS), UserObservation.boxed(u.registrationTs), who);
      assertEquals(micros(row, Users.CREATION_TS), UserObservation.boxed(u.creationTs), who);
      assertEquals(micros(row, Users.FIRST_EDIT_TS), UserObservation.boxed(u.firstEditTs), who);
      assertEquals(micros(row, Users.LAST_EVENT_TS), UserObservation.boxed(u.lastEventTs), who);
      assertEquals(row.getAs(Users.IS_BOT), u.isBot, who);
      assertEquals(row.getAs(Users.IS_TEMPORARY), u.isTemporary, who);
    }
  }

  private static Long micros(Row row, String column) {
    Instant t = row.getAs(column);
    return t == null ? null : t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** Written by the merge task and read back by Spark with the dataset's schema, nulls and lists included. */
  @Test
  void mergedUsersReadBackFromParquetAsTheUsersSchema() throws IOException {
    UserObservation full = obs(7, 1_700_000_000_000_000L, "Zoë \"Z\" Tab\there");
    full.centralId = 77L;
    full.registrationTs = 1_600_000_000_000_000L;
    full.creationTs = 1_600_000_000_000_001L;
    full.firstEditTs = 1_600_000_000_000_002L;
    full.createdBy = "peer";
    full.groups = UserObservation.groupsField(List.of("bot", "sysop"));
    full.isBot = true;
    full.isTemporary = false;
    UserObservation empty = new UserObservation(8);
    UserObservation noGroups = obs(9, 1L, "~2025-1");
    noGroups.groups = UserObservation.groupsField(List.of());
    noGroups.isTemporary = true;
    Path file = new Path(tmp.resolve("users/wiki_db=dewiki/part-00000.snappy.parquet").toUri());
    try (DirectParquetWriter<UserObservation> out = UsersParquetWriter.open(new Configuration(), file)) {
      out.write(full);
      out.write(empty);
      out.write(noGroups);
    }
    Dataset<Row> read = spark.read().parquet(tmp.resolve("users").toString());
    // (Spark reads files back as all nullable, whatever the footer says)
    assertEquals(Arrays.asList(Users.SCHEMA.fieldNames()), Arrays.asList(read.schema().fieldNames()));
    for (org.apache.spark.sql.types.StructField field : Users.SCHEMA.fields()) {
      assertEquals(field.dataType(), read.schema().apply(field.name()).dataType(), field.name());
    }
    List<Row> rows = read.orderBy(Users.USER_ID).collectAsList();
    Row a = rows.get(0);
    assertEquals(7L, a.<Long>getAs(Users.USER_ID));
    assertEquals("Zoë \"Z\" Tab\there", a.getAs(Users.USER_NAME));
    assertEquals(77L, a.<Long>getAs(Users.USER_CENTRAL_ID));
    assertEquals(Instant.ofEpochSecond(1_600_000_000L, 1_000), a.getAs(Users.CREATION_TS));
    assertEquals("peer", a.getAs(Users.CREATED_BY));
    assertEquals(List.of("bot", "sysop"), a.getList(a.fieldIndex(Users.GROUPS)));
    assertEquals(true, a.getAs(Users.IS_BOT));
    assertEquals(false, a.getAs(Users.IS_TEMPORARY));
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), a.getAs(Users.LAST_EVENT_TS));
    assertEquals("dewiki", a.getAs(Users.WIKI_DB));
    Row b = rows.get(1);
    for (String column : List.of(Users.USER_NAME, Users.USER_CENTRAL_ID, Users.REGISTRATION_TS, Users.GROUPS,
        Users.IS_TEMPORARY, Users.LAST_EVENT_TS)) {
      assertTrue(b.isNullAt(b.fieldIndex(column)), column);
    }
    assertEquals(false, b.getAs(Users.IS_BOT));
    Row c = rows.get(2);
    assertEquals(List.of(), c.getList(c.fieldIndex(Users.GROUPS)));
    assertEquals(true, c.getAs(Users.IS_TEMPORARY));
  }
}
