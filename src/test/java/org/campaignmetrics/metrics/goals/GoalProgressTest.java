package org.campaignmetrics.metrics.goals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.campaignmetrics.format.campaignevents.GoalBlob;
import org.campaignmetrics.metrics.goals.GoalProgress.Result;
import org.junit.jupiter.api.Test;

/** EventGoalCompletionCalculator's arithmetic, on literal summaries (docs/metrics.md "Event goals"). */
class GoalProgressTest {
  private static Map<String, Long> summary(long created, long edited, long edits, long bytesAdded, long bytesRemoved,
      long linksAdded, long linksRemoved) {
    Map<String, Long> s = new HashMap<>();
    s.put("articles_created", created);
    s.put("articles_edited", edited);
    s.put("edits", edits);
    s.put("bytes_added", bytesAdded);
    s.put("bytes_removed", bytesRemoved);
    s.put("links_added", linksAdded);
    s.put("links_removed", linksRemoved);
    return s;
  }

  private static Result eval(String blob, Map<String, Long> summary) throws Exception {
    return GoalProgress.evaluate(GoalBlob.parse(blob), summary);
  }

  @Test
  void andIsTheMeanOfCappedCompletions() throws Exception {
    Result r = eval("{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_bytes_added\",\"target\":10000},"
        + "{\"metric\":\"total_edits\",\"target\":100}]}", summary(0, 0, 50, 12000, 0, 0, 0));
    assertEquals(0.75, r.ratio()); // (min(1.2, 1) + 0.5) / 2
    assertEquals(75, r.percent());
    assertEquals(false, r.reached());
    assertEquals("total_bytes_added", r.primaryMetric());
    assertEquals(12000, r.primaryCurrent(), "uncapped");
    assertEquals(1.2, r.metrics().get(0).uncappedRatio());
    assertEquals(1.0, r.metrics().get(0).completion());
  }

  @Test
  void orIsTheMaximum() throws Exception {
    Result r = eval("{\"operator\":\"OR\",\"metrics\":[{\"metric\":\"total_links_removed\",\"target\":10},"
        + "{\"metric\":\"total_bytes_removed\",\"target\":400}]}", summary(0, 0, 0, 0, -500, 0, -3));
    assertEquals(1.0, r.ratio()); // removed values count as absolute: 3/10, 500/400 → 1
    assertEquals(100, r.percent());
    assertEquals(true, r.reached());
    assertEquals(3, r.primaryCurrent());
    assertEquals(1.25, r.metrics().get(1).uncappedRatio());
  }

  @Test
  void percentIsFlooredLikeCampaignEvents() throws Exception {
    String edits = "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_edits\",\"target\":1000}]}";
    assertEquals(99, eval(edits, summary(0, 0, 999, 0, 0, 0, 0)).percent());
    assertEquals(false, eval(edits, summary(0, 0, 999, 0, 0, 0, 0)).reached());
    assertEquals(0, eval(edits, summary(0, 0, 0, 0, 0, 0, 0)).percent());
    // (int) floor(0.29 * 100) is 28 in PHP as in Java: 0.29 * 100 = 28.999999999999996
    String created = "{\"operator\":\"AND\",\"metrics\":[{\"metric\":\"total_articles_created\",\"target\":100}]}";
    assertEquals(28, eval(created, summary(29, 0, 0, 0, 0, 0, 0)).percent());
  }

  @Test
  void nestedGroupsCombineRecursively() throws Exception {
    // AND[ OR[edited 2/4, links 1/1], created 1/4 ] = (max(0.5, 1) + 0.25) / 2
    Result r = eval("{\"operator\":\"AND\",\"metrics\":[{\"operator\":\"OR\",\"metrics\":[{\"metric\":"
        + "\"total_articles_edited\",\"target\":4},{\"metric\":\"total_links_added\",\"target\":1}]},"
        + "{\"metric\":\"total_articles_created\",\"target\":4}]}", summary(1, 2, 0, 0, 0, 1, 0));
    assertEquals(0.625, r.ratio());
    assertEquals(62, r.percent());
    assertEquals("total_articles_edited", r.primaryMetric(), "the first metric of the blob");
    assertEquals(3, r.metrics().size());
  }
}
