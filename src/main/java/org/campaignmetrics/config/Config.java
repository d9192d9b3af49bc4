package org.campaignmetrics.config;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

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
    OutputConfig output) {

  /** The data horizon H: the first instant after the snapshot's month. Nothing at or after it is visible. */
  public Instant dataHorizon() {
    return snapshot.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  public String snapshotText() {
    return snapshot.toString();
  }

  public Config withSnapshot(YearMonth newSnapshot) {
    return new Config(newSnapshot, warehouse, history, ingest, campaigns, retention, privacy, output);
  }

  public Config withWarehouse(String newWarehouse) {
    return new Config(snapshot, newWarehouse, history, ingest, campaigns, retention, privacy, output);
  }

  /** Where the edit history comes from. */
  public record HistoryConfig(
      String source, String path, String table, List<String> wikis, Instant from, Instant to) {
    public static final List<String> SOURCES = List.of("dumps", "table", "replicas");
  }

  public record IngestConfig(double maxRejectRatio, int splitMb, String decoder) {
    /** auto: our block reader, through lbzip2/bzip2 where found; java: it, pure Java; hadoop: Hadoop's codec. */
    public static final List<String> DECODERS = List.of("auto", "java", "hadoop");
  }

  public record CampaignConfig(
      String id, String name, String series, Instant start, Instant end, String country,
      List<String> wikis, List<String> usernames, String participantsFile) {}

  public record RetentionConfig(
      int preregistrationDays,
      List<Integer> horizons,
      String window,
      int offsetDays,
      List<String> wikis,
      String namespaces,
      List<Integer> namespaceList,
      boolean includeDeleted,
      int minEdits,
      boolean excludeBots) {
    public static final List<String> WINDOWS = List.of("month", "quarter", "since");

    public int maxHorizon() {
      return horizons.stream().mapToInt(Integer::intValue).max().orElse(12);
    }
  }

  public record PrivacyConfig(int minCellSize, boolean internalOutputs) {}

  public record OutputConfig(List<String> formats) {
    public static final List<String> FORMATS = List.of("parquet", "csv");

    public boolean csv() {
      return formats.contains("csv");
    }
  }
}
