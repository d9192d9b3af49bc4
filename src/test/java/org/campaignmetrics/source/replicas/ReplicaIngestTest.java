package org.campaignmetrics.source.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.job.IngestJob;
import org.campaignmetrics.job.RetentionJob;
import org.campaignmetrics.model.Edits;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.IngestStats;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.dumps.BlockBz2LineReader;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.source.mariadb.ReplicaConnector;
import org.campaignmetrics.source.mariadb.ReplicaCredentials;
import org.campaignmetrics.source.mariadb.ReplicaException;
import org.campaignmetrics.source.mariadb.WikiSession;
import org.campaignmetrics.testing.DumpFixtures;
import org.campaignmetrics.testing.MariaDbTestServer;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicas source against a real MariaDB loaded with the MediaWiki core DDL and {@link FixtureHistory}. */
class ReplicaIngestTest extends SparkTestBase {
  private static final String SNAPSHOT = "2026-09";
  private final MariaDbTestServer server = MariaDbTestServer.get();
  private String prefix;

  @TempDir
  Path dir;

  @BeforeEach
  void databases() {
    prefix = MariaDbTestServer.newPrefix();
    server.createDatabase(prefix + "_enwiki", "mediawiki-core.sql", "replica-views.sql");
    server.execute(prefix + "_enwiki", FixtureHistory.wikiSql());
    server.createDatabase(prefix + "_centralauth", "centralauth.sql");
    server.execute(prefix + "_centralauth", FixtureHistory.centralAuthSql());
  }

  @AfterEach
  void drop() {
    server.dropDatabase(prefix + "_enwiki");
    server.dropDatabase(prefix + "_centralauth");
  }

  private static HistoryRequest request(Config config) {
    return HistoryRequest.everything(spark, config, new Warehouse(spark, config.warehouse()));
  }

  private Config replicasConfig(String warehouse, String campaigns, String... replicasExtra) {
    List<String> extra = new ArrayList<>(List.of("centralauth: true"));
    extra.addAll(List.of(replicasExtra));
    return ConfigLoader.parse(String.join("\n",
        "snapshot: \"" + SNAPSHOT + "\"",
        "warehouse: " + dir.resolve(warehouse),
        "history:",
        "  source: replicas",
        "  wikis: [enwiki]",
        server.replicasYaml(prefix, dir, extra.toArray(String[]::new)),
        campaigns));
  }

  private List<String> rows(String warehouse, String dataset, String... orderBy) {
    return new Warehouse(spark, dir.resolve(warehouse).toString()).read(dataset, SNAPSHOT).drop("snapshot")
        .orderBy(orderBy[0], java.util.Arrays.copyOfRange(orderBy, 1, orderBy.length))
        .collectAsList().stream().map(Row::toString).collect(Collectors.toList());
  }

