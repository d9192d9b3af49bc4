package org.campaignmetrics.sink.superset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.sql.SqlTypes;

/**
 * The Superset 6 import bundle (v1 ZIP) of the dashboard "Campaign retention and event goals":
 * one database, a dataset per public aggregate named as the aggregate, one virtual dataset
 * ({@code event_goals}: goal progress with the event's name), the charts, each with a saved
 * {@code query_context}, and the dashboard with its native filters. UUIDs are derived from names,
 * so a re-import updates in place. Only the database entry, the tables' schema and a few SQL
 * expressions differ between backends; what the charts ask for is the same everywhere.
 * docs/dashboards.md describes every chart; context: shared/context/dashboards.md §1.
 */
public final class SupersetBundle {
  public static final String ROOT = "campaign_metrics_bundle";
  public static final String TITLE = "Campaign retention and event goals";
  public static final String SLUG = "campaign-retention";
  public static final String DATABASE_NAME = "campaign_metrics";
  /** The virtual dataset of goal progress joined with the events' names (public, valid goals only). */
  public static final String EVENT_GOALS = "event_goals";

  /** Where Superset reads the aggregates. */
  public enum Backend { duckdb, postgresql, mariadb, presto }

  /**
   * @param sqlalchemyUri the database URI Superset connects with (no password in it)
   * @param schema the schema (DuckDB: {@code main}) holding a table or view per dataset
   */
  public record Target(Backend backend, String sqlalchemyUri, String schema) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Target target;
  private final int firstHorizon;
  private final Map<String, String> files = new LinkedHashMap<>();
  private final List<Chart> charts = new ArrayList<>();

  /** A chart: its dataset, viz type, form data and the one query its saved query context asks. */
  record Chart(String key, String title, String dataset, String viz, Map<String, Object> params,
      Map<String, Object> query, int width, int height) {}

  public SupersetBundle(Target target, List<Integer> horizons) {
    this.target = target;
    this.firstHorizon = horizons.isEmpty() ? 3 : horizons.stream().mapToInt(Integer::intValue).min().getAsInt();
    build();
  }

  /** The bundle's files, path (under {@link #ROOT}) to YAML text, in a fixed order. */
  public Map<String, String> files() {
    return files;
  }

  /** The charts' titles by their UUIDs, in dashboard order. */
  public Map<String, String> chartTitles() {
    Map<String, String> titles = new LinkedHashMap<>();
    for (Chart chart : charts) {
      titles.put(uuid("chart", chart.key()).toString(), chart.title());
    }
    return titles;
  }

