package org.campaignmetrics.config;

import java.io.Serializable;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.campaignmetrics.format.UtcTime;

/**
 * The whole job config, validated (see {@link ConfigLoader}); every key is documented in
 * README.md "Config reference".
 */
public record Config(
    YearMonth snapshot,
    String warehouse,
    HistoryConfig history,
    IngestConfig ingest,
    List<CampaignConfig> campaigns,
    RetentionConfig retention,
    PrivacyConfig privacy,
    OutputConfig output,
    ReplicasConfig replicas,
    CampaignEventsConfig campaignevents,
    String campaignsFrom) {

  /** The data horizon H: the first instant after the snapshot's month. Nothing at or after it is visible. */
  public Instant dataHorizon() {
    return UtcTime.monthStart(snapshot.plusMonths(1));
  }

  public String snapshotText() {
    return snapshot.toString();
  }

  public Config withSnapshot(YearMonth newSnapshot) {
    return new Config(newSnapshot, warehouse, history, ingest, campaigns, retention, privacy, output, replicas,
        campaignevents, campaignsFrom);
  }

  public Config withWarehouse(String newWarehouse) {
    return new Config(snapshot, newWarehouse, history, ingest, campaigns, retention, privacy, output, replicas,
        campaignevents, campaignsFrom);
  }

  /** The config with more campaigns (the CampaignEvents events, with {@code campaigns_from}). */
  public Config withCampaigns(List<CampaignConfig> more) {
    List<CampaignConfig> all = new ArrayList<>(campaigns);
    Set<String> ids = new HashSet<>();
    campaigns.forEach(c -> ids.add(c.id()));
    for (CampaignConfig c : more) {
      if (!ids.add(c.id())) {
        throw new ConfigException("campaigns_from: the campaign id '" + c.id() + "' is used twice (a campaign of the "
            + "config may not be named like an event's, event-<event_id>)");
      }
      all.add(c);
    }
    return new Config(snapshot, warehouse, history, ingest, List.copyOf(all), retention, privacy, output, replicas,
        campaignevents, campaignsFrom);
  }

  /** {@code campaigns_from: campaignevents}: every CampaignEvents event is also a campaign. */
  public boolean campaignsFromEvents() {
    return CampaignEventsConfig.CAMPAIGNS_FROM.equals(campaignsFrom);
  }

  /** Where the edit history comes from. */
  public record HistoryConfig(
      Source source, String path, String table, List<String> wikis, Instant from, Instant to) {
    /** {@code history.source}: the history dumps, a mediawiki_history table or path, the Wiki Replicas. */
    public enum Source {
      DUMPS, TABLE, REPLICAS;

      @Override
      public String toString() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }

  /**
   * @param everyBucket read every dump file of the snapshot, not only the buckets the range needs:
   *     {@code users} then holds every account, so a listed name not found is known not to exist
   */
  public record IngestConfig(double maxRejectRatio, int splitMb, Decoder decoder, boolean everyBucket) {
    /** auto: our block reader, through lbzip2/bzip2 where found; java: it, pure Java; hadoop: Hadoop's codec. */
    public enum Decoder {
      AUTO, JAVA, HADOOP;

      @Override
      public String toString() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }

  public record CampaignConfig(
      String id, String name, String series, Instant start, Instant end, String country,
      List<String> wikis, List<String> usernames, String participantsFile, String commonsCategory,
      String usernamesSource) {
    /** Where {@code usernames} came from, as the participants' {@code source}: config, or campaignevents. */
    public CampaignConfig {
      usernamesSource = usernamesSource == null ? "config" : usernamesSource;
    }
  }

  public record RetentionConfig(
      int preregistrationDays,
      List<Integer> horizons,
      Window window,
      int offsetDays,
      List<String> wikis,
      String namespaces,
      List<Integer> namespaceList,
      boolean includeDeleted,
      int minEdits,
      boolean excludeBots) {
    /** {@code retention.window}: which activity counts for horizon k (docs/metrics.md "Windows"). */
    public enum Window {
      MONTH, QUARTER, SINCE;

      @Override
      public String toString() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    public int maxHorizon() {
      return horizons.stream().mapToInt(Integer::intValue).max().orElse(12);
    }
  }

  /**
   * The MariaDB Wiki Replicas (history.source: replicas, Commons categories). Credentials are
   * not here: they come from {@code credentialsFile} or the environment, never from the config.
   */
  public record ReplicasConfig(
      String hostPattern,
      int port,
      String databasePattern,
      String credentialsFile,
      boolean centralauth,
      int maxConnections,
      int batchRows,
      int actorBatch,
      int fetchSize,
      int queryTimeoutSeconds,
      int retries,
      int retryBackoffMs,
      Map<String, List<Integer>> contentNamespaces) implements Serializable {
    public static final String DEFAULT_HOST_PATTERN = "{wiki}.analytics.db.svc.wikimedia.cloud";
    public static final String DEFAULT_DATABASE_PATTERN = "{wiki}_p";
    public static final String DEFAULT_CREDENTIALS_FILE = "~/replica.my.cnf";

    public static ReplicasConfig defaults() {
      return new ReplicasConfig(DEFAULT_HOST_PATTERN, 3306, DEFAULT_DATABASE_PATTERN, DEFAULT_CREDENTIALS_FILE,
          false, 2, 10_000, 100, 5_000, 3600, 5, 2_000, defaultContentNamespaces());
    }

    /** MediaWiki's default ($wgContentNamespaces = [0]) and Commons' (0 and File:). */
    public static Map<String, List<Integer>> defaultContentNamespaces() {
      return Map.of("default", List.of(0), "commonswiki", List.of(0, 6));
    }

    public List<Integer> contentNamespaces(String wiki) {
      return contentNamespaces.getOrDefault(wiki, contentNamespaces.getOrDefault("default", List.of(0)));
    }
  }

  /**
   * The CampaignEvents tables (the {@code goals} half): over JDBC ({@code url}, credentials from
   * {@code credentials_file} or the environment, never the config) or from a folder of exported
   * {@code <table>.tsv} files ({@code path}).
   */
  public record CampaignEventsConfig(
      Source source,
      String path,
      String url,
      String credentialsFile,
      String globaluserTable,
      List<String> disallowedCountries,
      boolean byOrganizer) implements Serializable {
    public static final String CAMPAIGNS_FROM = "campaignevents";

    /** {@code campaignevents.source}: exported {@code <table>.tsv} files, or the tables over JDBC. */
    public enum Source {
      FILES, JDBC;

      @Override
      public String toString() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }

  /**
   * @param protectedCountries ISO 3166-1 alpha-2 codes whose campaigns appear in no public output
   *     (default: the shipped Country and Territory Protection List, {@link ProtectedCountries})
   */
  public record PrivacyConfig(int minCellSize, boolean internalOutputs, Set<String> protectedCountries) {
    /** Whether a campaign or event in {@code country} (null: none) stays out of public outputs. */
    public boolean isProtected(String country) {
      return country != null && protectedCountries.contains(country);
    }
  }

  /**
   * @param sql where the public aggregates are also published as tables (null: nowhere)
   */
  public record OutputConfig(List<String> formats, SqlOutput sql) {
    public static final List<String> FORMATS = List.of("parquet", "csv");

    public OutputConfig(List<String> formats) {
      this(formats, null);
    }

    public boolean csv() {
      return formats.contains("csv");
    }
  }

  /**
   * {@code output.sql}: a PostgreSQL or MariaDB database that gets every public aggregate as a table
   * (docs/datasets.md "SQL tables"). The user and password come from {@code credentialsFile} (a
   * my.cnf-style {@code [client]} section) or {@code CM_SQL_USER}/{@code CM_SQL_PASSWORD}, never
   * from the config.
   *
   * @param url {@code jdbc:postgresql://host:port/db} or {@code jdbc:mariadb://host:port/db}
   * @param schema the schema (PostgreSQL) or database (MariaDB) of the tables, created if missing
   */
  public record SqlOutput(String url, String credentialsFile, String schema) {
    public static final String DEFAULT_SCHEMA = "campaign_metrics";
    public static final String DEFAULT_CREDENTIALS_FILE = "~/.campaign-metrics-sql.cnf";

    public boolean postgresql() {
      return url.startsWith("jdbc:postgresql:");
    }
  }
}