  @Test
  void theSameHistoryFromADumpAndFromTheReplicasGivesIdenticalEditsAndUsers() throws Exception {
    Path dumps = dir.resolve("dumps");
    DumpFixtures.writeBz2(DumpFixtures.dumpPath(dumps, SNAPSHOT, "enwiki", "all-time"), 1,
        FixtureHistory.dumpLines());
    Config dumpConfig = ConfigLoader.parse(String.join("\n", "snapshot: \"" + SNAPSHOT + "\"",
        "warehouse: " + dir.resolve("from-dumps"), "history:", "  source: dumps", "  path: " + dumps));
    new DumpIngest(request(dumpConfig), new BlockBz2LineReader(1 << 20, false)).ingest();
    new ReplicaIngest(request(replicasConfig("from-replicas", "", "batch_rows: 3"))).ingest();

    List<String> fromDumps = rows("from-dumps", Edits.NAME, Edits.REVISION_ID);
    List<String> fromReplicas = rows("from-replicas", Edits.NAME, Edits.REVISION_ID);
    assertEquals(FixtureHistory.REVISIONS.size(), fromDumps.size());
    assertEquals(fromDumps, fromReplicas);
    List<String> usersFromDumps = rows("from-dumps", Users.NAME, Users.USER_ID);
    assertEquals(FixtureHistory.USERS.size(), usersFromDumps.size());
    assertEquals(usersFromDumps, rows("from-replicas", Users.NAME, Users.USER_ID));

    // spot checks of what both agree on, so that "identical" cannot mean "identically empty or wrong"
    Row ip = new Warehouse(spark, dir.resolve("from-replicas").toString()).read(Edits.NAME, SNAPSHOT)
        .where("revision_id = 1002").first();
    assertEquals(true, ip.getAs(Edits.USER_IS_ANONYMOUS));
    assertNull(ip.getAs(Edits.USER_ID));
    assertEquals(true, ip.getAs(Edits.IS_REVERTED));
    assertEquals(-60L, (long) ip.<Long>getAs(Edits.BYTES_DIFF));
    Row archived = new Warehouse(spark, dir.resolve("from-replicas").toString()).read(Edits.NAME, SNAPSHOT)
        .where("revision_id = 1008").first();
    assertEquals(true, archived.getAs(Edits.PAGE_IS_DELETED));
    assertEquals(5L, (long) archived.<Long>getAs(Edits.BYTES_DIFF));
    Row carol = new Warehouse(spark, dir.resolve("from-replicas").toString()).read(Users.NAME, SNAPSHOT)
        .where("user_name = 'Carol'").first();
    assertEquals(true, carol.getAs(Users.IS_BOT));
    assertEquals("system", carol.getAs(Users.CREATED_BY));
    assertEquals(104L, (long) carol.<Long>getAs(Users.USER_CENTRAL_ID));

    List<Row> global = new Warehouse(spark, dir.resolve("from-replicas").toString())
        .read(GlobalUsers.NAME, SNAPSHOT).orderBy(GlobalUsers.USER_CENTRAL_ID).collectAsList();
    assertEquals(4, global.size());
    assertEquals(Instant.parse("2021-08-20T10:00:00Z"), global.get(0).getAs(GlobalUsers.REGISTRATION_TS));
    Row stats = new Warehouse(spark, dir.resolve("from-replicas").toString()).read(IngestStats.NAME, SNAPSHOT).first();
    assertEquals("replicas:enwiki", stats.getAs(IngestStats.FILE));
    assertEquals(10L, (long) stats.<Long>getAs(IngestStats.LINES_READ));
    assertEquals(10L, (long) stats.<Long>getAs(IngestStats.ACCEPTED_REVISION));
    assertEquals(5L, (long) stats.<Long>getAs(IngestStats.ACCEPTED_USER));
    assertEquals(0L, (long) stats.<Long>getAs(IngestStats.REJECTED));
  }

  private static final String CAMPAIGN = String.join("\n",
      "retention:",
      "  horizons: [3]",
      "campaigns:",
      "  - id: c1",
      "    start: 2021-09-01",
      "    end: \"2021-09-30T23:59:59Z\"",
      "    participants:",
      "      usernames: [Alice, Carol, Nobody_here]");

  @Test
  void aParticipantWithACentralAuthAccountButNoneOnTheWikisReadIsInTheCohortAndANameFoundNowhereIsUnverified() {
    // Dora has a global account (registered 2019) but none on enwiki, the only wiki read
    server.execute(prefix + "_centralauth", "INSERT INTO globaluser (gu_id, gu_name, gu_home_db, gu_registration) "
        + "VALUES (999, 'Dora Elsewhere', 'dewiki', '20190101000000');");
    Config config = replicasConfig("wh", CAMPAIGN.replace("[Alice, Carol, Nobody_here]",
        "[Alice, Dora_Elsewhere, Nobody_here]") + "\nprivacy: {internal_outputs: true, min_cell_size: 1}");
    IngestJob.run(spark, config);
    RetentionJob.run(spark, config);
    Map<String, String> status = new TreeMap<>();
    new Warehouse(spark, dir.resolve("wh").toString()).internal().read(Participants.NAME, SNAPSHOT).collectAsList()
        .forEach(r -> status.put(r.getAs(Participants.USER_NAME), r.getAs(Participants.MATCH_STATUS) + " "
            + r.getAs(Participants.IN_COHORT) + " " + r.getAs(Participants.IS_NEWCOMER)));
    // Alice: CentralAuth registered her on 2021-08-20, before the start: existing
    assertEquals(Map.of("Alice", "history true false", "Dora Elsewhere", "account true false",
        "Nobody here", "unverified false null"), status);
  }

