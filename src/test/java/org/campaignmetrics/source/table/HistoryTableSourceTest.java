package org.campaignmetrics.source.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.campaignmetrics.source.HistoryRequest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.sink.Warehouse;
import org.campaignmetrics.source.IngestException;
import org.campaignmetrics.source.IngestResult;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Data Lake case: mediawiki_history as a Parquet path with the Hive schema (timestamps as text). */
class HistoryTableSourceTest extends SparkTestBase {
  private static final StructType HIVE = StructType.fromDDL(String.join(",",
      "wiki_db string", "event_entity string", "event_type string", "event_timestamp string",
      "event_user_id bigint", "event_user_central_id bigint", "event_user_text string",
      "event_user_groups array<string>", "event_user_is_bot_by array<string>",
      "event_user_is_bot_by_historical array<string>", "event_user_is_created_by_self boolean",
      "event_user_is_created_by_system boolean", "event_user_is_created_by_peer boolean",
      "event_user_is_anonymous boolean", "event_user_is_temporary boolean",
      "event_user_registration_timestamp string", "event_user_creation_timestamp string",
      "event_user_first_edit_timestamp string",
      "user_id bigint", "user_central_id bigint", "user_text string", "user_groups array<string>",
      "user_is_bot_by array<string>", "user_is_bot_by_historical array<string>",
      "user_is_created_by_self boolean", "user_is_created_by_system boolean", "user_is_created_by_peer boolean",
      "user_is_anonymous boolean", "user_is_temporary boolean", "user_registration_timestamp string",
      "user_creation_timestamp string", "user_first_edit_timestamp string",
      "page_id bigint", "page_namespace_historical int", "page_namespace_is_content_historical boolean",
      "page_is_deleted boolean", "page_first_edit_timestamp string",
      "revision_id bigint", "revision_parent_id bigint", "revision_text_bytes_diff bigint",
      "revision_is_deleted_by_page_deletion boolean", "revision_is_identity_reverted boolean",
      "snapshot string"));

  @TempDir
  Path dir;

  /** What every revision row of the fixtures has unless its table says otherwise. */
  private static final Map<String, Object> REVISION = Map.ofEntries(Map.entry("event_entity", "revision"),
      Map.entry("event_type", "create"), Map.entry("event_user_is_bot_by", new String[0]),
      Map.entry("event_user_is_bot_by_historical", new String[0]), Map.entry("event_user_is_anonymous", false),
      Map.entry("event_user_is_created_by_self", true), Map.entry("event_user_is_created_by_system", false),
      Map.entry("event_user_is_created_by_peer", false),
      Map.entry("event_user_registration_timestamp", "2020-01-01 00:00:00.0"), Map.entry("page_id", 10L),
      Map.entry("page_namespace_historical", 0), Map.entry("page_namespace_is_content_historical", true),
      Map.entry("page_is_deleted", false), Map.entry("revision_is_deleted_by_page_deletion", false),
      Map.entry("revision_is_identity_reverted", false), Map.entry("snapshot", "2026-09"));

  /** What every user-creation row has unless its table says otherwise. */
  private static final Map<String, Object> USER_CREATE = Map.of("event_entity", "user", "event_type", "create",
      "user_is_bot_by", new String[0], "user_is_created_by_system", true, "user_is_anonymous", false,
      "snapshot", "2026-09");

  private void writeTable(Path table, Dataset<Row> history) {
    history.write().partitionBy("snapshot").parquet(table.toString());
  }

