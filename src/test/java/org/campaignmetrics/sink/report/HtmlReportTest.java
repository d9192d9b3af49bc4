package org.campaignmetrics.sink.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report's pages from table-literal aggregates: hostile names are text, every number carries
 * its source, a suppressed or censored cell says so in words, censored months have no point, an
 * exceeded goal shows beyond 100 %, and nothing can be fetched (no script, a CSP that blocks all).
 * The hostile pages are also left in {@code target/report-hostile/} for the browser check
 * (src/test/python/check_report.py, run by bin/test).
 */
class HtmlReportTest {
  static final String XSS = "<script>alert(1)</script>";
  static final String FORMULA = "=cmd|' /C calc'!A0";

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> cell(String id, String cohort, int h, Long size, Long retained, Double rate,
      boolean censored, boolean suppressed) {
    return row("campaign_id", id, "cohort", cohort, "horizon_months", h, "cohort_size", size, "retained", retained,
        "rate", rate, "censored", censored, "censored_because", censored ? "window_open" : null, "suppressed", suppressed);
  }

  static Map<String, String> hostilePages() {
    List<Map<String, Object>> campaigns = List.of(row("campaign_id", "c1", "campaign_name", XSS, "series", FORMULA,
        "country", "IN", "campaign_start", "2025-09-01T00:00:00Z", "campaign_end", "2025-09-30T23:59:59Z",
        "participants_listed", 40L, "participants_unmatched", 0L, "participants_unverified", null, "participants_bots", 0L));
    List<Map<String, Object>> summary = new ArrayList<>();
    summary.add(cell("c1", "newcomers", 3, 25L, 10L, 0.4, false, false));
    summary.add(cell("c1", "newcomers", 6, 25L, null, null, true, false));
    summary.add(cell("c1", "existing", 3, null, null, null, false, true));
    summary.add(cell("c1", "existing", 6, null, null, null, true, true));
    summary.add(cell("c1", "all", 3, 30L, 12L, 0.4, false, false));
    summary.add(cell("c1", "all", 6, 30L, null, null, true, false));
    List<Map<String, Object>> curve = new ArrayList<>();
    for (int m = 1; m <= 6; m++) {
      boolean censored = m > 4;
      Map<String, Object> r = cell("c1", "newcomers", 0, 25L, censored ? null : 10L + m, censored ? null : (10.0 + m) / 25,
          censored, false);
      r.remove("horizon_months");
      r.put("month", m);
      curve.add(r);
    }
    List<Map<String, Object>> events = List.of(row("event_id", 7L, "event_name", XSS + FORMULA, "event_types",
        "editathon", "country_code", null, "wikis", "enwiki", "event_start", "2026-05-10T00:00:00Z",
        "event_end", "2026-05-12T23:59:59Z"));
    List<Map<String, Object>> contributions = List.of(row("event_id", 7L, "visibility", "public", "participants", 12L,
        "articles_created", 40L, "articles_edited", 3L, "edits", 90L, "bytes_added", 1200L, "links_added", 5L));
    List<Map<String, Object>> progress = List.of(row("event_id", 7L, "visibility", "public", "operator", "AND",
        "metrics", List.of(row("path", "metrics[0]", "metric", "articles_created", "target", 30L, "actual", 40L,
            "completion", 1.0, "uncapped_ratio", 4.0 / 3)), "ratio", 1.0, "percent", 100, "reached", true,
        "primary_metric", "articles_created", "primary_current", 40L, "error", null));
    Map<String, List<Map<String, Object>>> outcomes = new LinkedHashMap<>();
    outcomes.put("event_type", List.of(row("visibility", "public", "event_type", "editathon", "events_with_goals", 1L,
        "reached", 1L, "not_reached", 0L, "goal_errors", 0L, "median_percent", 100.0)));
    HtmlReport.Data data = new HtmlReport.Data(campaigns, summary, curve, List.of(), List.of(), events, contributions,
        progress, outcomes);
    return HtmlReport.pages(new HtmlReport.Settings("2026-09", "2026-12-07T00:00:00Z", 5, 0, "month", List.of(3, 6), 1),
        data);
  }

