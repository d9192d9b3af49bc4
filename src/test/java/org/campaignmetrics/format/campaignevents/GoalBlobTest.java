package org.campaignmetrics.format.campaignevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.campaignmetrics.format.campaignevents.GoalBlob.Group;
import org.campaignmetrics.format.campaignevents.GoalBlob.Metric;
import org.junit.jupiter.api.Test;

/** The goal blob rules (docs/metrics.md "Event goals"). */
class GoalBlobTest {
  @Test
  void flatGoalAsCampaignEventsWritesIt() throws Exception {
    Group g = GoalBlob.parse("{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":5000},"
        + "{\"metric\":\"total_bytes_added\",\"target\":10000}]}");
    assertEquals("AND", g.operator());
    assertEquals(List.of(new Metric("metrics[0]", "total_edits", 5000), new Metric("metrics[1]", "total_bytes_added",
        10000)), GoalBlob.leaves(g));
  }

  @Test
  void nestedGroupsUpToThreeLevels() throws Exception {
    String three = "{\"operator\":\"OR\",\"metrics\":[{\"operator\":\"AND\",\"metrics\":[{\"operator\":\"OR\","
        + "\"metrics\":[{\"metric\":\"total_links_added\",\"target\":1}]}]},{\"metric\":\"total_edits\",\"target\":2}]}";
    Group g = GoalBlob.parse(three);
    assertEquals(List.of("metrics[0].metrics[0].metrics[0]", "metrics[1]"),
        GoalBlob.leaves(g).stream().map(Metric::path).toList());
    String four = "{\"operator\":\"OR\",\"metrics\":[{\"operator\":\"AND\",\"metrics\":[{\"operator\":\"OR\","
        + "\"metrics\":[{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}]}]}]}";
    assertEquals("metrics[0].metrics[0].metrics[0]: nested deeper than 3 levels", error(four));
  }

  @Test
  void badBlobsSayWhy() {
    assertEquals("metrics[0]: unknown metric \"total_participants\" (valid: total_articles_created, "
        + "total_articles_edited, total_edits, total_bytes_added, total_bytes_removed, total_links_added, "
        + "total_links_removed)", error("{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_participants\","
        + "\"target\":3}]}"));
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got \"30\"", error(metric("\"30\"")));
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got 30.0", error(metric("30.0")));
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got 0", error(metric("0")));
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got -4", error(metric("-4")));
    assertEquals("metrics[0]: target of total_edits must be a positive integer, got null", error(
        "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\"}]}"));
    assertEquals("metrics must be a non-empty list, got []", error("{\"operator\":\"AND\",\"metrics\":[]}"));
    assertEquals("operator must be \"AND\" or \"OR\", got \"and\"", error(
        "{\"operator\":\"and\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1}]}"));
    assertEquals("metrics[0]: neither {\"metric\", \"target\"} nor {\"operator\", \"metrics\"}: 5",
        error("{\"operator\":\"OR\",\"metrics\":[5]}"));
    assertEquals("not a JSON object with operator and metrics", error("[1]"));
    assertEquals("empty goal blob", error(""));
    assertEquals("not JSON", error("{\"operator\":").substring(0, 8));
  }

  private static String metric(String target) {
    return "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":" + target + "}]}";
  }

  private static String error(String blob) {
    return assertThrows(GoalBlob.BadGoal.class, () -> GoalBlob.parse(blob)).getMessage();
  }
}