  @Test
  void knownParticipantsReadOnlyTheirRevisionsInTheNeededRange() {
    IngestJob.run(spark, replicasConfig("wh", CAMPAIGN, "batch_rows: 1", "actor_batch: 2"));
    // range [2021-09-01, 2021-12-30T23:59:59Z + ...): Alice's 1000 and 1003; 1007 (Jan 2022) and 1009 are after it,
    // Carol's only edit (March 2022) too; Bob, the bot, the IP and the temporary account are not participants
    List<String> ids = new Warehouse(spark, dir.resolve("wh").toString()).read(Edits.NAME, SNAPSHOT)
        .orderBy(Edits.REVISION_ID).collectAsList().stream().map(r -> r.getAs(Edits.REVISION_ID).toString()).toList();
    assertEquals(List.of("1000", "1003"), ids);
    List<String> users = new Warehouse(spark, dir.resolve("wh").toString()).read(Users.NAME, SNAPSHOT)
        .orderBy(Users.USER_ID).collectAsList().stream().map(r -> r.<String>getAs(Users.USER_NAME)).toList();
    assertEquals(List.of("Alice", "Carol"), users);
  }

  @Test
  void withoutTheUserIndexViewsTheBaseTablesAreRead() {
    server.execute(prefix + "_enwiki", "DROP VIEW revision_userindex; DROP VIEW archive_userindex; "
        + "DROP VIEW logging_logindex");
    IngestJob.run(spark, replicasConfig("wh", CAMPAIGN.replace("start: 2021-09-01", "start: 2021-09-01")
        .replace("horizons: [3]", "horizons: [12]"), "batch_rows: 2"));
    List<String> ids = new Warehouse(spark, dir.resolve("wh").toString()).read(Edits.NAME, SNAPSHOT)
        .orderBy(Edits.REVISION_ID).collectAsList().stream().map(r -> r.getAs(Edits.REVISION_ID).toString()).toList();
    // end + 12 months = 2022-09-30: Alice 1000, 1003, 1007 (archived) and Carol 1005
    assertEquals(List.of("1000", "1003", "1005", "1007"), ids);
  }

  @Test
  void aConnectionKilledBetweenPagesIsRetriedWithoutDuplicatingOrDroppingARow() throws Exception {
    // small pages arrive whole (they fit in the socket's buffers): the kill surfaces at the next page
    Config config = replicasConfig("wh", "", "batch_rows: 4", "retry_backoff_ms: 10");
    ReplicaConnector connector = new ReplicaConnector(config.replicas(),
        ReplicaCredentials.load(config.replicas().credentialsFile()));
    int[] kills = {0};
    WikiSession.ReadHook killer = (session, rowInPage, attempt) -> {
      // the second page, after its second row, on its first attempt: KILL from a second connection
      if (rowInPage == 2 && attempt == 0 && kills[0] == 1) {
        try (Connection other = server.connect(""); Statement s = other.createStatement()) {
          s.execute("KILL " + session.connectionId());
        }
        kills[0]++;
      } else if (rowInPage == 4 && attempt == 0 && kills[0] == 0) {
        kills[0]++;
      }
    };
    List<Long> ids = new ArrayList<>();
    try (WikiSession session = new WikiSession(connector, "enwiki", killer)) {
      new EditsReader(session, 4, null, Instant.parse("2026-10-01T00:00:00Z"))
          .read(ReplicaTask.byRange(ReplicaTask.Kind.REVISIONS, "enwiki", 0, 2000),
              page -> page.forEach(r -> ids.add(r.getLong(1))));
      assertEquals(1, session.retriesUsed());
    }
    assertEquals(2, kills[0]);
    assertEquals(List.of(1000L, 1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1009L), ids);
  }

