package org.campaignmetrics.sink.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The campaign report: {@code index.html}, one page per campaign ({@code campaign-<id>.html}) and
 * one per event with a goal or counted contributions ({@code event-<id>.html}), from the public
 * aggregates of one snapshot only. Self-contained and offline: inline CSS, charts as inline SVG,
 * no script, and a Content-Security-Policy that blocks every fetch, so a browser proves nothing is
 * loaded. Every number shown carries where it comes from ({@code data-ds}, {@code data-key},
 * {@code data-col}, {@code data-v}: dataset, row key, column, raw value), so tests read the numbers
 * from the DOM and compare them with the aggregates; a null count says why in words. All text is
 * escaped. docs/report.md lists the pages and what each shows.
 */
public final class HtmlReport {
  public static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'";

  /** What the report says about the definitions in force. */
  public record Settings(String snapshot, String committedAt, int minCellSize, int preregistrationDays,
      String window, List<Integer> horizons, int minEdits) {}

  /**
   * The public aggregates, as rows of column name to value (timestamps as ISO text). {@code outcomes}:
   * dimension ({@code event_type}, …) to the rows of {@code goal_outcomes_by_<dimension>}.
   */
  public record Data(List<Map<String, Object>> campaigns, List<Map<String, Object>> summary,
      List<Map<String, Object>> curve, List<Map<String, Object>> rollup, List<Map<String, Object>> byWiki,
      List<Map<String, Object>> events, List<Map<String, Object>> contributions,
      List<Map<String, Object>> progress, Map<String, List<Map<String, Object>>> outcomes) {}

  private static final String[] COHORTS = {"newcomers", "existing", "all"};
  private static final Map<String, String> COLOURS = Map.of("newcomers", "#1A85A0", "existing", "#5A5A5A",
      "all", "#E0A100");

  private final Settings settings;
  private final Data data;

  private HtmlReport(Settings settings, Data data) {
    this.settings = settings;
    this.data = data;
  }

  /** File name to page. */
  public static Map<String, String> pages(Settings settings, Data data) {
    return new HtmlReport(settings, data).pages();
  }