  /** Writes the ZIP: one top folder, entries in a fixed order with a fixed time, so equal bundles are equal bytes. */
  public void writeZip(OutputStream out) {
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        ZipEntry entry = new ZipEntry(ROOT + "/" + file.getKey());
        entry.setTime(315532800000L); // 1980-01-01, the ZIP epoch: the bytes do not depend on when
        zip.putNextEntry(entry);
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static UUID uuid(String kind, String name) {
    return UUID.nameUUIDFromBytes(("campaign-metrics/superset/" + kind + "/" + name).getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------

  private void build() {
    // no "type": the dashboard importer and the assets importer (which overwrites in place) both take it
    put("metadata.yaml", map("version", "1.0.0"));
    put("databases/" + DATABASE_NAME + ".yaml", database());
    for (Map.Entry<String, StructType> dataset : Datasets.PUBLIC.entrySet()) {
      put("datasets/" + DATABASE_NAME + "/" + dataset.getKey() + ".yaml", physical(dataset.getKey(), dataset.getValue()));
    }
    put("datasets/" + DATABASE_NAME + "/" + EVENT_GOALS + ".yaml", eventGoals());
    defineCharts();
    for (Chart chart : charts) {
      put("charts/" + chart.key() + ".yaml", chart(chart));
    }
    put("dashboards/" + SLUG + ".yaml", dashboard());
  }

  private Map<String, Object> database() {
    Map<String, Object> db = map("database_name", DATABASE_NAME, "sqlalchemy_uri", target.sqlalchemyUri(),
        "cache_timeout", null, "expose_in_sqllab", true, "allow_run_async", false, "allow_ctas", false,
        "allow_cvas", false, "allow_dml", false, "allow_csv_upload", false);
    Map<String, Object> extra = map("allows_virtual_table_explore", true);
    if (target.backend() == Backend.duckdb) {
      // read-only: many Superset workers may open the catalog at once (duckdb_engine#436)
      extra.put("engine_params", map("connect_args", map("read_only", true)));
    }
    db.put("extra", extra);
    db.put("uuid", uuid("database", DATABASE_NAME).toString());
    db.put("version", "1.0.0");
    return db;
  }

  private Map<String, Object> physical(String name, StructType schema) {
    List<Map<String, Object>> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(column(name, field.name(), field.dataType()));
    }
    columns.add(column(name, "snapshot", DataTypes.StringType));
    List<Map<String, Object>> metrics = new ArrayList<>();
    metrics.add(metric(name, "count", "COUNT(*)", null, "Rows"));
    if (has(schema, "cohort_size") && has(schema, "retained")) {
      // the pooled rate over the rows whose retained is known: censored and suppressed rows are left out
      // of numerator and denominator alike, so a month with none known is absent, not 0
      columns.add(calculated(name, "cell_status", "VARCHAR", statusExpression()));
      metrics.add(metric(name, "retention_rate",
          "SUM(retained) * 1.0 / NULLIF(SUM(CASE WHEN retained IS NOT NULL THEN cohort_size END), 0)", ".1%",
          "Retention rate (pooled over known cells)"));
      metrics.add(metric(name, "cohort_size_sum", "SUM(cohort_size)", ",d", "People in the cohorts"));
      metrics.add(metric(name, "cohort_size_max", "MAX(cohort_size)", ",d", "Cohort size"));
      metrics.add(metric(name, "retained_sum", "SUM(retained)", ",d", "Retained"));
    } else if (has(schema, "retained")) {
      metrics.add(metric(name, "retained_sum", "SUM(retained)", ",d", "Retained"));
    }
    if (has(schema, "events_with_goals")) {
      metrics.add(metric(name, "events_with_goals_sum", "SUM(events_with_goals)", ",d", "Events with goals"));
      metrics.add(metric(name, "reached_sum", "SUM(reached)", ",d", "Goals reached"));
      metrics.add(metric(name, "not_reached_sum", "SUM(not_reached)", ",d", "Goals not reached"));
      metrics.add(metric(name, "goal_errors_sum", "SUM(goal_errors)", ",d", "Goals not valid"));
      metrics.add(metric(name, "reached_share",
          "SUM(reached) * 1.0 / NULLIF(SUM(reached) + SUM(not_reached), 0)", ".0%", "Share of valid goals reached"));
    }
    if (has(schema, "participants_listed")) {
      metrics.add(metric(name, "participants_listed_sum", "SUM(participants_listed)", ",d", "Participants listed"));
    }
    return dataset(name, null, columns, metrics);
  }

  private Map<String, Object> eventGoals() {
    String s = target.backend() == Backend.duckdb ? "" : target.schema() + ".";
    String sql = "SELECT g.event_id, e.event_name, e.event_types, e.country_code AS country, e.wikis, e.topics,\n"
        + "       g.primary_metric, g.primary_current, g.ratio, g.percent, g.reached,\n"
        + "       " + primaryPercent() + " AS primary_percent, g.snapshot\n"
        + "FROM " + s + "event_goal_progress g\n"
        + "JOIN " + s + "events e ON e.event_id = g.event_id AND e.snapshot = g.snapshot\n"
        + "WHERE g.visibility = 'public' AND g.error IS NULL";
    List<Map<String, Object>> columns = new ArrayList<>();
    String[][] cols = {{"event_id", "BIGINT"}, {"event_name", "VARCHAR"}, {"event_types", "VARCHAR"},
        {"country", "VARCHAR"}, {"wikis", "VARCHAR"}, {"topics", "VARCHAR"}, {"primary_metric", "VARCHAR"},
        {"primary_current", "BIGINT"}, {"ratio", "DOUBLE"}, {"percent", "INTEGER"}, {"reached", "BOOLEAN"},
        {"primary_percent", "DOUBLE"}, {"snapshot", "VARCHAR"}};
    for (String[] c : cols) {
      columns.add(columnMap(EVENT_GOALS, c[0], c[1], false));
    }
    List<Map<String, Object>> metrics = List.of(
        metric(EVENT_GOALS, "primary_percent_max", "MAX(primary_percent)", ",.0f",
            "Primary metric, % of its target (beyond 100 when exceeded)"),
        metric(EVENT_GOALS, "count", "COUNT(*)", ",d", "Events"));
    return dataset(EVENT_GOALS, sql, columns, metrics);
  }

  /** The first metric's actual / target × 100, uncapped: metrics[0].uncapped_ratio in each backend's syntax. */
  private String primaryPercent() {
    return primaryPercent(target.backend());
  }

  /** {@link #primaryPercent()} for a backend (tests run it on each database). */
  public static String primaryPercent(Backend backend) {
    return switch (backend) {
      case duckdb -> "100.0 * g.metrics[1].uncapped_ratio";
      case presto -> "100.0 * element_at(g.metrics, 1).uncapped_ratio";
      case postgresql -> "100.0 * CAST(CAST(g.metrics AS json) -> 0 ->> 'uncapped_ratio' AS double precision)";
      case mariadb -> "100.0 * CAST(JSON_VALUE(g.metrics, '$[0].uncapped_ratio') AS DOUBLE)";
    };
  }

  /** The {@code cell_status} column's SQL, the same on every backend. */
  public static String statusExpression() {
    return "CASE WHEN suppressed THEN 'suppressed (a small cell, or one that would reveal it)' "
        + "WHEN censored THEN CONCAT('censored: ', censored_because) ELSE 'published' END";
  }

  private Map<String, Object> dataset(String name, String sql, List<Map<String, Object>> columns,
      List<Map<String, Object>> metrics) {
    Map<String, Object> d = map("table_name", name, "main_dttm_col", null, "description",
        "campaign-metrics " + name + (sql == null ? " (docs/datasets.md)" : " (virtual: public, valid goals with the event)"),
        "default_endpoint", null, "offset", 0, "cache_timeout", null,
        "schema", target.schema(), "sql", sql, "params", null, "template_params", null,
        "filter_select_enabled", true, "fetch_values_predicate", null, "extra", null, "normalize_columns", false,
        "always_filter_main_dttm", false);
    d.put("uuid", uuid("dataset", name).toString());
    d.put("metrics", metrics);
    d.put("columns", columns);
    d.put("version", "1.0.0");
    d.put("database_uuid", uuid("database", DATABASE_NAME).toString());
    return d;
  }

  private Map<String, Object> column(String dataset, String name, DataType type) {
    return columnMap(dataset, name, SqlTypes.of(type, SqlTypes.Dialect.SUPERSET), type.equals(DataTypes.TimestampType));
  }

  private Map<String, Object> columnMap(String dataset, String name, String type, boolean temporal) {
    Map<String, Object> c = map("column_name", name, "verbose_name", null, "is_dttm", temporal, "is_active", true,
        "type", type, "groupby", true, "filterable", true, "expression", null, "description", null,
        "python_date_format", null);
    return c; // Superset 6.1 takes no uuid on a column or metric
  }

  private Map<String, Object> calculated(String dataset, String name, String type, String expression) {
    Map<String, Object> c = columnMap(dataset, name, type, false);
    c.put("expression", expression);
    return c;
  }

  private static Map<String, Object> metric(String dataset, String name, String expression, String format,
      String verbose) {
    Map<String, Object> m = map("metric_name", name, "verbose_name", verbose, "metric_type", null,
        "expression", expression, "description", null, "d3format", format, "warning_text", null, "extra", null);
    return m;
  }

  private static boolean has(StructType schema, String column) {
    for (String name : schema.fieldNames()) {
      if (name.equals(column)) {
        return true;
      }
    }
    return false;
  }

  // ---- charts ----------------------------------------------------------------------------------

  private static Map<String, Object> filter(String col, String op, Object val) {
    Map<String, Object> f = map("col", col, "op", op);
    if (val != null) {
      f.put("val", val);
    }
    return f;
  }

  private void defineCharts() {
    String h = Integer.toString(firstHorizon);
    List<Map<String, Object>> newcomersAtFirst = List.of(filter("cohort", "==", "newcomers"),
        filter("horizon_months", "==", firstHorizon));
    charts.add(bigNumber("newcomers", "Newcomers in the campaigns' cohorts", "retention_summary", "cohort_size_sum",
        newcomersAtFirst, ",d", "people; a person in two campaigns counts twice"));
    charts.add(bigNumber("newcomers_retained", "Newcomers still active " + h + " months after the end",
        "retention_summary", "retention_rate", newcomersAtFirst, ".1%",
        "pooled over the campaigns whose " + h + "-month cell is published"));
    charts.add(bigNumber("campaigns_count", "Campaigns", "campaigns", "count", List.of(), ",d", "configured"));
    charts.add(bigNumber("events_with_goals", "Events with a valid goal", EVENT_GOALS, "count", List.of(), ",d",
        "public events"));
    charts.add(series("retention_curve", "Retention by month after the end (newcomers vs existing)",
        "retention_curve", "echarts_timeseries_line", "month", List.of("cohort"), List.of("retention_rate"),
        List.of(), ".0%", false, false, 12, 50));
    charts.add(table("retention_table", "Retention at each horizon (suppressed and censored cells say so)",
        "retention_summary", List.of("campaign_name", "series", "country", "cohort", "horizon_months", "cohort_size",
            "retained", "rate", "cell_status"),
        List.of(List.of("campaign_name", true), List.of("cohort", true), List.of("horizon_months", true)), 12, 60));
    charts.add(series("cohort_sizes", "Cohort sizes per campaign (newcomers and existing)", "retention_summary",
        "echarts_timeseries_bar", "campaign_name", List.of("cohort"), List.of("cohort_size_max"),
        List.of(filter("cohort", "IN", List.of("newcomers", "existing")), filter("horizon_months", "==", firstHorizon)),
        ",d", true, false, 6, 50));
    charts.add(worldMap());
    charts.add(series("series_rollup", "Newcomer retention by series and horizon", "retention_rollup",
        "echarts_timeseries_bar", "series", List.of("horizon_months"), List.of("retention_rate"),
        List.of(filter("cohort", "==", "newcomers"), filter("country", "IS NULL", null)), ".0%", false, false, 6, 50));
    charts.add(table("rollup_table", "Series and country rollups", "retention_rollup",
        List.of("series", "country", "cohort", "horizon_months", "cohort_size", "retained", "rate", "cell_status"),
        List.of(List.of("series", true), List.of("country", true), List.of("horizon_months", true)), 6, 50));
    charts.add(aggregateTable("top_wikis", "Where retained newcomers edit (top wikis)", "retention_by_wiki",
        List.of("wiki_db", "horizon_months"), List.of("retained_sum"), List.of(filter("cohort", "==", "newcomers")),
        6, 50));
    charts.add(table("campaigns_table", "Campaigns: participants and matching", "campaigns",
        List.of("campaign_name", "series", "country", "campaign_start", "campaign_end", "participants_listed",
            "participants_unmatched", "participants_unverified", "participants_bots"),
        List.of(List.of("campaign_start", true)), 12, 40));
    charts.add(series("goal_progress", "Goal progress per event (% of the primary target; beyond 100 when exceeded)",
        EVENT_GOALS, "echarts_timeseries_bar", "event_name", List.of(), List.of("primary_percent_max"), List.of(),
        ",.0f", false, true, 12, 50));
    String[][] outcomes = {{"event_type", "event type"}, {"metric", "metric"}, {"wiki", "wiki"}, {"topic", "topic"},
        {"country", "country"}};
    for (String[] o : outcomes) {
      charts.add(series("goal_outcomes_by_" + o[0], "Goal outcomes by " + o[1], "goal_outcomes_by_" + o[0],
          "echarts_timeseries_bar", o[0], List.of(), List.of("reached_sum", "not_reached_sum", "goal_errors_sum"),
          List.of(), ",d", true, false, o[0].equals("country") ? 12 : 6, 50));
    }
  }

  private Chart bigNumber(String key, String title, String dataset, String metric, List<Map<String, Object>> filters,
      String format, String subheader) {
    Map<String, Object> params = formData("big_number_total", filters);
    params.put("metric", metric);
    params.put("subheader", subheader);
    params.put("y_axis_format", format);
    params.put("header_font_size", 0.4);
    params.put("subheader_font_size", 0.15);
    Map<String, Object> query = query(List.of(), List.of(metric), filters, List.of(), 1);
    return new Chart(key, title, dataset, "big_number_total", params, query, 3, 25);
  }

  private Chart series(String key, String title, String dataset, String viz, String x, List<String> groupby,
      List<String> metrics, List<Map<String, Object>> filters, String format, boolean stack, boolean horizontal,
      int width, int height) {
    Map<String, Object> params = formData(viz, filters);
    params.put("x_axis", x);
    params.put("metrics", metrics);
    params.put("groupby", groupby);
    params.put("x_axis_sort_asc", true);
    params.put("x_axis_sort_series", "name");
    params.put("y_axis_format", format);
    params.put("show_legend", true);
    params.put("rich_tooltip", true);
    params.put("truncate_metric", true);
    params.put("show_empty_columns", true);
    params.put("only_total", true);
    params.put("x_axis_title", x);
    params.put("x_axis_title_margin", 30);
    if (viz.equals("echarts_timeseries_line")) {
      params.put("markerEnabled", true);
      params.put("markerSize", 6);
      params.put("connectNulls", false); // a censored month is a gap, not a line through it
    }
    if (stack) {
      params.put("stack", "Stack");
    }
    if (horizontal) {
      params.put("orientation", "horizontal");
    }
    List<Object> columns = new ArrayList<>();
    columns.add(x);
    columns.addAll(groupby);
    Map<String, Object> query = query(columns, metrics, filters, List.of(List.of(x, true)), 10000);
    return new Chart(key, title, dataset, viz, params, query, width, height);
  }

  private Chart table(String key, String title, String dataset, List<String> columns, List<List<Object>> order,
      int width, int height) {
    Map<String, Object> params = formData("table", List.of());
    params.put("query_mode", "raw");
    params.put("all_columns", columns);
    List<String> orderCols = new ArrayList<>();
    for (List<Object> o : order) {
      orderCols.add(toJson(o));
    }
    params.put("order_by_cols", orderCols);
    params.put("server_page_length", 50);
    params.put("include_search", true);
    params.put("show_cell_bars", false);
    Map<String, Object> query = query(new ArrayList<>(columns), null, List.of(), order, 10000);
    return new Chart(key, title, dataset, "table", params, query, width, height);
  }

  private Chart aggregateTable(String key, String title, String dataset, List<String> groupby, List<String> metrics,
      List<Map<String, Object>> filters, int width, int height) {
    Map<String, Object> params = formData("table", filters);
    params.put("query_mode", "aggregate");
    params.put("groupby", groupby);
    params.put("metrics", metrics);
    params.put("order_desc", true);
    params.put("timeseries_limit_metric", metrics.get(0));
    params.put("server_page_length", 20);
    Map<String, Object> query = query(new ArrayList<>(groupby), metrics, filters,
        List.of(List.of(metrics.get(0), false)), 1000);
    return new Chart(key, title, dataset, "table", params, query, width, height);
  }

  private Chart worldMap() {
    List<Map<String, Object>> filters = List.of(filter("cohort", "==", "newcomers"),
        filter("horizon_months", "==", firstHorizon));
    Map<String, Object> params = formData("world_map", filters);
    params.put("entity", "country");
    params.put("country_fieldtype", "cca2");
    params.put("metric", "cohort_size_sum");
    params.put("show_bubbles", false);
    params.put("color_by", "metric");
    params.put("linear_color_scheme", "superset_seq_1");
    Map<String, Object> query = query(List.of("country"), List.of("cohort_size_sum"), filters, List.of(), 500);
    return new Chart("world_map", "Newcomers by country (ISO 3166-1 alpha-2)", "retention_summary", "world_map",
        params, query, 6, 50);
  }

  private static Map<String, Object> formData(String viz, List<Map<String, Object>> filters) {
    // no "datasource": the importer writes it from the chart's dataset_uuid
    return map("viz_type", viz, "adhoc_filters", adhoc(filters), "row_limit", 10000, "color_scheme", "supersetColors");
  }

  private static List<Map<String, Object>> adhoc(List<Map<String, Object>> filters) {
    List<Map<String, Object>> adhoc = new ArrayList<>();
    for (Map<String, Object> f : filters) {
      Map<String, Object> a = map("expressionType", "SIMPLE", "subject", f.get("col"), "operator", f.get("op"),
          "operatorId", operatorId((String) f.get("op")), "clause", "WHERE", "isExtra", false, "isNew", false);
      if (f.containsKey("val")) {
        a.put("comparator", f.get("val"));
      }
      a.put("filterOptionName", "filter_" + f.get("col") + "_" + operatorId((String) f.get("op")).toLowerCase());
      adhoc.add(a);
    }
    return adhoc;
  }

  private static String operatorId(String op) {
    return switch (op) {
      case "==" -> "EQUALS";
      case "IN" -> "IN";
      case "IS NULL" -> "IS_NULL";
      default -> throw new IllegalArgumentException(op);
    };
  }

  private static Map<String, Object> query(List<Object> columns, List<String> metrics, List<Map<String, Object>> filters,
      List<List<Object>> orderby, int rowLimit) {
    Map<String, Object> q = map("columns", columns, "filters", filters, "orderby", orderby, "row_limit", rowLimit,
        "extras", map("having", "", "where", ""), "annotation_layers", List.of(), "url_params", map(),
        "custom_params", map(), "custom_form_data", map(), "applied_time_extras", map());
    if (metrics != null) {
      q.put("metrics", metrics);
    }
    return q;
  }

  private Map<String, Object> chart(Chart chart) {
    Map<String, Object> queryContext = map("datasource", map("id", 0, "type", "table"), "force", false,
        "queries", List.of(chart.query()), "form_data", chart.params(), "result_format", "json",
        "result_type", "full");
    Map<String, Object> c = map("slice_name", chart.title(), "description", null, "certified_by", null,
        "certification_details", null, "viz_type", chart.viz(), "params", chart.params(), "query_context",
        toJson(queryContext), "cache_timeout", null);
    c.put("uuid", uuid("chart", chart.key()).toString());
    c.put("version", "1.0.0");
    c.put("dataset_uuid", uuid("dataset", chart.dataset()).toString());
    return c;
  }

  // ---- dashboard ---------------------------------------------------------------------------------

  private Map<String, Object> dashboard() {
    Map<String, Object> position = new LinkedHashMap<>();
    position.put("DASHBOARD_VERSION_KEY", "v2");
    List<String> rows = new ArrayList<>();
    position.put("ROOT_ID", map("id", "ROOT_ID", "type", "ROOT", "children", List.of("GRID_ID")));
    position.put("HEADER_ID", map("id", "HEADER_ID", "type", "HEADER", "meta", map("text", TITLE)));
    int row = 0;
    int used = 12;
    List<String> current = null;
    int n = 0;
    Map<String, Map<String, Object>> rowNodes = new LinkedHashMap<>();
    for (Chart chart : charts) {
      if (used + chart.width() > 12) {
        row++;
        current = new ArrayList<>();
        String id = "ROW-" + row;
        rows.add(id);
        rowNodes.put(id, map("id", id, "type", "ROW", "children", current, "parents", List.of("ROOT_ID", "GRID_ID"),
            "meta", map("background", "BACKGROUND_TRANSPARENT")));
        used = 0;
      }
      String id = "CHART-" + chart.key();
      current.add(id);
      used += chart.width();
      position.put(id, map("id", id, "type", "CHART", "children", List.of(),
          "parents", List.of("ROOT_ID", "GRID_ID", "ROW-" + row),
          "meta", map("chartId", ++n, "uuid", uuid("chart", chart.key()).toString(), "width", chart.width(),
              "height", chart.height(), "sliceName", chart.title())));
    }
    position.put("GRID_ID", map("id", "GRID_ID", "type", "GRID", "children", rows, "parents", List.of("ROOT_ID")));
    position.putAll(rowNodes);

    List<Map<String, Object>> filters = new ArrayList<>();
    filters.add(nativeFilter("snapshot", "Snapshot", "retention_summary", "snapshot", false, true));
    filters.add(nativeFilter("series", "Series", "retention_summary", "series", true, false));
    filters.add(nativeFilter("campaign", "Campaign", "retention_summary", "campaign_id", true, false));
    filters.add(nativeFilter("country", "Country", "retention_summary", "country", true, false));
    filters.add(nativeFilter("cohort", "Cohort", "retention_summary", "cohort", true, false));
    filters.add(nativeFilter("horizon", "Months after the end", "retention_summary", "horizon_months", true, false));
    filters.add(nativeFilter("wiki", "Wiki", "retention_by_wiki", "wiki_db", true, false));
    Map<String, Object> metadata = map("native_filter_configuration", filters, "cross_filters_enabled", true,
        "refresh_frequency", 0, "color_scheme", "", "expanded_slices", map(),
        // the same colour for a cohort in every chart
        "label_colors", map("newcomers", "#1A85A0", "existing", "#5A5A5A", "all", "#E0A100"),
        "shared_label_colors", List.of(), "timed_refresh_immune_slices", List.of(), "default_filters", "{}",
        "filter_scopes", map());
    Map<String, Object> d = map("dashboard_title", TITLE, "description", null, "css", "", "slug", SLUG,
        "certified_by", null, "certification_details", null, "published", true);
    d.put("uuid", uuid("dashboard", SLUG).toString());
    d.put("position", position);
    d.put("metadata", metadata);
    d.put("version", "1.0.0");
    return d;
  }

  /**
   * A select filter on one column; every chart whose dataset has a column of that name follows it.
   * The snapshot filter is single-choice, required and defaults to the newest snapshot, so charts over
   * tables holding every snapshot (PostgreSQL, MariaDB, Presto) never add two snapshots together.
   */
  private Map<String, Object> nativeFilter(String key, String name, String dataset, String column, boolean multi,
      boolean required) {
    Map<String, Object> controls = map("multiSelect", multi, "enableEmptyFilter", required, "defaultToFirstItem",
        required, "inverseSelection", false, "searchAllOptions", false);
    Map<String, Object> f = map("id", "NATIVE_FILTER-" + key, "name", name, "type", "NATIVE_FILTER",
        "filterType", "filter_select", "targets", List.of(map("column", map("name", column),
            "datasetUuid", uuid("dataset", dataset).toString())),
        "controlValues", controls, "defaultDataMask", map("extraFormData", map(), "filterState", map(),
            "ownState", map()),
        "cascadeParentIds", List.of(), "scope", map("rootPath", List.of("ROOT_ID"), "excluded", List.of()),
        "sortMetric", null, "description", "", "chartsInScope", List.of(), "tabsInScope", List.of());
    if (required) {
      controls.put("sortAscending", false); // the newest snapshot first, and so the default
    }
    return f;
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private void put(String path, Map<String, Object> content) {
    try {
      files.put(path, YAML.writeValueAsString(content));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