  @Test
  void hostileNamesAreTextAndNothingCanRunOrBeFetched() throws IOException {
    Map<String, String> pages = hostilePages();
    assertEquals(List.of("index.html", "campaign-c1.html", "event-7.html"), new ArrayList<>(pages.keySet()));
    Path dir = Path.of("target/report-hostile");
    Files.createDirectories(dir);
    for (Map.Entry<String, String> page : pages.entrySet()) {
      String html = page.getValue();
      Files.writeString(dir.resolve(page.getKey()), html, StandardCharsets.UTF_8);
      assertFalse(html.toLowerCase().contains("<script"), page.getKey() + ": no script element, hostile or not");
      assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          + "style-src 'unsafe-inline'; img-src data:; form-action 'none'\">"), page.getKey());
      assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), page.getKey() + ": nothing external");
    }
    assertTrue(pages.get("index.html").contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(pages.get("index.html").contains("=cmd|&#39; /C calc&#39;!A0"), "the formula is text");
    assertTrue(pages.get("event-7.html").contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;=cmd|&#39; /C calc&#39;!A0</h1>"));
  }

  /** Every tagged number, as (dataset, key, column) to its raw value. */
  private static Map<String, String> tagged(String html) {
    Map<String, String> values = new HashMap<>();
    Matcher m = Pattern.compile("data-ds=\"([^\"]*)\" data-key=\"([^\"]*)\" data-col=\"([^\"]*)\" data-v=\"([^\"]*)\"")
        .matcher(html);
    while (m.find()) {
      values.put(m.group(1) + " " + m.group(2) + " " + m.group(3), m.group(4));
    }
    return values;
  }

  @Test
  void numbersCarryTheirSourceAndNullsSayWhy() {
    Map<String, String> pages = hostilePages();
    String campaign = pages.get("campaign-c1.html");
    Map<String, String> v = tagged(campaign);
    assertEquals("0.4", v.get("retention_summary c1|newcomers|3 rate"));
    assertEquals("10", v.get("retention_summary c1|newcomers|3 retained"));
    assertEquals("25", v.get("retention_summary c1|newcomers|3 cohort_size"));
    assertEquals("", v.get("retention_summary c1|newcomers|6 rate"), "censored: no value");
    assertEquals("", v.get("retention_summary c1|existing|3 rate"), "suppressed: no value");
    assertTrue(campaign.contains("data-col=\"rate\" data-v=\"\">censored: the window had not closed by the snapshot"));
    assertTrue(campaign.contains("data-col=\"rate\" data-v=\"\">suppressed: fewer than 5 people"));
    assertTrue(campaign.contains("<span class=\"n\" data-ds=\"retention_summary\" data-key=\"c1|newcomers|3\" "
        + "data-col=\"rate\" data-v=\"0.4\">40.0 %</span>"));
    // the curve: months 1-4 have points, 5 and 6 are censored bands without one
    for (int m = 1; m <= 6; m++) {
      assertEquals(m <= 4, v.containsKey("retention_curve c1|newcomers|" + m + " rate"), "month " + m);
    }
    assertEquals(2, campaign.split("class=\"censored\"", -1).length - 1);
    String event = pages.get("event-7.html");
    Map<String, String> e = tagged(event);
    assertEquals(Double.toString(4.0 / 3), e.get("event_goal_progress 7 primary_uncapped_ratio"));
    assertTrue(event.contains(">133.3 %</span> of the articles_created target (exceeded)"), "beyond 100 %");
    assertEquals("30", e.get("event_goal_progress 7|metrics[0] target"));
    assertEquals("12", e.get("event_contribution_summary 7 participants"));
    Map<String, String> index = tagged(pages.get("index.html"));
    assertEquals("0.4", index.get("derived newcomers_at_3 retention_rate"), "pooled over the known cells: 10 / 25");
    assertEquals("25", index.get("derived newcomers_at_3 cohort_size_sum"));
    assertEquals("1", index.get("goal_outcomes_by_event_type event_type|editathon reached"));
    assertEquals("", v.get("campaigns c1 participants_unverified"), "a suppressed count is the word, not a number");
    assertEquals("40", index.get("campaigns c1 participants_listed"));
  }
}
