package org.campaignmetrics.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.config.Config.CampaignEventsConfig;
import org.campaignmetrics.config.Config.HistoryConfig;
import org.campaignmetrics.config.Config.IngestConfig;
import org.campaignmetrics.config.Config.OutputConfig;
import org.campaignmetrics.config.Config.SqlOutput;
import org.campaignmetrics.config.Config.PrivacyConfig;
import org.campaignmetrics.config.Config.ReplicasConfig;
import org.campaignmetrics.config.Config.RetentionConfig;
import org.campaignmetrics.format.Csv;
import org.campaignmetrics.format.Urls;
import org.campaignmetrics.format.UtcTime;

/**
 * Reads the YAML config into {@link Config}, checking every key before Spark starts. All
 * problems are collected, each prefixed by the key's path; unknown keys are errors that list
 * the valid ones (a typo must not silently fall back to a default).
 */
public final class ConfigLoader {
  private static final Map<String, Integer> PREREGISTRATION_PRESETS =
      Map.of("dashboard", 0, "event-metrics", 14, "wmf-preregistration", 60);

  /** Wiki database names, checked before any path or SQL is built from them. */
  public static final Pattern WIKI = Pattern.compile("^[a-z0-9_]+$");

  private final List<String> problems = new ArrayList<>();

  private ConfigLoader() {}

