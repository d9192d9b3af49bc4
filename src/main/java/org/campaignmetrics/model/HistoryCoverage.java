package org.campaignmetrics.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What an ingest read, written next to {@code edits} as {@code _coverage.json} in its snapshot
 * partition (docs/datasets.md "edits"), so that retention never counts what was not read as a zero
 * (docs/metrics.md "Censoring", "Who is a participant").
 *
 * @param from         the first instant of history read; null: from the beginning
 * @param to           the first instant after the history read
 * @param wikis        the wikis read, sorted; null: every wiki of the snapshot
 * @param participants the names whose revisions were read (sorted), null: everyone's
 * @param everyAccount true when {@code users} holds every account that exists on the wikis read
 *                     (not only those seen in the range): a listed name not in it is known not to exist
 */
public record HistoryCoverage(Instant from, Instant to, List<String> wikis, List<String> participants,
    boolean everyAccount) {
  public static final String SIDE_FILE = "_coverage.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public HistoryCoverage {
    wikis = wikis == null ? null : List.copyOf(new TreeSet<>(wikis));
    participants = participants == null ? null : List.copyOf(new TreeSet<>(participants));
  }

  /** True when the history read covers {@code instant} (from inclusive, to exclusive). */
  public boolean covers(Instant instant) {
    return (from == null || !instant.isBefore(from)) && instant.isBefore(to);
  }

  /** True when every wiki's history was read, or {@code wiki}'s. */
  public boolean readWiki(String wiki) {
    return wikis == null || wikis.contains(wiki);
  }

  /**
   * What two ingests into one snapshot read together (an incremental dumps ingest adds files): the
   * union of the ranges where they overlap or touch, else this one's alone; the wikis both read.
   * Never more than was read.
   */
  public HistoryCoverage and(HistoryCoverage earlier) {
    if (earlier == null) {
      return this;
    }
    boolean joined = (from == null || !earlier.to.isBefore(from)) && (earlier.from == null || !to.isBefore(earlier.from));
    if (!joined) {
      return this;
    }
    Instant unionFrom = from == null || earlier.from == null ? null : (from.isBefore(earlier.from) ? from : earlier.from);
    Instant unionTo = to.isAfter(earlier.to) ? to : earlier.to;
    return new HistoryCoverage(unionFrom, unionTo, both(wikis, earlier.wikis), both(participants, earlier.participants),
        everyAccount && earlier.everyAccount);
  }

  /** What both lists hold, null standing for "all". */
  private static List<String> both(List<String> a, List<String> b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    List<String> common = new ArrayList<>(a);
    common.retainAll(b);
    return common;
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("from", from == null ? null : from.toString());
    node.put("to", to.toString());
    putList(node, "wikis", wikis);
    node.put("every_account", everyAccount);
    putList(node, "participants", participants);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putList(ObjectNode node, String key, List<String> values) {
    if (values == null) {
      node.putNull(key);
    } else {
      ArrayNode array = node.putArray(key);
      values.forEach(array::add);
    }
  }

  /** @param where the file, for the message */
  public static HistoryCoverage fromJson(String text, String where) {
    try {
      JsonNode node = JSON.readTree(text);
      return new HistoryCoverage(instant(node.get("from")), Instant.parse(node.get("to").asText()),
          list(node.get("wikis")), list(node.get("participants")), node.path("every_account").asBoolean(false));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException(where + ": not a history coverage (" + e.getMessage() + ")", e);
    }
  }

  private static Instant instant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.asText());
  }

  private static List<String> list(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asText()));
    return values;
  }
}