  private Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("index.html", index());
    for (Map<String, Object> campaign : data.campaigns()) {
      pages.put(campaignFile(str(campaign.get("campaign_id"))), campaign(campaign));
    }
    for (Map<String, Object> event : data.events()) {
      String id = str(event.get("event_id"));
      if (goal(id) != null || contribution(id) != null) {
        pages.put("event-" + id + ".html", event(event));
      }
    }
    return pages;
  }

  static String campaignFile(String id) {
    return "campaign-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
  }

  // ---- pages -------------------------------------------------------------------------------------

  private String index() {
    StringBuilder b = new StringBuilder();
    head(b, "Campaign report, snapshot " + settings.snapshot());
    b.append("<h1>What the campaigns left behind</h1>\n");
    b.append("<p class=\"lead\">Snapshot <strong>").append(esc(settings.snapshot())).append("</strong>")
        .append(settings.committedAt() == null ? "" : ", committed " + esc(settings.committedAt()))
        .append(". Public aggregates only: no names, small cells suppressed.</p>\n");
    int first = firstHorizon();
    List<Map<String, Object>> newcomersFirst = select(data.summary(), "cohort", "newcomers", "horizon_months", first);
    long newcomers = sum(newcomersFirst, "cohort_size");
    b.append("<div class=\"cards\">\n");
    card(b, "Campaigns", num("derived", "campaigns", "count", (long) data.campaigns().size()));
    card(b, "Newcomers in the cohorts", num("derived", "newcomers_at_" + first, "cohort_size_sum", newcomers)
        + "<small>a person in two campaigns counts twice</small>");
    Double pooled = pooledRate(newcomersFirst);
    card(b, "Newcomers active " + first + " months after the end", pooled == null ? word("no published cell")
        : pct("derived", "newcomers_at_" + first, "retention_rate", pooled) + "<small>pooled over the published cells</small>");
    long valid = data.progress().stream().filter(r -> r.get("error") == null).count();
    long reached = data.progress().stream().filter(r -> r.get("error") == null && Boolean.TRUE.equals(r.get("reached"))).count();
    card(b, "Events with a valid goal", num("derived", "goals", "valid", valid));
    card(b, "Goals reached", num("derived", "goals", "reached", reached));
    b.append("</div>\n");

    b.append("<h2>Campaigns</h2>\n<table><thead><tr><th>campaign</th><th>series</th><th>country</th><th>end</th>"
        + "<th>participants listed</th><th>newcomers</th>");
    for (int h : settings.horizons()) {
      b.append("<th>newcomers active at ").append(h).append(" months</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (Map<String, Object> c : data.campaigns()) {
      String id = str(c.get("campaign_id"));
      b.append("<tr><td><a href=\"").append(campaignFile(id)).append("\">").append(esc(str(c.get("campaign_name"))))
          .append("</a></td><td>").append(esc(str(c.get("series")))).append("</td><td>")
          .append(esc(str(c.get("country")))).append("</td><td>").append(esc(day(c.get("campaign_end"))))
          .append("</td><td>").append(count("campaigns", id, "participants_listed", c.get("participants_listed")))
          .append("</td><td>");
      Map<String, Object> size = one(select(data.summary(), "campaign_id", id, "cohort", "newcomers", "horizon_months", first));
      b.append(size == null ? word("—") : count("retention_summary", key(id, "newcomers", first), "cohort_size",
          size.get("cohort_size"))).append("</td>");
      for (int h : settings.horizons()) {
        Map<String, Object> cell = one(select(data.summary(), "campaign_id", id, "cohort", "newcomers", "horizon_months", h));
        b.append("<td>").append(cell == null ? word("—") : rateCell("retention_summary", key(id, "newcomers", h), cell, true))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n");
    b.append(briefNote());

    b.append("<h2>Series and countries</h2>\n<p>Each person counts once per series, at their first campaign in it.</p>\n");
    rollupTable(b);

    if (!data.progress().isEmpty() || !data.events().isEmpty()) {
      b.append("<h2>Events and their goals</h2>\n<table><thead><tr><th>event</th><th>type</th><th>country</th>"
          + "<th>goal progress</th></tr></thead><tbody>\n");
      for (Map<String, Object> e : data.events()) {
        String id = str(e.get("event_id"));
        Map<String, Object> g = goal(id);
        if (g == null && contribution(id) == null) {
          continue;
        }
        b.append("<tr><td><a href=\"event-").append(id).append(".html\">").append(esc(str(e.get("event_name"))))
            .append("</a></td><td>").append(esc(str(e.get("event_types")))).append("</td><td>")
            .append(esc(str(e.get("country_code")))).append("</td><td>")
            .append(g == null ? word("no goal") : progressBar(id, g)).append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
      b.append("<h2>Goal outcomes</h2>\n");
      for (Map.Entry<String, List<Map<String, Object>>> o : data.outcomes().entrySet()) {
        outcomeTable(b, o.getKey(), o.getValue());
      }
    }
    definitions(b);
    return tail(b);
  }

  private String campaign(Map<String, Object> c) {
    String id = str(c.get("campaign_id"));
    String name = str(c.get("campaign_name"));
    StringBuilder b = new StringBuilder();
    head(b, name + " — campaign report, snapshot " + settings.snapshot());
    b.append("<p class=\"nav\"><a href=\"index.html\">All campaigns</a></p>\n");
    b.append("<h1>").append(esc(name)).append("</h1>\n<p class=\"lead\">").append(esc(str(c.get("series"))))
        .append(c.get("country") == null ? "" : " · " + esc(str(c.get("country")))).append(" · ")
        .append(esc(day(c.get("campaign_start")))).append(" to ").append(esc(day(c.get("campaign_end"))))
        .append(" · snapshot ").append(esc(settings.snapshot())).append("</p>\n");
    int first = firstHorizon();
    b.append("<div class=\"cards\">\n");
    card(b, "Participants listed", count("campaigns", id, "participants_listed", c.get("participants_listed")));
    for (String cohort : new String[] {"newcomers", "existing"}) {
      Map<String, Object> size = one(select(data.summary(), "campaign_id", id, "cohort", cohort, "horizon_months", first));
      card(b, cohort.substring(0, 1).toUpperCase(Locale.ROOT) + cohort.substring(1),
          size == null ? word("—") : count("retention_summary", key(id, cohort, first), "cohort_size", size.get("cohort_size")));
    }
    card(b, "Not counted", count("campaigns", id, "participants_unmatched", c.get("participants_unmatched"))
        + "<small>no such account</small>" + count("campaigns", id, "participants_unverified", c.get("participants_unverified"))
        + "<small>found in no history read</small>" + count("campaigns", id, "participants_bots", c.get("participants_bots"))
        + "<small>bots</small>");
    b.append("</div>\n");

    b.append("<h2>Retention by month after the end</h2>\n");
    b.append(curveSvg(id));
    b.append("<p class=\"note\">The share of each cohort active in month k after the campaign's end. A grey band marks "
        + "a censored month (its window had not closed by the snapshot, or lies past the history read): no value, "
        + "not zero. A month whose count is suppressed has no point either.</p>\n");

    b.append("<h2>Retention at each horizon</h2>\n<table><thead><tr><th>cohort</th>");
    for (int h : settings.horizons()) {
      b.append("<th>").append(h).append(" months</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (String cohort : COHORTS) {
      b.append("<tr><th>").append(cohort).append("</th>");
      for (int h : settings.horizons()) {
        Map<String, Object> cell = one(select(data.summary(), "campaign_id", id, "cohort", cohort, "horizon_months", h));
        b.append("<td>").append(cell == null ? word("—") : rateCell("retention_summary", key(id, cohort, h), cell))
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n");

    List<Map<String, Object>> wikis = new ArrayList<>(select(data.byWiki(), "campaign_id", id, "cohort", "newcomers"));
    if (!wikis.isEmpty()) {
      wikis.sort((x, y) -> {
        int h = Integer.compare(asInt(x.get("horizon_months")), asInt(y.get("horizon_months")));
        return h != 0 ? h : Long.compare(asLong(y.get("retained")), asLong(x.get("retained")));
      });
      b.append("<h2>Where its newcomers stay active</h2>\n<table><thead><tr><th>months after the end</th><th>wiki</th>"
          + "<th>newcomers active there</th></tr></thead><tbody>\n");
      for (Map<String, Object> w : wikis) {
        int h = asInt(w.get("horizon_months"));
        String wiki = str(w.get("wiki_db"));
        b.append("<tr><td>").append(h).append("</td><td>").append(esc(wiki)).append("</td><td>")
            .append(count("retention_by_wiki", key(id, "newcomers", h, wiki), "retained", w.get("retained")))
            .append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    definitions(b);
    return tail(b);
  }

  private String event(Map<String, Object> e) {
    String id = str(e.get("event_id"));
    StringBuilder b = new StringBuilder();
    head(b, str(e.get("event_name")) + " — event report, snapshot " + settings.snapshot());
    b.append("<p class=\"nav\"><a href=\"index.html\">All campaigns and events</a></p>\n");
    b.append("<h1>").append(esc(str(e.get("event_name")))).append("</h1>\n<p class=\"lead\">")
        .append(esc(str(e.get("event_types")))).append(" · ").append(esc(day(e.get("event_start")))).append(" to ")
        .append(esc(day(e.get("event_end")))).append(e.get("country_code") == null ? " · online or no country"
            : " · " + esc(str(e.get("country_code")))).append(" · wikis: ").append(esc(str(e.get("wikis"))))
        .append("</p>\n");
    Map<String, Object> s = contribution(id);
    if (s != null) {
      b.append("<h2>Contributions (public participants)</h2>\n<div class=\"cards\">\n");
      for (String col : new String[] {"participants", "articles_created", "articles_edited", "edits", "bytes_added",
          "links_added"}) {
        card(b, col.replace('_', ' '), num("event_contribution_summary", id, col, asLong(s.get(col))));
      }
      b.append("</div>\n");
    }
    Map<String, Object> g = goal(id);
    if (g != null) {
      b.append("<h2>Goal</h2>\n");
      if (g.get("error") != null) {
        b.append("<p class=\"na\" data-ds=\"event_goal_progress\" data-key=\"").append(id)
            .append("\" data-col=\"error\" data-v=\"").append(esc(str(g.get("error"))))
            .append("\">The goal is not evaluated: ").append(esc(str(g.get("error")))).append("</p>\n");
      } else {
        b.append("<p>").append(progressBar(id, g)).append("</p>\n<p>")
            .append(Boolean.TRUE.equals(g.get("reached")) ? "Reached." : "Not reached yet.")
            .append(" Operator: ").append(esc(str(g.get("operator")))).append(".</p>\n");
        b.append("<table><thead><tr><th>metric</th><th>target</th><th>actual</th><th>share of the target</th>"
            + "</tr></thead><tbody>\n");
        for (Object m : (List<?>) g.getOrDefault("metrics", List.of())) {
          @SuppressWarnings("unchecked")
          Map<String, Object> metric = (Map<String, Object>) m;
          String path = str(metric.get("path"));
          b.append("<tr><td>").append(esc(str(metric.get("metric")))).append("</td><td>")
              .append(num("event_goal_progress", key(id, path), "target", asLong(metric.get("target"))))
              .append("</td><td>").append(num("event_goal_progress", key(id, path), "actual", asLong(metric.get("actual"))))
              .append("</td><td>").append(pct("event_goal_progress", key(id, path), "uncapped_ratio",
                  asDouble(metric.get("uncapped_ratio")))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
      }
    }
    definitions(b);
    return tail(b);
  }

  // ---- parts -------------------------------------------------------------------------------------

  private void rollupTable(StringBuilder b) {
    b.append("<table><thead><tr><th>series</th><th>country</th><th>cohort</th>");
    for (int h : settings.horizons()) {
      b.append("<th>").append(h).append(" months</th>");
    }
    b.append("</tr></thead><tbody>\n");
    TreeSet<String> groups = new TreeSet<>();
    for (Map<String, Object> r : data.rollup()) {
      groups.add(str(r.get("series")) + "\u0000" + (r.get("country") == null ? "" : str(r.get("country"))));
    }
    for (String group : groups) {
      String[] parts = group.split("\u0000", -1);
      String country = parts[1].isEmpty() ? null : parts[1];
      for (String cohort : new String[] {"newcomers", "existing"}) {
        b.append("<tr><td>").append(esc(parts[0])).append("</td><td>").append(country == null ? "all" : esc(country))
            .append("</td><td>").append(cohort).append("</td>");
        for (int h : settings.horizons()) {
          Map<String, Object> cell = null;
          for (Map<String, Object> r : data.rollup()) {
            if (parts[0].equals(str(r.get("series"))) && Objects.equals(country, r.get("country"))
                && cohort.equals(r.get("cohort")) && asInt(r.get("horizon_months")) == h) {
              cell = r;
            }
          }
          b.append("<td>").append(cell == null ? word("—")
              : rateCell("retention_rollup", key(parts[0], country == null ? "" : country, cohort, h), cell, true))
              .append("</td>");
        }
        b.append("</tr>\n");
      }
    }
    b.append("</tbody></table>\n").append(briefNote());
  }

  private String briefNote() {
    return "<p class=\"note\"><em>suppressed</em>: fewer than " + settings.minCellSize() + " people, or a count that "
        + "would reveal such a cell, so no number is shown. <em>censored</em>: the window had not closed by the end of the "
        + "snapshot (or lies past the history read), so there is no value yet — not zero.</p>\n";
  }

  private void outcomeTable(StringBuilder b, String dimension, List<Map<String, Object>> rows) {
    b.append("<h3>By ").append(esc(dimension.replace('_', ' '))).append("</h3>\n<table><thead><tr><th>")
        .append(esc(dimension.replace('_', ' '))).append("</th><th>events with goals</th><th>reached</th><th>not reached</th>"
        + "<th>not valid</th><th>median percent</th></tr></thead><tbody>\n");
    for (Map<String, Object> r : rows) {
      if (!"public".equals(r.get("visibility"))) {
        continue;
      }
      String value = r.get(dimension) == null ? "" : str(r.get(dimension));
      String k = key(dimension, value);
      b.append("<tr><td>").append(value.isEmpty() ? word("none") : esc(value)).append("</td>");
      for (String col : new String[] {"events_with_goals", "reached", "not_reached", "goal_errors"}) {
        b.append("<td>").append(num("goal_outcomes_by_" + dimension, k, col, asLong(r.get(col)))).append("</td>");
      }
      Object median = r.get("median_percent");
      b.append("<td>").append(median == null ? word("no valid goal")
          : num("goal_outcomes_by_" + dimension, k, "median_percent", asDouble(median))).append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
  }

  private String progressBar(String id, Map<String, Object> g) {
    if (g.get("error") != null) {
      return word("not valid");
    }
    List<?> metrics = (List<?>) g.getOrDefault("metrics", List.of());
    Double ratio = metrics.isEmpty() ? null : asDouble(((Map<?, ?>) metrics.get(0)).get("uncapped_ratio"));
    double shown = ratio == null ? 0 : Math.min(ratio, 1.5);
    String colour = Boolean.TRUE.equals(g.get("reached")) ? "#2CA02C" : "#1A85A0";
    return "<span class=\"bar\" role=\"img\" aria-label=\"progress\"><span class=\"fill\" style=\"width:"
        + String.format(Locale.ROOT, "%.1f", shown / 1.5 * 100) + "%;background:" + colour
        + "\"></span><span class=\"target\"></span></span> "
        + pct("event_goal_progress", id, "primary_uncapped_ratio", ratio) + " of the " + esc(str(g.get("primary_metric")))
        + " target" + (ratio != null && ratio > 1 ? " (exceeded)" : "");
  }

  private String curveSvg(String id) {
    int months = 0;
    for (Map<String, Object> r : data.curve()) {
      if (id.equals(str(r.get("campaign_id")))) {
        months = Math.max(months, asInt(r.get("month")));
      }
    }
    if (months == 0) {
      return "<p>" + word("no curve") + "</p>\n";
    }
    int w = 640;
    int h = 240;
    int left = 44;
    int right = 12;
    int top = 12;
    int bottom = 30;
    double step = (w - left - right) / (double) months;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"curve\" viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" width=\"").append(w).append("\" height=\"").append(h).append("\" role=\"img\" aria-label=\"")
        .append("retention curve\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    for (int p = 0; p <= 100; p += 25) {
      double y = top + (h - top - bottom) * (1 - p / 100.0);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
          + "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%d %%</text>\n", left, w - right, y, y, left - 6, y + 4, p));
    }
    for (int m = 1; m <= months; m++) {
      double x = left + step * (m - 0.5);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%d</text>\n",
          x, h - 12, m));
      boolean censored = false;
      for (Map<String, Object> r : data.curve()) {
        if (id.equals(str(r.get("campaign_id"))) && asInt(r.get("month")) == m && Boolean.TRUE.equals(r.get("censored"))) {
          censored = true;
        }
      }
      if (censored) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"censored\" "
            + "data-month=\"%d\"><title>month %d: censored</title></rect>\n", left + step * (m - 1), top, step,
            h - top - bottom, m, m));
      }
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\">months after the end</text>\n",
        w - right - 130, h - 1));
    int legend = 0;
    for (String cohort : new String[] {"newcomers", "existing"}) {
      String colour = COLOURS.get(cohort);
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      StringBuilder dots = new StringBuilder();
      for (int m = 1; m <= months; m++) {
        Map<String, Object> r = one(select(data.curve(), "campaign_id", id, "cohort", cohort, "month", m));
        Double rate = r == null ? null : asDouble(r.get("rate"));
        if (rate == null) {
          pen = false;
          continue;
        }
        double x = left + step * (m - 0.5);
        double y = top + (h - top - bottom) * (1 - rate);
        path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        pen = true;
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" data-ds=\"retention_curve\""
            + " data-key=\"%s\" data-col=\"rate\" data-v=\"%s\"><title>%s, month %d: %s</title></circle>\n", x, y, colour,
            esc(key(id, cohort, m)), raw(rate), cohort, m, fmtPct(rate)));
      }
      if (path.length() > 0) {
        s.append("<path d=\"").append(path.toString().strip()).append("\" fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"2\"/>\n");
      }
      s.append(dots);
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" class=\"axis\">%s</text>\n", left + 8 + legend, top + 2, colour, left + 22 + legend,
          top + 11, cohort));
      legend += 100;
    }
    return s.append("</svg>\n").toString();
  }

  private String rateCell(String ds, String k, Map<String, Object> cell) {
    return rateCell(ds, k, cell, false);
  }

  /** A rate with its counts, or why there is none: in full words, or ({@code brief}) one word with the words as a tooltip. */
  private String rateCell(String ds, String k, Map<String, Object> cell, boolean brief) {
    String why = null;
    String word = null;
    if (Boolean.TRUE.equals(cell.get("suppressed")) && cell.get("rate") == null) {
      word = "suppressed";
      why = "suppressed: fewer than " + settings.minCellSize() + " people, or a count that would reveal such a cell";
    } else if (Boolean.TRUE.equals(cell.get("censored"))) {
      word = "censored";
      why = "history_not_read".equals(cell.get("censored_because"))
          ? "censored: the window lies past the history read" : "censored: the window had not closed by the snapshot";
    }
    if (why != null) {
      return "<span class=\"na\" data-ds=\"" + ds + "\" data-key=\"" + esc(k) + "\" data-col=\"rate\" data-v=\"\""
          + (brief ? " title=\"" + esc(why) + "\">" + word : ">" + why) + "</span>";
    }
    Double rate = asDouble(cell.get("rate"));
    if (rate == null) {
      return word("no one in the cohort");
    }
    return pct(ds, k, "rate", rate) + " <small>(" + count(ds, k, "retained", cell.get("retained")) + " of "
        + count(ds, k, "cohort_size", cell.get("cohort_size")) + ")</small>";
  }

  private void definitions(StringBuilder b) {
    b.append("<h2>Definitions</h2>\n<dl class=\"defs\">")
        .append("<dt>Newcomer</dt><dd>an account registered from ").append(settings.preregistrationDays())
        .append(" days before the campaign's start to its end (<code>retention.preregistration_days</code> = ")
        .append(settings.preregistrationDays()).append(")</dd>")
        .append("<dt>Active</dt><dd>at least ").append(settings.minEdits()).append(" counting edit(s) on any wiki in the ")
        .append(esc(settings.window())).append(" window k months after the end (horizons ")
        .append(esc(settings.horizons().toString())).append(")</dd>")
        .append("<dt>Suppressed</dt><dd>a count from 1 to ").append(settings.minCellSize() - 1)
        .append(" people, or one that would give such a count away, is not shown (<code>privacy.min_cell_size</code> = ")
        .append(settings.minCellSize()).append(")</dd>")
        .append("<dt>Censored</dt><dd>a window that had not closed by the end of snapshot ").append(esc(settings.snapshot()))
        .append(", or lies past the history read: no value, not zero</dd>")
        .append("<dt>Snapshot</dt><dd>").append(esc(settings.snapshot()))
        .append(": nothing after its last month is visible</dd></dl>\n")
        .append("<p class=\"note\">Not computed: Commons upload counts per day and images used in the wikis "
            + "(the wikiloves tool's upload metrics). Full definitions: docs/metrics.md.</p>\n");
  }

  // ---- HTML helpers --------------------------------------------------------------------------------

  private static void head(StringBuilder b, String title) {
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;max-width:1100px;"
            + "margin:2em auto;padding:0 1em}\n")
        .append("h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}"
            + "h3{font-size:1.05em}\n")
        .append(".lead{color:#555}.nav a{color:#1A85A0}a{color:#0b5f77}\n")
        .append(".cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ddd;border-radius:6px;"
            + "padding:10px 14px;min-width:150px}.card .label{color:#666;font-size:.85em}.card .value{font-size:1.6em}\n")
        .append("small{display:block;color:#777;font-size:.75em}td small{display:inline}\n")
        .append("table{border-collapse:collapse;margin:.6em 0;font-size:.92em}th,td{border-bottom:1px solid #eee;"
            + "padding:4px 8px;text-align:left;vertical-align:top}td .n{font-variant-numeric:tabular-nums}\n")
        .append(".na{color:#777;font-style:italic}.note{color:#555;font-size:.9em}\n")
        .append(".bar{display:inline-block;position:relative;width:180px;height:12px;background:#eee;vertical-align:middle}"
            + ".bar .fill{position:absolute;left:0;top:0;bottom:0}.bar .target{position:absolute;left:66.7%;top:-3px;"
            + "bottom:-3px;border-left:2px solid #333}\n")
        .append("svg .grid{stroke:#e4e4e4}svg .axis{font-size:11px;fill:#555}svg .censored{fill:#e9e9e9}\n")
        .append(".defs dt{font-weight:600}.defs dd{margin:0 0 .4em 1em}\n")
        .append("@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}"
            + ".nav{display:none}h2{break-after:avoid}table,svg,.cards{break-inside:avoid}}\n")
        .append("</style></head><body>\n");
  }

  private static String tail(StringBuilder b) {
    return b.append("<footer class=\"note\">campaign-metrics report · public aggregates only</footer>\n"
        + "</body></html>\n").toString();
  }

  private static void card(StringBuilder b, String label, String value) {
    b.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
        .append(value).append("</div></div>\n");
  }

  private static String num(String ds, String k, String col, Number value) {
    if (value == null) {
      return word("—");
    }
    String text = value instanceof Double d ? String.format(Locale.ROOT, "%,.1f", d) : String.format(Locale.ROOT, "%,d", value.longValue());
    return "<span class=\"n\" data-ds=\"" + ds + "\" data-key=\"" + esc(k) + "\" data-col=\"" + col + "\" data-v=\""
        + raw(value) + "\">" + text + "</span>";
  }

  private String count(String ds, String k, String col, Object value) {
    if (value == null) {
      return "<span class=\"na\" data-ds=\"" + ds + "\" data-key=\"" + esc(k) + "\" data-col=\"" + col
          + "\" data-v=\"\">suppressed</span>";
    }
    return num(ds, k, col, asLong(value));
  }

  private static String pct(String ds, String k, String col, Double value) {
    if (value == null) {
      return word("—");
    }
    return "<span class=\"n\" data-ds=\"" + ds + "\" data-key=\"" + esc(k) + "\" data-col=\"" + col + "\" data-v=\""
        + raw(value) + "\">" + fmtPct(value) + "</span>";
  }

  private static String fmtPct(double value) {
    return String.format(Locale.ROOT, "%.1f %%", value * 100);
  }

  private static String raw(Number value) {
    return value instanceof Double d ? Double.toString(d) : Long.toString(value.longValue());
  }

  private static String word(String text) {
    return "<span class=\"na\">" + esc(text) + "</span>";
  }

  /** HTML text and attribute escaping: everything that came from data goes through here. */
  public static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  // ---- data helpers --------------------------------------------------------------------------------

  /** The key a number's row is found by: its key columns' values joined with {@code |}. */
  static String key(Object... parts) {
    StringBuilder k = new StringBuilder();
    for (Object p : parts) {
      k.append(k.length() == 0 ? "" : "|").append(p == null ? "" : p);
    }
    return k.toString();
  }

  private int firstHorizon() {
    return settings.horizons().stream().mapToInt(Integer::intValue).min().orElse(3);
  }

  private Map<String, Object> goal(String eventId) {
    for (Map<String, Object> r : data.progress()) {
      if (eventId.equals(str(r.get("event_id"))) && "public".equals(r.get("visibility"))) {
        return r;
      }
    }
    return null;
  }

  private Map<String, Object> contribution(String eventId) {
    for (Map<String, Object> r : data.contributions()) {
      if (eventId.equals(str(r.get("event_id"))) && "public".equals(r.get("visibility"))) {
        return r;
      }
    }
    return null;
  }

  private static List<Map<String, Object>> select(List<Map<String, Object>> rows, Object... columnsAndValues) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      boolean match = true;
      for (int i = 0; i < columnsAndValues.length && match; i += 2) {
        Object v = r.get((String) columnsAndValues[i]);
        Object want = columnsAndValues[i + 1];
        match = want instanceof Integer n ? v != null && asInt(v) == n : Objects.equals(str(v), str(want));
      }
      if (match) {
        out.add(r);
      }
    }
    return out;
  }

  private static Map<String, Object> one(List<Map<String, Object>> rows) {
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static long sum(List<Map<String, Object>> rows, String col) {
    return rows.stream().map(r -> r.get(col)).filter(Objects::nonNull).mapToLong(HtmlReport::asLong).sum();
  }

  /** SUM(retained) / SUM(cohort_size where retained is known): the dashboard's retention_rate. */
  static Double pooledRate(List<Map<String, Object>> rows) {
    long retained = 0;
    long size = 0;
    for (Map<String, Object> r : rows) {
      if (r.get("retained") != null && r.get("cohort_size") != null) {
        retained += asLong(r.get("retained"));
        size += asLong(r.get("cohort_size"));
      }
    }
    return size == 0 ? null : retained / (double) size;
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }

  private static String day(Object value) {
    String text = str(value);
    return text == null ? "" : text.length() >= 10 ? text.substring(0, 10) : text;
  }

  private static long asLong(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static int asInt(Object value) {
    return ((Number) value).intValue();
  }

  private static Double asDouble(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }
}