  public static Config load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": no such config file");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    return parse(root);
  }

  public static Config parse(String yaml) {
    try {
      return parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    } catch (IOException e) {
      throw new ConfigException("not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  static Config parse(JsonNode root) {
    ConfigLoader loader = new ConfigLoader();
    Config config = loader.read(root == null || root.isMissingNode() ? null : root);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return config;
  }

  private Config read(JsonNode root) {
    if (root == null || !root.isObject()) {
      problems.add("(top level): expected a mapping of config keys");
      return null;
    }
    checkKeys(root, "", Set.of("snapshot", "warehouse", "history", "ingest", "campaigns", "campaigns_file",
        "retention", "privacy", "output", "replicas", "campaignevents", "campaigns_from"));
    YearMonth snapshot = yearMonth(root.get("snapshot"), "snapshot");
    String warehouse = string(root.get("warehouse"), "warehouse", "out/warehouse");
    // a goals-only config (campaignevents and no campaigns) needs no history
    boolean goalsOnly = root.has("campaignevents") && !root.has("campaigns") && !root.has("campaigns_file")
        && !root.has("campaigns_from");
    HistoryConfig history = root.get("history") == null && goalsOnly ? null : history(root.get("history"));
    IngestConfig ingest = ingest(root.get("ingest"));
    RetentionConfig retention = retention(root.get("retention"));
    List<CampaignConfig> campaigns = campaigns(root.get("campaigns"));
    String campaignsFile = string(root.get("campaigns_file"), "campaigns_file", null);
    if (campaignsFile != null) {
      campaigns = new ArrayList<>(campaigns);
      campaigns.addAll(campaignsFile(campaignsFile, campaigns));
    }
    PrivacyConfig privacy = privacy(root.get("privacy"));
    OutputConfig output = output(root.get("output"));
    ReplicasConfig replicas = replicas(root.get("replicas"));
    CampaignEventsConfig campaignevents = campaignevents(root.get("campaignevents"));
    String campaignsFrom = oneOf(root.get("campaigns_from"), "campaigns_from",
        List.of(CampaignEventsConfig.CAMPAIGNS_FROM), null);
    if (campaignsFrom != null && campaignevents == null && !root.has("campaignevents")) {
      problems.add("campaigns_from: campaignevents needs a campaignevents section (source and path or url)");
    }
    if (history != null && history.source() == HistoryConfig.Source.REPLICAS && history.wikis().isEmpty()) {
      problems.add("history.wikis: required with source: replicas (each wiki is its own database; "
          + "list the wikis to read, e.g. [enwiki, commonswiki])");
    }
    if (snapshot == null && !root.has("snapshot")) {
      problems.add("snapshot: required (the history snapshot, YYYY-MM)");
    }
    if (history != null && history.from() != null && history.to() != null
        && !history.to().isAfter(history.from())) {
      problems.add("history.to: must be after history.from");
    }
    return new Config(snapshot, warehouse, history, ingest, campaigns, retention, privacy, output, replicas,
        campaignevents, campaignsFrom);
  }

  private CampaignEventsConfig campaignevents(JsonNode node) {
    String path = "campaignevents";
    if (node == null || node.isNull() || !isObject(node, path)) {
      return null;
    }
    checkKeys(node, path, Set.of("source", "path", "url", "credentials_file", "globaluser_table",
        "disallowed_countries", "reports"));
    CampaignEventsConfig.Source source = oneOf(node.get("source"), path + ".source", CampaignEventsConfig.Source.FILES);
    String dataPath = string(node.get("path"), path + ".path", null);
    String url = string(node.get("url"), path + ".url", null);
    if (source == CampaignEventsConfig.Source.FILES && dataPath == null) {
      problems.add(path + ".path: required with source: files (a folder with one <table>.tsv per table)");
    }
    if (source == CampaignEventsConfig.Source.JDBC && url == null) {
      problems.add(path + ".url: required with source: jdbc (e.g. jdbc:mariadb://127.0.0.1:3306/wikishared)");
    }
    if (url != null && !url.startsWith("jdbc:mariadb://") && !url.startsWith("jdbc:mysql://")) {
      problems.add(path + ".url: '" + Urls.redact(url) + "' is not a jdbc:mariadb:// URL");
    }
    if (url != null && (Urls.hasCredentials(url) || url.matches("(?i).*password=.*"))) {
      problems.add(path + ".url: must not hold credentials (a user:password@ part or a password parameter; "
          + "use credentials_file or CM_CAMPAIGNEVENTS_USER/CM_CAMPAIGNEVENTS_PASSWORD): " + Urls.redact(url));
    }
    String globaluser = string(node.get("globaluser_table"), path + ".globaluser_table", "globaluser");
    if (!globaluser.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?")) {
      problems.add(path + ".globaluser_table: '" + globaluser + "' is not a table name (table or database.table)");
    }
    List<String> countries = stringList(node.get("disallowed_countries"), path + ".disallowed_countries");
    for (int i = 0; i < countries.size(); i++) {
      if (!countries.get(i).matches("[A-Z]{2}")) {
        problems.add(path + ".disallowed_countries[" + i + "]: '" + countries.get(i)
            + "' is not a CLDR/ISO country code (two capital letters)");
      }
    }
    boolean byOrganizer = false;
    JsonNode reports = node.get("reports");
    if (reports != null && !reports.isNull() && isObject(reports, path + ".reports")) {
      checkKeys(reports, path + ".reports", Set.of("by_organizer"));
      byOrganizer = bool(reports.get("by_organizer"), path + ".reports.by_organizer", false);
    }
    return new CampaignEventsConfig(source, dataPath, url,
        string(node.get("credentials_file"), path + ".credentials_file", ReplicasConfig.DEFAULT_CREDENTIALS_FILE),
        globaluser, countries, byOrganizer);
  }

  private HistoryConfig history(JsonNode node) {
    String path = "history";
    if (node == null) {
      problems.add("history: required (at least history.path for the dumps)");
      return null;
    }
    if (!isObject(node, path)) {
      return null;
    }
    checkKeys(node, path, Set.of("source", "path", "table", "wikis", "from", "to"));
    HistoryConfig.Source source = oneOf(node.get("source"), path + ".source", HistoryConfig.Source.DUMPS);
    String dataPath = string(node.get("path"), path + ".path", null);
    String table = string(node.get("table"), path + ".table", null);
    if (source == HistoryConfig.Source.DUMPS && dataPath == null) {
      problems.add("history.path: required with source: dumps (the dumps root, above <snapshot>/)");
    }
    if (source == HistoryConfig.Source.TABLE && (dataPath == null) == (table == null)) {
      problems.add("history: with source: table give exactly one of history.table (a catalog table) "
          + "or history.path (a Parquet path)");
    }
    List<String> wikis = wikiList(node.get("wikis"), path + ".wikis");
    Instant from = instant(node.get("from"), path + ".from");
    Instant to = instant(node.get("to"), path + ".to");
    return new HistoryConfig(source, dataPath, table, wikis, from, to);
  }

  private IngestConfig ingest(JsonNode node) {
    String path = "ingest";
    if (node == null) {
      return new IngestConfig(0.001, 32, IngestConfig.Decoder.AUTO, false);
    }
    if (!isObject(node, path)) {
      return null;
    }
    checkKeys(node, path, Set.of("max_reject_ratio", "split_mb", "decoder", "every_bucket"));
    double ratio = 0.001;
    JsonNode r = node.get("max_reject_ratio");
    if (r != null && !r.isNull()) {
      if (!r.isNumber() || r.asDouble() < 0 || r.asDouble() > 1) {
        problems.add("ingest.max_reject_ratio: must be a number from 0 to 1, got " + r);
      } else {
        ratio = r.asDouble();
      }
    }
    int splitMb = integer(node.get("split_mb"), "ingest.split_mb", 32, 1, 4096);
    IngestConfig.Decoder decoder = oneOf(node.get("decoder"), "ingest.decoder", IngestConfig.Decoder.AUTO);
    return new IngestConfig(ratio, splitMb, decoder,
        bool(node.get("every_bucket"), "ingest.every_bucket", false));
  }

  private List<CampaignConfig> campaigns(JsonNode node) {
    List<CampaignConfig> campaigns = new ArrayList<>();
    if (node == null || node.isNull()) {
      return campaigns;
    }
    if (!node.isArray()) {
      problems.add("campaigns: expected a list of campaigns");
      return campaigns;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "campaigns[" + i + "]";
      JsonNode c = node.get(i);
      if (!isObject(c, path)) {
        continue;
      }
      checkKeys(c, path, Set.of("id", "name", "series", "start", "end", "country", "wikis", "participants"));
      String id = string(c.get("id"), path + ".id", null);
      if (id == null) {
        problems.add(path + ".id: required");
      } else if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        problems.add(path + ".id: '" + id + "' must be letters, digits, '.', '_' or '-'");
      } else if (!ids.add(id)) {
        problems.add(path + ".id: '" + id + "' is used by an earlier campaign");
      }
      String name = string(c.get("name"), path + ".name", id);
      String series = string(c.get("series"), path + ".series", null);
      Instant start = instant(c.get("start"), path + ".start");
      Instant end = instant(c.get("end"), path + ".end", true);
      if (start == null && c.get("start") == null) {
        problems.add(path + ".start: required");
      }
      if (end == null && c.get("end") == null) {
        problems.add(path + ".end: required");
      }
      if (start != null && end != null && !end.isAfter(start)) {
        problems.add(path + ".end: must be after start");
      }
      String country = string(c.get("country"), path + ".country", null);
      if (country != null && !country.matches("[A-Z]{2}")) {
        problems.add(path + ".country: '" + country + "' is not an ISO 3166-1 alpha-2 code (two capital letters)");
      }
      List<String> wikis = wikiList(c.get("wikis"), path + ".wikis");
      List<String> usernames = List.of();
      String file = null;
      String category = null;
      JsonNode p = c.get("participants");
      if (p != null && isObject(p, path + ".participants")) {
        checkKeys(p, path + ".participants", Set.of("usernames", "file", "commons_category"));
        usernames = stringList(p.get("usernames"), path + ".participants.usernames");
        file = string(p.get("file"), path + ".participants.file", null);
        category = string(p.get("commons_category"), path + ".participants.commons_category", null);
        if (category != null) {
          category = category.strip().replaceFirst("^(?i)category:", "").strip();
        }
      }
      campaigns.add(new CampaignConfig(id, name, series, start, end, country, wikis, usernames, file, category,
          "config"));
    }
    return campaigns;
  }

  static final List<String> CAMPAIGN_COLUMNS =
      List.of("id", "name", "series", "start", "end", "country", "wikis", "participants_file", "commons_category");

  /**
   * {@code campaigns_file}: a CSV with a header, one campaign per row, columns
   * id,name,series,start,end,country,wikis,participants_file (wikis separated by spaces or ';').
   * Each row is checked like a campaign of the config; problems name the file's line.
   */
  private List<CampaignConfig> campaignsFile(String file, List<CampaignConfig> earlier) {
    List<CampaignConfig> campaigns = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      problems.add("campaigns_file: cannot read " + file + " (" + e.getMessage() + ")");
      return campaigns;
    }
    if (lines.isEmpty()) {
      problems.add("campaigns_file: " + file + " is empty (expected a header " + String.join(",", CAMPAIGN_COLUMNS) + ")");
      return campaigns;
    }
    List<String> header = Csv.split(lines.get(0).replace("\uFEFF", "")).stream().map(String::strip).toList();
    for (String column : List.of("id", "start", "end")) {
      if (!header.contains(column)) {
        problems.add("campaigns_file: " + file + " has no '" + column + "' column (header: " + header + ")");
        return campaigns;
      }
    }
    Set<String> ids = new HashSet<>();
    earlier.forEach(c -> ids.add(c.id()));
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> fields = Csv.split(lines.get(i));
      ObjectNode campaign = mapper.createObjectNode();
      ObjectNode participants = mapper.createObjectNode();
      for (int c = 0; c < header.size() && c < fields.size(); c++) {
        String value = fields.get(c).strip();
        if (value.isEmpty()) {
          continue;
        }
        switch (header.get(c)) {
          case "wikis" -> {
            ArrayNode wikis = campaign.putArray("wikis");
            for (String wiki : value.split("[;\\s]+")) {
              wikis.add(wiki);
            }
          }
          case "participants_file" -> participants.put("file", value);
          case "commons_category" -> participants.put("commons_category", value);
          default -> {
            if (CAMPAIGN_COLUMNS.contains(header.get(c))) {
              campaign.put(header.get(c), value);
            }
          }
        }
      }
      if (!participants.isEmpty()) {
        campaign.set("participants", participants);
      }
      int before = problems.size();
      List<CampaignConfig> parsed = campaigns(mapper.createArrayNode().add(campaign));
      for (int p = before; p < problems.size(); p++) {
        problems.set(p, problems.get(p).replace("campaigns[0]", "campaigns_file " + file + " line " + (i + 1)));
      }
      for (CampaignConfig c : parsed) {
        if (c.id() != null && !ids.add(c.id())) {
          problems.add("campaigns_file " + file + " line " + (i + 1) + ".id: '" + c.id() + "' is used by another campaign");
        }
        campaigns.add(c);
      }
    }
    return campaigns;
  }

  private RetentionConfig retention(JsonNode node) {
    String path = "retention";
    RetentionConfig defaults = new RetentionConfig(0, List.of(3, 6, 9, 12), RetentionConfig.Window.MONTH, 7, List.of(),
        "all", List.of(), true, 1, true);
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!isObject(node, path)) {
      return defaults;
    }
    checkKeys(node, path, Set.of("preregistration_days", "newcomers", "horizons", "window", "offset_days",
        "wikis", "namespaces", "include_deleted", "min_edits", "exclude_bots"));
    int days = integer(node.get("preregistration_days"), path + ".preregistration_days", 0, 0, 3650);
    JsonNode preset = node.get("newcomers");
    if (preset != null && !preset.isNull()) {
      if (node.has("preregistration_days")) {
        problems.add(path + ".newcomers: give either newcomers (a preset) or preregistration_days, not both");
      }
      String name = preset.asText();
      if (!PREREGISTRATION_PRESETS.containsKey(name)) {
        problems.add(path + ".newcomers: unknown preset '" + name + "' (valid: "
            + String.join(", ", new TreeSet<>(PREREGISTRATION_PRESETS.keySet())) + ")");
      } else {
        days = PREREGISTRATION_PRESETS.get(name);
      }
    }
    List<Integer> horizons = new ArrayList<>();
    JsonNode h = node.get("horizons");
    if (h == null || h.isNull()) {
      horizons.addAll(defaults.horizons());
    } else if (!h.isArray() || h.isEmpty()) {
      problems.add(path + ".horizons: expected a non-empty list of months, e.g. [3, 6, 9, 12]");
    } else {
      for (int i = 0; i < h.size(); i++) {
        int months = integer(h.get(i), path + ".horizons[" + i + "]", 0, 1, 120);
        if (horizons.contains(months)) {
          problems.add(path + ".horizons[" + i + "]: " + months + " is listed twice");
        }
        horizons.add(months);
      }
    }
    RetentionConfig.Window window = oneOf(node.get("window"), path + ".window", RetentionConfig.Window.MONTH);
    int offsetDays = integer(node.get("offset_days"), path + ".offset_days", 7, 0, 365);
    if (window == RetentionConfig.Window.SINCE && !horizons.isEmpty()) {
      int shortest = horizons.stream().mapToInt(Integer::intValue).min().getAsInt();
      long fewest = shortestDays(shortest);
      if (offsetDays >= fewest) {
        problems.add(path + ".offset_days: " + offsetDays + " leaves the since window of horizon " + shortest
            + " (" + shortest + " month(s), as few as " + fewest + " days) empty; use fewer days or longer horizons");
      }
    }
    List<String> wikis = List.of();
    JsonNode w = node.get("wikis");
    if (w != null && !w.isNull() && !(w.isTextual() && w.asText().equals("all"))) {
      wikis = stringList(w, path + ".wikis");
    }
    String namespaces = "all";
    List<Integer> namespaceList = new ArrayList<>();
    JsonNode ns = node.get("namespaces");
    if (ns != null && !ns.isNull()) {
      if (ns.isTextual() && (ns.asText().equals("all") || ns.asText().equals("content"))) {
        namespaces = ns.asText();
      } else if (ns.isArray() && !ns.isEmpty()) {
        namespaces = "list";
        for (int i = 0; i < ns.size(); i++) {
          namespaceList.add(integer(ns.get(i), path + ".namespaces[" + i + "]", 0, -2, Integer.MAX_VALUE));
        }
      } else {
        problems.add(path + ".namespaces: expected all, content or a list of namespace numbers, got " + ns);
      }
    }
    boolean includeDeleted = bool(node.get("include_deleted"), path + ".include_deleted", true);
    int minEdits = integer(node.get("min_edits"), path + ".min_edits", 1, 1, 1_000_000);
    boolean excludeBots = bool(node.get("exclude_bots"), path + ".exclude_bots", true);
    return new RetentionConfig(days, List.copyOf(horizons), window, offsetDays, wikis, namespaces,
        List.copyOf(namespaceList), includeDeleted, minEdits, excludeBots);
  }

  private ReplicasConfig replicas(JsonNode node) {
    ReplicasConfig d = ReplicasConfig.defaults();
    String path = "replicas";
    if (node == null || node.isNull() || !isObject(node, path)) {
      return d;
    }
    checkKeys(node, path, Set.of("host_pattern", "port", "database_pattern", "credentials_file", "centralauth",
        "max_connections", "batch_rows", "actor_batch", "fetch_size", "query_timeout_seconds", "retries",
        "retry_backoff_ms", "content_namespaces"));
    String host = string(node.get("host_pattern"), path + ".host_pattern", d.hostPattern());
    if (!host.contains("{wiki}") && !host.matches("[A-Za-z0-9.-]+")) {
      problems.add(path + ".host_pattern: '" + host + "' is neither a host name nor a pattern with {wiki}");
    }
    String database = string(node.get("database_pattern"), path + ".database_pattern", d.databasePattern());
    if (!database.contains("{wiki}")) {
      problems.add(path + ".database_pattern: '" + database + "' must contain {wiki} (each wiki is its own database)");
    }
    Map<String, List<Integer>> contentNamespaces = new TreeMap<>(d.contentNamespaces());
    JsonNode cn = node.get("content_namespaces");
    if (cn != null && !cn.isNull() && isObject(cn, path + ".content_namespaces")) {
      for (Iterator<String> it = cn.fieldNames(); it.hasNext(); ) {
        String wiki = it.next();
        String key = path + ".content_namespaces." + wiki;
        if (!wiki.equals("default") && !WIKI.matcher(wiki).matches()) {
          problems.add(key + ": not a wiki database name or 'default'");
        }
        JsonNode list = cn.get(wiki);
        List<Integer> numbers = new ArrayList<>();
        if (!list.isArray()) {
          problems.add(key + ": expected a list of namespace numbers, e.g. [0, 6]");
        } else {
          for (int i = 0; i < list.size(); i++) {
            numbers.add(integer(list.get(i), key + "[" + i + "]", 0, 0, Integer.MAX_VALUE));
          }
        }
        contentNamespaces.put(wiki, List.copyOf(numbers));
      }
    }
    return new ReplicasConfig(host,
        integer(node.get("port"), path + ".port", d.port(), 1, 65535),
        database,
        string(node.get("credentials_file"), path + ".credentials_file", d.credentialsFile()),
        bool(node.get("centralauth"), path + ".centralauth", d.centralauth()),
        integer(node.get("max_connections"), path + ".max_connections", d.maxConnections(), 1, 64),
        integer(node.get("batch_rows"), path + ".batch_rows", d.batchRows(), 1, 10_000_000),
        integer(node.get("actor_batch"), path + ".actor_batch", d.actorBatch(), 1, 10_000),
        integer(node.get("fetch_size"), path + ".fetch_size", d.fetchSize(), 1, 1_000_000),
        integer(node.get("query_timeout_seconds"), path + ".query_timeout_seconds", d.queryTimeoutSeconds(), 1,
            86_400),
        integer(node.get("retries"), path + ".retries", d.retries(), 0, 100),
        integer(node.get("retry_backoff_ms"), path + ".retry_backoff_ms", d.retryBackoffMs(), 0, 600_000),
        Map.copyOf(contentNamespaces));
  }

  private PrivacyConfig privacy(JsonNode node) {
    if (node == null || node.isNull() || !isObject(node, "privacy")) {
      return new PrivacyConfig(5, false, ProtectedCountries.shipped());
    }
    checkKeys(node, "privacy", Set.of("min_cell_size", "internal_outputs", "protected_countries"));
    Set<String> protectedCountries = ProtectedCountries.shipped();
    JsonNode countries = node.get("protected_countries");
    if (countries != null && !countries.isNull()) {
      List<String> listed = stringList(countries, "privacy.protected_countries");
      java.util.TreeSet<String> chosen = new java.util.TreeSet<>();
      for (int i = 0; i < listed.size(); i++) {
        String code = listed.get(i);
        if (code.equals(ProtectedCountries.DEFAULT)) {
          chosen.addAll(ProtectedCountries.shipped());
        } else if (code.matches("[A-Z]{2}")) {
          chosen.add(code);
        } else {
          problems.add("privacy.protected_countries[" + i + "]: '" + code + "' is not an ISO 3166-1 alpha-2 code "
              + "(two capital letters) nor '" + ProtectedCountries.DEFAULT + "' (the shipped list, "
              + ProtectedCountries.RESOURCE + ")");
        }
      }
      protectedCountries = java.util.Collections.unmodifiableSortedSet(chosen); // sorted: the config log lists it
    }
    return new PrivacyConfig(integer(node.get("min_cell_size"), "privacy.min_cell_size", 5, 1, 1000),
        bool(node.get("internal_outputs"), "privacy.internal_outputs", false), protectedCountries);
  }

  private OutputConfig output(JsonNode node) {
    if (node == null || node.isNull()) {
      return new OutputConfig(List.of("parquet", "csv"));
    }
    if (!isObject(node, "output")) {
      return new OutputConfig(List.of("parquet", "csv"));
    }
    checkKeys(node, "output", Set.of("formats", "sql"));
    List<String> formats = stringList(node.get("formats"), "output.formats");
    for (int i = 0; i < formats.size(); i++) {
      if (!OutputConfig.FORMATS.contains(formats.get(i))) {
        problems.add("output.formats[" + i + "]: unknown format '" + formats.get(i) + "' (valid: "
            + String.join(", ", OutputConfig.FORMATS) + ")");
      }
    }
    if (node.has("formats") && !formats.contains("parquet")) {
      problems.add("output.formats: must include parquet (the warehouse format; csv is an extra copy)");
    }
    return new OutputConfig(formats.isEmpty() ? List.of("parquet", "csv") : formats, sqlOutput(node.get("sql")));
  }

  private SqlOutput sqlOutput(JsonNode node) {
    if (node == null || node.isNull() || !isObject(node, "output.sql")) {
      return null;
    }
    checkKeys(node, "output.sql", Set.of("url", "credentials_file", "schema"));
    String url = string(node.get("url"), "output.sql.url", null);
    if (url == null) {
      problems.add("output.sql.url: required (e.g. jdbc:postgresql://127.0.0.1:5432/analytics or "
          + "jdbc:mariadb://127.0.0.1:3306/analytics)");
      return null;
    }
    if (!url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:mariadb://")) {
      problems.add("output.sql.url: '" + Urls.redact(url) + "' is neither a jdbc:postgresql:// nor a jdbc:mariadb:// URL");
    }
    if (url.matches("(?i).*[?&;](password|user)=.*")) {
      problems.add("output.sql.url: holds a user or password; the URL is logged, so put them in "
          + "output.sql.credentials_file or CM_SQL_USER/CM_SQL_PASSWORD: " + Urls.redact(url));
    }
    String schema = string(node.get("schema"), "output.sql.schema", SqlOutput.DEFAULT_SCHEMA);
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      problems.add("output.sql.schema: '" + schema + "' must be lower-case letters, digits and _ (it is written into SQL)");
    }
    return new SqlOutput(url, string(node.get("credentials_file"), "output.sql.credentials_file",
        SqlOutput.DEFAULT_CREDENTIALS_FILE), schema);
  }

  // ---- value helpers: each records a problem naming the path and returns a fallback ----

  private void checkKeys(JsonNode node, String path, Set<String> valid) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!valid.contains(key)) {
        String where = path.isEmpty() ? key : path + "." + key;
        problems.add(where + ": unknown key (valid here: " + String.join(", ", new TreeSet<>(valid)) + ")");
      }
    }
  }

  private boolean isObject(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(path + ": expected a mapping, got " + node);
      return false;
    }
    return true;
  }

  private String string(JsonNode node, String path, String fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      problems.add(path + ": expected a non-empty text value, got " + node);
      return fallback;
    }
    return node.asText();
  }

  /** An enum value by its lower-case name; an unknown one is a problem listing the valid ones. */
  private <E extends Enum<E>> E oneOf(JsonNode node, String path, E fallback) {
    E[] values = fallback.getDeclaringClass().getEnumConstants();
    String text = oneOf(node, path, Arrays.stream(values).map(Object::toString).toList(), fallback.toString());
    return Arrays.stream(values).filter(v -> v.toString().equals(text)).findFirst().orElse(fallback);
  }

  private String oneOf(JsonNode node, String path, List<String> valid, String fallback) {
    String value = string(node, path, fallback);
    if (value != null && !valid.contains(value)) {
      problems.add(path + ": unknown value '" + value + "' (valid: " + String.join(", ", valid) + ")");
      return fallback;
    }
    return value;
  }

  private int integer(JsonNode node, String path, int fallback, int min, int max) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      problems.add(path + ": expected a whole number, got " + node);
      return fallback;
    }
    int value = node.asInt();
    if (value < min || value > max) {
      problems.add(path + ": " + value + " is out of range (" + min + " to " + max + ")");
      return fallback;
    }
    return value;
  }

  private boolean bool(JsonNode node, String path, boolean fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problems.add(path + ": expected true or false, got " + node);
      return fallback;
    }
    return node.asBoolean();
  }

  /** A list of wiki database names, each checked against {@link #WIKI} (they reach SQL and paths). */
  private List<String> wikiList(JsonNode node, String path) {
    List<String> wikis = stringList(node, path);
    for (int i = 0; i < wikis.size(); i++) {
      if (!WIKI.matcher(wikis.get(i)).matches()) {
        problems.add(path + "[" + i + "]: '" + wikis.get(i) + "' is not a wiki database name ([a-z0-9_]+)");
      }
    }
    return wikis;
  }

  private List<String> stringList(JsonNode node, String path) {
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      problems.add(path + ": expected a list, got " + node);
      return values;
    }
    for (int i = 0; i < node.size(); i++) {
      String value = string(node.get(i), path + "[" + i + "]", null);
      if (value != null) {
        values.add(value);
      }
    }
    return List.copyOf(values);
  }

  private YearMonth yearMonth(JsonNode node, String path) {
    String text = string(node, path, null);
    if (text == null) {
      return null;
    }
    try {
      if (!text.matches("\\d{4}-\\d{2}")) {
        throw new DateTimeParseException("format", text, 0);
      }
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(path + ": '" + text + "' is not a month in the form YYYY-MM");
      return null;
    }
  }

  /** An ISO instant ({@code 2021-09-30T23:59:59Z}) or a date ({@code 2021-09-01}, midnight UTC). */
  private Instant instant(JsonNode node, String path) {
    return instant(node, path, false);
  }

  /** @param end a date alone is the end of that day ({@link UtcTime#parseEnd}), e.g. a campaign's {@code end} */
  private Instant instant(JsonNode node, String path, boolean end) {
    String text = string(node, path, null);
    if (text == null) {
      return null;
    }
    try {
      return end ? UtcTime.parseEnd(text) : UtcTime.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(path + ": '" + text + "' is not a UTC time like 2021-09-30T23:59:59Z or a date like 2021-09-30");
      return null;
    }
  }

  /** The fewest days {@code months} calendar months can span (from any day of a four-year cycle). */
  static long shortestDays(int months) {
    long fewest = Long.MAX_VALUE;
    for (LocalDate d = LocalDate.of(2021, 1, 1); d.getYear() < 2025; d = d.plusDays(1)) {
      fewest = Math.min(fewest, ChronoUnit.DAYS.between(d, d.plusMonths(months)));
    }
    return fewest;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