  @Test
  void aConnectionKilledInsideAPageIsRetriedFromThePagesStartWithoutDuplicatingOrDroppingARow() throws Exception {
    // a page far larger than the socket's buffers, streamed row by row (fetch_size 1): when the
    // connection is killed after its 10th row, the server has not sent most of the page yet
    int extra = 400_000;
    server.execute(prefix + "_enwiki", "INSERT INTO revision (rev_id, rev_page, rev_actor, rev_timestamp, rev_len, "
        + "rev_parent_id, rev_sha1) SELECT 2000000 + seq, 100, 11, '20210910100000', 10, 0, 'x' FROM seq_1_to_"
        + extra + ";");
    Config config = replicasConfig("wh", "", "retry_backoff_ms: 10", "fetch_size: 1");
    ReplicaConnector connector = new ReplicaConnector(config.replicas(),
        ReplicaCredentials.load(config.replicas().credentialsFile()));
    int[] killedAttemptRows = {0};
    int[] retriedRows = {0};
    WikiSession.ReadHook killer = (session, rowInPage, attempt) -> {
      if (attempt == 0 && rowInPage == 10 && killedAttemptRows[0] == 0) {
        try (Connection other = server.connect(""); Statement s = other.createStatement()) {
          s.execute("KILL " + session.connectionId());
        }
      }
      if (attempt == 0 && rowInPage >= 10) {
        killedAttemptRows[0] = rowInPage;
      }
      if (attempt == 1) {
        retriedRows[0] = Math.max(retriedRows[0], rowInPage);
      }
    };
    List<Long> ids = new ArrayList<>();
    try (WikiSession session = new WikiSession(connector, "enwiki", killer)) {
      new EditsReader(session, 1_000_000, null, Instant.parse("2026-10-01T00:00:00Z"))
          .read(ReplicaTask.byRange(ReplicaTask.Kind.REVISIONS, "enwiki", 2_000_000, 2_000_000 + extra),
              page -> page.forEach(r -> ids.add(r.getLong(1))));
      assertEquals(1, session.retriesUsed());
    }
    assertTrue(killedAttemptRows[0] < extra, "the killed attempt stopped inside the page, after row "
        + killedAttemptRows[0] + " of " + extra);
    assertEquals(extra, retriedRows[0], "the page was read again from its first row to its last");
    assertEquals(extra, ids.size());
    assertEquals(extra, new java.util.HashSet<>(ids).size(), "no row twice");
    assertEquals(2_000_001L, ids.get(0));
    assertEquals(2_000_000L + extra, ids.get(ids.size() - 1));
  }

  @Test
  void aQueryThatFailsForGoodIsNotRetried() {
    Config config = replicasConfig("wh", "", "retries: 5", "retry_backoff_ms: 10");
    ReplicaConnector connector = new ReplicaConnector(config.replicas(),
        ReplicaCredentials.load(config.replicas().credentialsFile()));
    try (WikiSession session = new WikiSession(connector, "enwiki", WikiSession.ReadHook.NONE)) {
      ReplicaException e = org.junit.jupiter.api.Assertions.assertThrows(ReplicaException.class,
          () -> session.page("SELECT no_such_column FROM revision", s -> { }, rs -> 1));
      assertEquals(0, session.retriesUsed());
      assertTrue(e.getMessage().contains(prefix + "_enwiki"), e.getMessage());
      assertFalse(e.getMessage().contains("password"));
    }
  }
}
