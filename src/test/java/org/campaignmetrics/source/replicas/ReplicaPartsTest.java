package org.campaignmetrics.source.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.campaignmetrics.config.Config.ReplicasConfig;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.source.mariadb.ReplicaConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection settings, credentials, wiki-name checks and the per-host connection limit. */
class ReplicaPartsTest {
  @TempDir
  Path dir;

  private static Config config(String replicas) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history:", "  source: replicas",
        "  wikis: [enwiki, commonswiki]", replicas));
  }

  @Test
  void defaultsAreTheToolforgeReplicas() {
    ReplicasConfig r = config("").replicas();
    ReplicaConnector c = new ReplicaConnector(r, null);
    assertEquals("enwiki.analytics.db.svc.wikimedia.cloud", c.host("enwiki"));
    assertEquals("enwiki_p", c.database("enwiki"));
    assertEquals("centralauth.analytics.db.svc.wikimedia.cloud:3306/centralauth_p",
        c.describe(ReplicaConnector.CENTRALAUTH));
    assertEquals("~/replica.my.cnf", r.credentialsFile());
    assertEquals(List.of(0), r.contentNamespaces("enwiki"));
    assertEquals(List.of(0, 6), r.contentNamespaces("commonswiki"));
  }

  @Test
  void oneHostForATunnel() {
    ReplicaConnector c = new ReplicaConnector(config("replicas:\n  host_pattern: 127.0.0.1\n  port: 4711").replicas(),
        null);
    assertEquals("127.0.0.1:4711/commonswiki_p", c.describe("commonswiki"));
  }

  @Test
  void wikiNamesAreCheckedBeforeAnySqlOrHostIsBuilt() {
    ReplicaConnector c = new ReplicaConnector(ReplicasConfig.defaults(), null);
    assertThrows(IllegalArgumentException.class, () -> c.host("enwiki`; DROP DATABASE x; --"));
    assertThrows(IllegalArgumentException.class, () -> c.database("En-Wiki"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(String.join("\n",
        "snapshot: \"2026-09\"", "history:", "  source: replicas", "  wikis: [\"en wiki\"]")));
    assertTrue(e.problems().get(0).startsWith("history.wikis[0]:"), e.problems().toString());
  }

  @Test
  void replicasNeedTheirWikisListed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(String.join("\n",
        "snapshot: \"2026-09\"", "history:", "  source: replicas")));
    assertTrue(e.problems().get(0).startsWith("history.wikis: required with source: replicas"), e.problems().toString());
  }

  @Test
  void theConfigHasNoPlaceForAPassword() {
    ConfigException e = assertThrows(ConfigException.class, () -> config("replicas:\n  password: hunter2"));
    assertTrue(e.problems().get(0).startsWith("replicas.password: unknown key"), e.problems().toString());
  }

  @Test
  void noHostGetsMoreThanMaxConnectionsTasksAtOnce() {
    ReplicaConnector perWikiHosts = new ReplicaConnector(ReplicasConfig.defaults(), null);
    List<ReplicaTask> tasks = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      tasks.add(ReplicaTask.byRange(ReplicaTask.Kind.REVISIONS, "enwiki", i * 10L, i * 10L + 10));
    }
    tasks.add(ReplicaTask.byRange(ReplicaTask.Kind.REVISIONS, "dewiki", 0, 10));
    List<List<ReplicaTask>> groups = ReplicaIngest.groups(perWikiHosts, tasks, 3);
    // enwiki's host: 3 groups (3 + 2 + 2 tasks); dewiki's host: 1
    assertEquals(4, groups.size());
    for (List<ReplicaTask> group : groups) {
      assertEquals(1, group.stream().map(t -> perWikiHosts.host(t.wiki())).distinct().count());
    }
    assertEquals(8, groups.stream().mapToInt(List::size).sum());

    ReplicaConnector oneHost = new ReplicaConnector(config("replicas:\n  host_pattern: 127.0.0.1").replicas(), null);
    assertEquals(3, ReplicaIngest.groups(oneHost, tasks, 3).size());
  }

  @Test
  void mediaWikiTimestampsAreUtc() {
    assertEquals(Instant.parse("2021-09-30T23:59:59Z"),
        MediaWikiTimestamps.parse("20210930235959".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals("20210930235959", MediaWikiTimestamps.format(Instant.parse("2021-09-30T23:59:59Z")));
    assertThrows(IllegalArgumentException.class,
        () -> MediaWikiTimestamps.parse("20211301000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertThrows(IllegalArgumentException.class,
        () -> MediaWikiTimestamps.parse("2021-09-30".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals(null, MediaWikiTimestamps.parse(new byte[0]));
  }
}
