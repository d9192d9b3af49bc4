package org.campaignmetrics.format.campaignevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ce_event_goals.ceeg_goals} blob (src/EventGoal/EventGoal.php of CampaignEvents,
 * https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents). CampaignEvents writes a flat
 * {@code {"operator":"AND"|"OR","metrics":[{"metric":…,"target":…}, …]}}; docs/metrics.md "Event goals"
 * also lets a metrics item be a group {@code {"operator":…,"metrics":[…]}}, which we accept up to
 * {@link #MAX_DEPTH} levels (the top group is level 1). Rules as in {@code EventGoal}: operator
 * exactly {@code AND} or {@code OR}, a non-empty metrics list, a known metric id, and a target
 * that is a JSON integer above 0 (not {@code "30"}, not {@code 30.0}). Other keys are ignored
 * (a later version may add some, e.g. a version number).
 */
public final class GoalBlob {
  public static final int MAX_DEPTH = 3;
  public static final List<String> METRICS = List.of("total_articles_created", "total_articles_edited",
      "total_edits", "total_bytes_added", "total_bytes_removed", "total_links_added", "total_links_removed");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A node of a goal: a metric with its target, or a group of nodes. */
  public sealed interface Node permits Group, Metric {}

  /** {@code operator} over {@code items}, in the blob's order. */
  public record Group(String operator, List<Node> items) implements Node {}

  /** One metric and its target; {@code path} locates it in the blob, e.g. {@code metrics[2].metrics[0]}. */
  public record Metric(String path, String metric, long target) implements Node {}

  /** Why a blob is not a goal; the message names the place in the blob. */
  public static final class BadGoal extends Exception {
    private static final long serialVersionUID = 1L;

    BadGoal(String message) {
      super(message);
    }
  }

  private GoalBlob() {}

  public static Group parse(String blob) throws BadGoal {
    if (blob == null || blob.isBlank()) {
      throw new BadGoal("empty goal blob");
    }
    JsonNode root;
    try {
      root = JSON.readTree(blob);
    } catch (JsonProcessingException e) {
      throw new BadGoal("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadGoal("not a JSON object with operator and metrics");
    }
    return group(root, "", 1);
  }

  private static Group group(JsonNode node, String path, int depth) throws BadGoal {
    if (depth > MAX_DEPTH) {
      throw new BadGoal(where(path) + "nested deeper than " + MAX_DEPTH + " levels");
    }
    JsonNode operator = node.get("operator");
    if (operator == null || !operator.isTextual()
        || !(operator.asText().equals("AND") || operator.asText().equals("OR"))) {
      throw new BadGoal(where(path) + "operator must be \"AND\" or \"OR\", got " + operator);
    }
    JsonNode metrics = node.get("metrics");
    if (metrics == null || !metrics.isArray() || metrics.isEmpty()) {
      throw new BadGoal(where(path) + "metrics must be a non-empty list, got " + metrics);
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode item = metrics.get(i);
      String itemPath = (path.isEmpty() ? "" : path + ".") + "metrics[" + i + "]";
      if (item.isObject() && item.has("operator") && !item.has("metric")) {
        items.add(group(item, itemPath, depth + 1));
      } else if (item.isObject() && item.has("metric") && !item.has("operator")) {
        items.add(metric(item, itemPath));
      } else {
        throw new BadGoal(itemPath + ": neither {\"metric\", \"target\"} nor {\"operator\", \"metrics\"}: " + item);
      }
    }
    return new Group(operator.asText(), List.copyOf(items));
  }

  private static Metric metric(JsonNode node, String path) throws BadGoal {
    JsonNode metric = node.get("metric");
    if (metric == null || !metric.isTextual() || !METRICS.contains(metric.asText())) {
      throw new BadGoal(path + ": unknown metric " + metric + " (valid: " + String.join(", ", METRICS) + ")");
    }
    JsonNode target = node.get("target");
    if (target == null || !target.isIntegralNumber() || !target.canConvertToLong() || target.asLong() <= 0) {
      throw new BadGoal(path + ": target of " + metric.asText() + " must be a positive integer, got " + target);
    }
    return new Metric(path, metric.asText(), target.asLong());
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  /** The metric nodes in the blob's order (the first is the primary metric). */
  public static List<Metric> leaves(Group group) {
    List<Metric> out = new ArrayList<>();
    collect(group, out);
    return out;
  }

  private static void collect(Node node, List<Metric> out) {
    if (node instanceof Metric m) {
      out.add(m);
    } else if (node instanceof Group g) {
      for (Node item : g.items()) {
        collect(item, out);
      }
    }
  }
}
