package org.campaignmetrics.sink.superset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.types.StructField;
import org.campaignmetrics.model.Datasets;
import org.campaignmetrics.sink.superset.SupersetBundle.Backend;
import org.campaignmetrics.sink.superset.SupersetBundle.Target;
import org.junit.jupiter.api.Test;

/**
 * The bundle's structure, checked without Superset (superset/test.sh imports it into a real one):
 * one top folder; a dataset per public aggregate, named as it and with exactly its columns; every
 * column, metric and filter a chart names exists in its dataset; every chart has a saved query
 * context; the same UUIDs and names on every backend; the same bytes twice.
 */
class SupersetBundleTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Integer> HORIZONS = List.of(3, 6, 9, 12);

  private static SupersetBundle bundle(Backend backend) {
    String uri = switch (backend) {
      case duckdb -> "duckdb:////srv/cm/campaign_metrics.duckdb";
      case postgresql -> "postgresql+psycopg2://cm@db:5432/analytics";
      case mariadb -> "mysql+pymysql://cm@db:3306/analytics";
      case presto -> "presto://analytics-presto.eqiad.wmnet:8281/analytics_hive";
    };
    return new SupersetBundle(new Target(backend, uri, backend == Backend.duckdb ? "main" : "campaign_metrics"), HORIZONS);
  }

  private static JsonNode yaml(SupersetBundle bundle, String path) throws Exception {
    String text = bundle.files().get(path);
    assertTrue(text != null, "the bundle has " + path);
    return YAML.readTree(text);
  }

  @Test
  void oneTopFolderAndTheSameBytesTwice() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    bundle(Backend.duckdb).writeZip(a);
    bundle(Backend.duckdb).writeZip(b);
    assertArrayEquals(a.toByteArray(), b.toByteArray(), "a bundle is a function of its inputs");
    Set<String> tops = new TreeSet<>();
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(a.toByteArray()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        tops.add(e.getName().split("/")[0]);
        names.add(e.getName());
      }
    }
    assertEquals(Set.of("campaign_metrics_bundle"), tops, "Superset strips exactly one top folder");
    assertTrue(names.contains("campaign_metrics_bundle/metadata.yaml"));
    assertEquals(1 + 1 + Datasets.PUBLIC.size() + 1 + 18 + 1, names.size(),
        "metadata, database, a dataset per public aggregate and event_goals, 18 charts, the dashboard");
  }

  @Test
  void aDatasetPerPublicAggregateNamedAsItWithItsColumns() throws Exception {
    SupersetBundle bundle = bundle(Backend.postgresql);
    for (var dataset : Datasets.PUBLIC.entrySet()) {
      JsonNode yaml = yaml(bundle, "datasets/campaign_metrics/" + dataset.getKey() + ".yaml");
      assertEquals(dataset.getKey(), yaml.get("table_name").asText());
      assertTrue(yaml.get("sql").isNull(), "physical: the table or view of that name");
      assertEquals("campaign_metrics", yaml.get("schema").asText());
      List<String> physical = new ArrayList<>();
      for (JsonNode column : yaml.get("columns")) {
        if (column.get("expression").isNull()) {
          physical.add(column.get("column_name").asText());
        }
      }
      List<String> expected = new ArrayList<>();
      for (StructField field : dataset.getValue().fields()) {
        expected.add(field.name());
      }
      expected.add("snapshot");
      assertEquals(expected, physical, dataset.getKey());
    }
    assertFalse(bundle.files().keySet().stream().anyMatch(p -> p.contains("participant")),
        "no per-person dataset is in the bundle");
  }

  @Test
  void everythingAChartNamesIsInItsDataset() throws Exception {
    SupersetBundle bundle = bundle(Backend.duckdb);
    Map<String, Set<String>> columns = new java.util.HashMap<>();
    Map<String, Set<String>> metrics = new java.util.HashMap<>();
    Map<String, String> datasetByUuid = new java.util.HashMap<>();
    for (String path : bundle.files().keySet()) {
      if (path.startsWith("datasets/")) {
        JsonNode yaml = yaml(bundle, path);
        String name = yaml.get("table_name").asText();
        datasetByUuid.put(yaml.get("uuid").asText(), name);
        columns.put(name, new HashSet<>());
        metrics.put(name, new HashSet<>());
        yaml.get("columns").forEach(c -> columns.get(name).add(c.get("column_name").asText()));
        yaml.get("metrics").forEach(m -> metrics.get(name).add(m.get("metric_name").asText()));
      }
    }
    int charts = 0;
    for (String path : bundle.files().keySet()) {
      if (!path.startsWith("charts/")) {
        continue;
      }
      charts++;
      JsonNode chart = yaml(bundle, path);
      String dataset = datasetByUuid.get(chart.get("dataset_uuid").asText());
      assertTrue(dataset != null, path + ": its dataset is in the bundle");
      JsonNode context = JSON.readTree(chart.get("query_context").asText());
      assertEquals(1, context.get("queries").size(), path);
      JsonNode query = context.get("queries").get(0);
      for (JsonNode column : query.get("columns")) {
        assertTrue(columns.get(dataset).contains(column.asText()), path + ": column " + column + " in " + dataset);
      }
      for (JsonNode filter : query.get("filters")) {
        assertTrue(columns.get(dataset).contains(filter.get("col").asText()), path + ": filter on " + filter);
      }
      if (query.has("metrics")) {
        for (JsonNode metric : query.get("metrics")) {
          assertTrue(metrics.get(dataset).contains(metric.asText()), path + ": metric " + metric + " in " + dataset);
        }
      }
      JsonNode params = chart.get("params");
      assertEquals(chart.get("viz_type").asText(), params.get("viz_type").asText(), path);
      for (String key : List.of("x_axis", "metric")) {
        if (params.has(key)) {
          String name = params.get(key).asText();
          assertTrue(columns.get(dataset).contains(name) || metrics.get(dataset).contains(name), path + ": " + key);
        }
      }
    }
    assertEquals(18, charts);
  }

  @Test
  void theDashboardPlacesEveryChartAndHasTheFilters() throws Exception {
    SupersetBundle bundle = bundle(Backend.duckdb);
    JsonNode dashboard = yaml(bundle, "dashboards/campaign-retention.yaml");
    assertEquals("Campaign retention and event goals", dashboard.get("dashboard_title").asText());
    assertEquals("campaign-retention", dashboard.get("slug").asText());
    Set<String> placed = new HashSet<>();
    dashboard.get("position").forEach(node -> {
      if (node.has("type") && node.get("type").asText().equals("CHART")) {
        placed.add(node.get("meta").get("uuid").asText());
        assertTrue(node.get("meta").get("width").asInt() <= 12);
      }
    });
    assertEquals(bundle.chartTitles().keySet(), placed);
    List<String> filtered = new ArrayList<>();
    dashboard.get("metadata").get("native_filter_configuration")
        .forEach(f -> filtered.add(f.get("targets").get(0).get("column").get("name").asText()));
    assertEquals(List.of("snapshot", "series", "campaign_id", "country", "cohort", "horizon_months", "wiki_db"), filtered);
    JsonNode snapshot = dashboard.get("metadata").get("native_filter_configuration").get(0).get("controlValues");
    assertTrue(snapshot.get("enableEmptyFilter").asBoolean() && snapshot.get("defaultToFirstItem").asBoolean()
        && !snapshot.get("multiSelect").asBoolean(), "one snapshot at a time, the newest by default");
  }

  @Test
  void onlyTheDatabaseAndDialectSqlDifferBetweenBackends() throws Exception {
    SupersetBundle duck = bundle(Backend.duckdb);
    for (Backend backend : Backend.values()) {
      SupersetBundle other = bundle(backend);
      assertEquals(duck.files().keySet(), other.files().keySet());
      assertEquals(duck.chartTitles(), other.chartTitles(), "the same chart UUIDs: a re-import updates in place");
      for (String path : duck.files().keySet()) {
        if (path.startsWith("charts/") || path.startsWith("dashboards/")) {
          assertEquals(duck.files().get(path), other.files().get(path), path + " is the same for " + backend);
        }
      }
      JsonNode database = yaml(other, "databases/campaign_metrics.yaml");
      assertFalse(database.get("sqlalchemy_uri").asText().contains(":XXXX"), "no password, masked or not");
      assertEquals(backend == Backend.duckdb, database.get("extra").has("engine_params"),
          "DuckDB's catalog is opened read-only");
    }
    assertTrue(yaml(duck, "datasets/campaign_metrics/event_goals.yaml").get("sql").asText()
        .contains("100.0 * g.metrics[1].uncapped_ratio"));
    assertTrue(yaml(bundle(Backend.postgresql), "datasets/campaign_metrics/event_goals.yaml").get("sql").asText()
        .contains("FROM campaign_metrics.event_goal_progress g"));
  }
}