  @Test
  void buildsTheCanonicalDatasetsFromOneSnapshotOfTheTable() {
    // the revision without revision_id is a reject; 104 is after the snapshot's month; the 2026-08 row is
    // another snapshot
    Dataset<Row> history = Tables.of(spark, HIVE, REVISION,
        "wiki_db  event_timestamp          event_user_id  event_user_central_id  event_user_text  event_user_is_anonymous  event_user_is_bot_by  revision_id  revision_parent_id  revision_text_bytes_diff  page_is_deleted  revision_is_identity_reverted  snapshot",
        "enwiki   \"2026-01-05 10:00:00.0\"  7              1007                   Alice            false                    []                    100          0                   250                       false            false                          2026-09",
        "enwiki   \"2026-02-05 10:00:00.0\"  7              1007                   Alice            false                    []                    101          100                 -40                       true             true                           2026-09",
        "enwiki   \"2026-02-06 10:00:00.0\"  null           null                   198.51.100.1     true                     []                    102          101                 5                         false            false                          2026-09",
        "enwiki   \"2026-02-07 10:00:00.0\"  9              1009                   TidyBot          false                    name                  103          102                 1                         false            false                          2026-09",
        "enwiki   \"2026-02-08 10:00:00.0\"  7              1007                   Alice            false                    []                    null         103                 1                         false            false                          2026-09",
        "enwiki   \"2026-10-02 10:00:00.0\"  7              1007                   Alice            false                    []                    104          103                 1                         false            false                          2026-09",
        "enwiki   \"2026-01-05 10:00:00.0\"  7              1007                   Alice            false                    []                    100          0                   250                       false            false                          2026-08")
        .unionByName(Tables.of(spark, HIVE, USER_CREATE,
            "wiki_db  event_timestamp          user_id  user_text  user_groups  user_registration_timestamp",
            "dewiki   \"2026-03-01 00:00:00.0\"  55       Alice      editor       \"2026-03-01 00:00:00.0\""));
    Path table = dir.resolve("mediawiki_history");
    writeTable(table, history);

    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"",
        "warehouse: " + dir.resolve("warehouse"), "history: {source: table, path: " + table + "}",
        "ingest: {max_reject_ratio: 0.25}")); // 1 of enwiki's 5 rows is rejected
    IngestResult result = new HistoryTableSource(
        HistoryRequest.everything(spark, config, new Warehouse(spark, config.warehouse()))).ingest();

    assertEquals(4, result.edits(), "one snapshot; nothing after its month; the row without revision_id rejected");
    assertEquals(1, result.rejected());
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    List<Row> edits = warehouse.read("edits", "2026-09").orderBy("revision_id").collectAsList();
    assertEquals(List.of(100L, 101L, 102L, 103L), edits.stream().map(r -> r.<Long>getAs("revision_id")).toList());
    Row first = edits.get(0);
    assertEquals(Instant.parse("2026-01-05T10:00:00Z"), first.getAs("event_ts"));
    assertEquals(1007L, first.<Long>getAs("user_central_id"));
    assertEquals(true, first.getAs("is_page_creation"));
    Row second = edits.get(1);
    assertEquals(-40L, second.<Long>getAs("bytes_diff"));
    assertEquals(true, second.getAs("page_is_deleted"));
    assertEquals(true, second.getAs("is_reverted"));
    assertEquals(false, second.getAs("is_page_creation"));
    assertEquals(true, edits.get(2).getAs("user_is_anonymous"));
    assertEquals(true, edits.get(3).getAs("user_is_bot"));

    List<Row> users = warehouse.read("users", "2026-09").orderBy("wiki_db", "user_id").collectAsList();
    assertEquals(3, users.size(), "Alice on dewiki and enwiki, the bot; never the IP");
    Row dewiki = users.get(0);
    assertEquals("dewiki", dewiki.getAs("wiki_db"));
    assertEquals("system", dewiki.getAs("created_by"));
    assertEquals(List.of("editor"), dewiki.getList(dewiki.fieldIndex("groups")));
    Row alice = users.get(1);
    assertEquals(7L, alice.<Long>getAs("user_id"));
    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), alice.getAs("registration_ts"));
    assertEquals(Instant.parse("2026-02-05T10:00:00Z"), alice.getAs("last_event_ts"));
    assertEquals(false, alice.getAs("is_bot"));
    assertNull(alice.getAs("groups"));
    assertEquals(true, users.get(2).getAs("is_bot"));

    Row reject = warehouse.internal().read("ingest_rejects", "2026-09").first();
    assertEquals("missing revision_id", reject.getAs("reason"));
  }

  @Test
  void aTableOverTheRejectRatioFailsNamingTheWikiAndPublishesNothing() {
    // enwiki: 1 of 3 rows rejected (no revision_id); dewiki: none
    Dataset<Row> history = Tables.of(spark, HIVE, REVISION,
        "wiki_db  event_timestamp          event_user_id  event_user_central_id  event_user_text  event_user_is_anonymous  event_user_is_bot_by  revision_id  revision_parent_id  revision_text_bytes_diff  page_is_deleted  revision_is_identity_reverted  snapshot",
        "enwiki   \"2026-01-05 10:00:00.0\"  7              1007                   Alice            false                    []                    100          0                   250                       false            false                          2026-09",
        "enwiki   \"2026-01-06 10:00:00.0\"  7              1007                   Alice            false                    []                    null         100                 1                         false            false                          2026-09",
        "enwiki   \"2026-01-07 10:00:00.0\"  7              1007                   Alice            false                    []                    102          101                 1                         false            false                          2026-09",
        "dewiki   \"2026-01-05 10:00:00.0\"  8              1008                   Bert             false                    []                    200          0                   10                        false            false                          2026-09");
    Path table = dir.resolve("mediawiki_history");
    writeTable(table, history);
    String warehousePath = dir.resolve("warehouse").toString();
    Warehouse warehouse = new Warehouse(spark, warehousePath);

    // enwiki: 1 of 3 rows rejected (0.3333) > 0.25
    Config strict = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "warehouse: " + warehousePath,
        "history: {source: table, path: " + table + "}", "ingest: {max_reject_ratio: 0.25}"));
    IngestException e = assertThrows(IngestException.class,
        () -> new HistoryTableSource(HistoryRequest.everything(spark, strict, warehouse)).ingest());
    assertTrue(e.getMessage().contains("worst: " + table + " enwiki with 1 of 3 lines rejected (0.3333)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("1 file(s) over ingest.max_reject_ratio 0.25"), e.getMessage());
    for (String dataset : List.of("edits", "users", "ingest_rejects", "ingest_stats")) {
      assertFalse(warehouse.isComplete(dataset, "2026-09"), dataset + " must not be published");
      assertFalse(warehouse.internal().isComplete(dataset, "2026-09"), "internal/" + dataset + " must not be published");
    }

    Config lenient = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "warehouse: " + warehousePath,
        "history: {source: table, path: " + table + "}", "ingest: {max_reject_ratio: 0.34}"));
    IngestResult result = new HistoryTableSource(HistoryRequest.everything(spark, lenient, warehouse)).ingest();
    assertEquals(1, result.rejected());
    assertEquals(3, result.edits());
    List<Row> stats = warehouse.read("ingest_stats", "2026-09").orderBy("wiki_db").collectAsList();
    assertEquals(List.of("dewiki", "enwiki"), stats.stream().map(r -> r.<String>getAs("wiki_db")).toList());
    assertEquals(3L, stats.get(1).<Long>getAs("lines_read"));
    assertEquals(1L, stats.get(1).<Long>getAs("rejected"));
  }
}
