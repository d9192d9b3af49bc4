package org.campaignmetrics.source.participants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.source.mariadb.ResultSets;
import org.campaignmetrics.source.mariadb.ReplicaConnector;
import org.campaignmetrics.source.mariadb.ReplicaCredentials;
import org.campaignmetrics.source.mariadb.WikiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code participants.commons_category}: the original uploaders of the files in a Commons
 * category whose original upload falls within the campaign's {@code [start, end]}. Files are
 * found through {@code categorylinks} joined to {@code linktarget} on {@code cl_target_id}
 * (the replicas no longer have {@code cl_to}); a file's original upload is its earliest file
 * revision — {@code filerevision} where the wiki has it, else the earliest of {@code image}
 * and {@code oldimage} — and its uploader that revision's actor (docs/metrics.md "Participants"; the tables:
 * sql/mysql/tables-generated.sql of
 * https://gerrit.wikimedia.org/g/mediawiki/core).
 * Read on the driver: one query per campaign, rows per file version.
 */
public final class CommonsUploaders {
  private static final Logger LOG = LoggerFactory.getLogger(CommonsUploaders.class);
  public static final String COMMONS = "commonswiki";
  public static final String SOURCE = "commons_category";

  private CommonsUploaders() {}

  public static boolean anyCategory(Config config) {
    return config.campaigns().stream().anyMatch(c -> c.commonsCategory() != null);
  }

  /** Rows of {@code Participants.LISTED}: (campaign_id, user_name, "commons_category", account known: an uploader). */
  public static List<Row> listed(Config config) {
    List<Row> rows = new ArrayList<>();
    if (!anyCategory(config)) {
      return rows;
    }
    ReplicaConnector connector = new ReplicaConnector(config.replicas(),
        ReplicaCredentials.load(config.replicas().credentialsFile()));
    try (WikiSession session = new WikiSession(connector, COMMONS, WikiSession.ReadHook.NONE)) {
      for (CampaignConfig campaign : config.campaigns()) {
        if (campaign.commonsCategory() != null) {
          List<String> names = uploaders(session, campaign.commonsCategory(), campaign.start(), campaign.end());
          LOG.info("participants: {} — {} uploader(s) from Category:{}", campaign.id(), names.size(),
              campaign.commonsCategory());
          names.forEach(n -> rows.add(RowFactory.create(campaign.id(), n, SOURCE, true, null)));
        }
      }
    }
    return rows;
  }

  /** The distinct uploader names, in order of their first upload. */
  public static List<String> uploaders(WikiSession session, String category, Instant start, Instant end) {
    String title = category.replace(' ', '_');
    String files = "FROM categorylinks cl JOIN linktarget lt ON lt.lt_id = cl.cl_target_id AND lt.lt_namespace = 14 "
        + "AND lt.lt_title = ? JOIN page p ON p.page_id = cl.cl_from AND p.page_namespace = 6 WHERE cl.cl_type = 'file'";
    String sql;
    if (session.has("filerevision") && session.has("file")) {
      sql = "SELECT convert(p.page_title using utf8mb4), fr.fr_timestamp, fr.fr_id, a.actor_user, "
          + "convert(a.actor_name using utf8mb4) " + files.replace(" WHERE ", " JOIN file f ON f.file_name = p.page_title "
          + "JOIN filerevision fr ON fr.fr_file = f.file_id LEFT JOIN actor a ON a.actor_id = fr.fr_actor WHERE ");
    } else {
      sql = "SELECT v.name, v.ts, v.seq, a.actor_user, convert(a.actor_name using utf8mb4) FROM ("
          + "SELECT convert(p.page_title using utf8mb4) AS name, i.img_timestamp AS ts, 1 AS seq, i.img_actor AS actor "
          + files.replace(" WHERE ", " JOIN image i ON i.img_name = p.page_title WHERE ")
          + " UNION ALL SELECT convert(p.page_title using utf8mb4), o.oi_timestamp, 0, o.oi_actor "
          + files.replace(" WHERE ", " JOIN oldimage o ON o.oi_name = p.page_title WHERE ")
          + ") v LEFT JOIN actor a ON a.actor_id = v.actor";
    }
    boolean union = !sql.contains("filerevision");
    List<Object[]> versions = session.page(sql, s -> {
      s.setString(1, title);
      if (union) {
        s.setString(2, title);
      }
    }, rs -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getLong(3), ResultSets.nullableLong(rs, 4),
        rs.getString(5)});
    // earliest version per file: by timestamp, then (filerevision) id / (image tables) older versions first
    Map<String, Object[]> earliest = new HashMap<>();
    int unreadable = 0;
    for (Object[] v : versions) {
      Instant at = MediaWikiTimestamps.parseOrNull((byte[]) v[1]);
      if (at == null) {
        unreadable++;
        continue;
      }
      Object[] withTime = {v[0], at, v[2], v[3], v[4]};
      earliest.merge((String) v[0], withTime, (a, b) -> {
        int byTime = ((Instant) a[1]).compareTo((Instant) b[1]);
        return byTime < 0 || byTime == 0 && (Long) a[2] <= (Long) b[2] ? a : b;
      });
    }
    TreeMap<Instant, List<String>> byTime = new TreeMap<>();
    int outside = 0;
    int noUser = 0;
    for (Object[] e : earliest.values()) {
      Instant at = (Instant) e[1];
      if (at.isBefore(start) || at.isAfter(end)) {
        outside++;
      } else if (e[3] == null || e[4] == null) {
        noUser++; // hidden or anonymous uploader
      } else {
        byTime.computeIfAbsent(at, k -> new ArrayList<>()).add((String) e[4]);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    byTime.values().forEach(list -> list.stream().sorted().forEach(names::add));
    LOG.info("participants: Category:{} — {} file(s), {} uploaded outside [{}, {}], {} without a visible uploader, "
        + "{} file version(s) with an unreadable timestamp left out", category, earliest.size(), outside, start, end,
        noUser, unreadable);
    return new ArrayList<>(names);
  }
}
