package org.campaignmetrics.metrics.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The relations between the public retention outputs, as cells of one {@link Disclosure} system
 * (docs/metrics.md "No arithmetic recovers a suppressed cell"):
 *
 * <ul>
 *   <li>per campaign, cohort size and each window's retained count: {@code all = newcomers + existing};
 *   <li>a retained count is at most its cohort, and suppressed with it;
 *   <li>{@code retention_curve} and {@code retention_summary}: one cell where the windows are the
 *       same ({@code window: month}); otherwise a horizon's window is the union of curve months;
 *   <li>{@code retention_by_wiki}: per wiki {@code all = newcomers + existing}; "any wiki" is at
 *       least each wiki and at most their sum;
 *   <li>{@code campaigns}: {@code listed = unmatched + unverified + temporary + bots + cohort all};
 *   <li>{@code retention_rollup}: a series × country is the union of its campaigns, a series the
 *       union of its countries and its campaigns without a country; the earliest campaign of a
 *       group is counted whole in it. A group of one campaign is that campaign's counts (one cell,
 *       {@link Disclosure#same}), and a series of one country group that group's.
 * </ul>
 *
 * Ranks (what is given up first): by wiki, curve, rollup, campaign counts, summary retained,
 * cohort sizes.
 */
public final class RetentionDisclosure {
  public static final String ALL = "all";
  public static final String NEWCOMERS = "newcomers";
  public static final String EXISTING = "existing";
  private static final List<String> COHORTS = List.of(ALL, NEWCOMERS, EXISTING);
  private static final int BY_WIKI = 0;
  private static final int CURVE = 1;
  private static final int ROLLUP = 2;
  private static final int COUNTS = 3;
  private static final int SUMMARY = 4;
  private static final int SIZE = 5;

  /** A campaign's cohort × window; {@code wiki} null but in {@code retention_by_wiki}. */
  public record Count(String campaign, String cohort, int k, String windowStart, String windowEnd, String wiki,
      long size, long retained, boolean censored) {}

  /** A rollup row; {@code country} null for the whole series. */
  public record GroupCount(String series, String country, String cohort, int k, long size, long retained,
      boolean censored) {}

  /** The {@code campaigns} output's counts, raw. */
  public record Totals(String campaign, long listed, long unmatched, long unverified, long temporary, long bots) {}

  /** A campaign's place in the rollups. */
  public record Member(String campaign, String series, String country, String start) {}

  private final Set<String> suppressed;
  private final int cells;
  private final int primary;

  private RetentionDisclosure(Set<String> suppressed, int cells, int primary) {
    this.suppressed = suppressed;
    this.cells = cells;
    this.primary = primary;
  }

  /**
   * @param unionBounded whether a horizon's retained count is at most the sum of its curve months
   *     (true when {@code min_edits} is 1: an active person is active in some month)
   */
  public static RetentionDisclosure of(int minCellSize, List<Count> summary, List<Count> curve, List<Count> byWiki,
      List<GroupCount> rollup, List<Totals> totals, List<Member> members, boolean unionBounded) {
    // the same rows in any order give the same decision: where two cells are equally cheap to
    // give up, Disclosure takes the one registered first, and the tables come from Spark in an
    // order that varies from run to run
    summary = sorted(summary, BY_CELL);
    curve = sorted(curve, BY_CELL);
    byWiki = sorted(byWiki, BY_CELL);
    rollup = sorted(rollup, BY_GROUP);
    totals = sorted(totals, Comparator.comparing(Totals::campaign));
    members = sorted(members, Comparator.comparing(Member::campaign));
    Disclosure d = new Disclosure(minCellSize);
    Map<String, TreeSet<String>> windows = new TreeMap<>(); // campaign → "start|end"
    Map<String, String> horizonWindow = new LinkedHashMap<>(); // campaign|k → "start|end"
    for (Count c : summary) {
      d.cell(size(c.campaign(), c.cohort()), c.size(), SIZE, false);
      d.cell(retained(c.campaign(), c.cohort(), c.windowStart(), c.windowEnd()), c.retained(), SUMMARY, c.censored());
      horizonWindow.put(c.campaign() + "|" + c.k(), c.windowStart() + "|" + c.windowEnd());
      windows.computeIfAbsent(c.campaign(), k -> new TreeSet<>()).add(c.windowStart() + "|" + c.windowEnd());
    }
    Set<String> curveWindows = new TreeSet<>();
    for (Count c : curve) {
      d.cell(size(c.campaign(), c.cohort()), c.size(), SIZE, false);
      d.cell(retained(c.campaign(), c.cohort(), c.windowStart(), c.windowEnd()), c.retained(), CURVE, c.censored());
      windows.computeIfAbsent(c.campaign(), k -> new TreeSet<>()).add(c.windowStart() + "|" + c.windowEnd());
      curveWindows.add(c.campaign() + "|" + c.windowStart() + "|" + c.windowEnd());
    }
    for (Map.Entry<String, TreeSet<String>> e : windows.entrySet()) {
      String campaign = e.getKey();
      if (!d.has(size(campaign, ALL))) {
        continue;
      }
      sumOfCohorts(d, cohort -> size(campaign, cohort));
      for (String w : e.getValue()) {
        String[] se = w.split("\\|", -1);
        sumOfCohorts(d, cohort -> retained(campaign, cohort, se[0], se[1]));
        for (String cohort : COHORTS) {
          d.atMost(retained(campaign, cohort, se[0], se[1]), size(campaign, cohort));
          d.dependsOn(retained(campaign, cohort, se[0], se[1]), size(campaign, cohort));
        }
      }
    }
    // horizon windows that are not a curve month: the union of the months inside them
    for (Map.Entry<String, String> e : horizonWindow.entrySet()) {
      String campaign = e.getKey().substring(0, e.getKey().lastIndexOf('|'));
      String[] hw = e.getValue().split("\\|", -1);
      if (curveWindows.contains(campaign + "|" + e.getValue())) {
        continue;
      }
      List<String[]> months = new ArrayList<>();
      for (String cw : curveWindows) {
        String[] parts = cw.split("\\|", -1);
        String[] m = {parts[parts.length - 2], parts[parts.length - 1]};
        if (cw.startsWith(campaign + "|") && parts.length == 3 && m[0].compareTo(hw[0]) >= 0
            && m[1].compareTo(hw[1]) <= 0) {
          months.add(m);
        }
      }
      months.sort(Comparator.comparing(m -> m[0]));
      boolean covers = !months.isEmpty() && months.get(0)[0].equals(hw[0])
          && months.get(months.size() - 1)[1].equals(hw[1]);
      for (int i = 1; i < months.size(); i++) {
        covers &= months.get(i)[0].equals(months.get(i - 1)[1]);
      }
      for (String cohort : COHORTS) {
        List<String> parts = new ArrayList<>();
        for (String[] m : months) {
          parts.add(retained(campaign, cohort, m[0], m[1]));
        }
        d.union(retained(campaign, cohort, hw[0], hw[1]), parts, parts, unionBounded && covers);
      }
    }
    byWiki(d, byWiki);
    for (Totals t : totals) {
      d.cell(count(t.campaign(), "listed"), t.listed(), COUNTS, false);
      d.cell(count(t.campaign(), "unmatched"), t.unmatched(), COUNTS, false);
      d.cell(count(t.campaign(), "unverified"), t.unverified(), COUNTS, false);
      d.unpublished(count(t.campaign(), "temporary"), t.temporary()); // not in campaigns: an unknown to outsiders
      d.cell(count(t.campaign(), "bots"), t.bots(), COUNTS, false);
      if (!d.has(size(t.campaign(), ALL))) {
        continue; // no cohort row: the counts are cells of their own, suppressed when small
      }
      d.sum(count(t.campaign(), "listed"), List.of(count(t.campaign(), "unmatched"),
          count(t.campaign(), "unverified"), count(t.campaign(), "temporary"), count(t.campaign(), "bots"),
          size(t.campaign(), ALL)));
    }
    rollups(d, rollup, members, horizonWindow);
    Set<String> suppressed = d.suppress();
    return new RetentionDisclosure(suppressed, d.published(), d.primary());
  }

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<Count> BY_CELL = Comparator.comparing(Count::campaign)
      .thenComparing(Count::cohort).thenComparingInt(Count::k).thenComparing(Count::windowStart)
      .thenComparing(Count::windowEnd).thenComparing(Count::wiki, NULLS_FIRST);
  private static final Comparator<GroupCount> BY_GROUP = Comparator.comparing(GroupCount::series)
      .thenComparing(GroupCount::country, NULLS_FIRST).thenComparing(GroupCount::cohort)
      .thenComparingInt(GroupCount::k);

  private static <T> List<T> sorted(List<T> rows, Comparator<? super T> order) {
    List<T> out = new ArrayList<>(rows);
    out.sort(order);
    return out;
  }

  private static void byWiki(Disclosure d, List<Count> byWiki) {
    Map<String, Map<String, Count>> byWindow = new TreeMap<>(); // campaign|k|start|end → cohort|wiki → row
    for (Count c : byWiki) {
      if (c.censored()) {
        continue; // never published
      }
      byWindow.computeIfAbsent(c.campaign() + "|" + c.k() + "|" + c.windowStart() + "|" + c.windowEnd(),
          k -> new TreeMap<>()).put(c.cohort() + "|" + c.wiki(), c);
    }
    for (Map<String, Count> rows : byWindow.values()) {
      Count any = rows.values().iterator().next();
      Set<String> wikis = new TreeSet<>();
      rows.values().forEach(c -> wikis.add(c.wiki()));
      for (String wiki : wikis) {
        for (String cohort : COHORTS) {
          Count row = rows.get(cohort + "|" + wiki);
          d.cell(wikiRetained(any.campaign(), cohort, any.windowStart(), any.windowEnd(), wiki),
              row == null ? 0 : row.retained(), BY_WIKI, false);
          d.dependsOn(wikiRetained(any.campaign(), cohort, any.windowStart(), any.windowEnd(), wiki),
              size(any.campaign(), cohort));
        }
        sumOfCohorts(d, cohort -> wikiRetained(any.campaign(), cohort, any.windowStart(), any.windowEnd(), wiki));
      }
      for (String cohort : COHORTS) {
        List<String> parts = new ArrayList<>();
        for (String wiki : wikis) {
          parts.add(wikiRetained(any.campaign(), cohort, any.windowStart(), any.windowEnd(), wiki));
        }
        d.union(retained(any.campaign(), cohort, any.windowStart(), any.windowEnd()), parts, parts, true);
      }
    }
  }

  private static void rollups(Disclosure d, List<GroupCount> rollup, List<Member> members,
      Map<String, String> horizonWindow) {
    Set<String> groups = new TreeSet<>();
    Set<Integer> horizons = new TreeSet<>();
    List<Member> ordered = new ArrayList<>(members);
    ordered.sort(Comparator.comparing(Member::start).thenComparing(Member::campaign));
    // a group of one campaign is that campaign, and a series of one country group and no campaign
    // without a country is that group: the same counts (WLM: one campaign per country and year)
    List<GroupCount> countriesFirst = new ArrayList<>(rollup);
    countriesFirst.sort(Comparator.comparing(g -> g.country() == null));
    for (GroupCount g : countriesFirst) {
      String group = group(g.series(), g.country());
      List<Member> in = ordered.stream().filter(m -> g.series().equals(m.series())
          && (g.country() == null || g.country().equals(m.country()))).toList();
      Set<String> countries = new TreeSet<>();
      in.stream().filter(m -> m.country() != null).forEach(m -> countries.add(m.country()));
      boolean allHaveOne = in.stream().allMatch(m -> m.country() != null);
      boolean same;
      if (in.size() == 1 && horizonWindow.containsKey(in.get(0).campaign() + "|" + g.k())) {
        String campaign = in.get(0).campaign();
        String[] w = horizonWindow.get(campaign + "|" + g.k()).split("\\|", -1);
        same = d.same(groupSize(group, g.cohort()), size(campaign, g.cohort()), g.size(), false)
            & d.same(groupRetained(group, g.cohort(), g.k()), retained(campaign, g.cohort(), w[0], w[1]),
                g.retained(), g.censored());
      } else if (g.country() == null && countries.size() == 1 && allHaveOne) {
        String only = group(g.series(), in.get(0).country());
        same = d.same(groupSize(group, g.cohort()), groupSize(only, g.cohort()), g.size(), false)
            & d.same(groupRetained(group, g.cohort(), g.k()), groupRetained(only, g.cohort(), g.k()), g.retained(),
                g.censored());
      } else {
        same = false;
      }
      if (!same) {
        d.cell(groupSize(group, g.cohort()), g.size(), ROLLUP, false);
        d.cell(groupRetained(group, g.cohort(), g.k()), g.retained(), ROLLUP, g.censored());
      }
      groups.add(group);
      horizons.add(g.k());
    }
    for (String group : groups) {
      sumOfCohorts(d, cohort -> groupSize(group, cohort));
      for (int k : horizons) {
        sumOfCohorts(d, cohort -> groupRetained(group, cohort, k));
        for (String cohort : COHORTS) {
          d.atMost(groupRetained(group, cohort, k), groupSize(group, cohort));
          d.dependsOn(groupRetained(group, cohort, k), groupSize(group, cohort));
        }
      }
      String[] sc = group.split("\\|", -1);
      boolean wholeSeries = sc[1].isEmpty();
      List<Member> in = ordered.stream().filter(m -> sc[0].equals(m.series())
          && (wholeSeries || sc[1].equals(m.country()))).toList();
      if (in.isEmpty() || !d.has(size(in.get(0).campaign(), ALL))) {
        continue;
      }
      Member earliest = in.get(0);
      // the group as the union of its campaigns
      for (String cohort : COHORTS) {
        List<String> parts = in.stream().map(m -> size(m.campaign(), cohort)).toList();
        d.union(groupSize(group, cohort), parts, cohort.equals(ALL) ? parts : List.of(size(earliest.campaign(), cohort)),
            true);
        for (int k : horizons) {
          List<String> retainedParts = new ArrayList<>();
          for (Member m : in) {
            String[] w = horizonWindow.get(m.campaign() + "|" + k).split("\\|", -1);
            retainedParts.add(retained(m.campaign(), cohort, w[0], w[1]));
          }
          d.union(groupRetained(group, cohort, k), retainedParts, List.of(retainedParts.get(0)), true);
        }
      }
      // a series as the union of its countries and its campaigns without one
      if (wholeSeries) {
        List<String> countries = groups.stream().filter(g -> g.startsWith(sc[0] + "|") && !g.equals(group)).toList();
        List<Member> without = in.stream().filter(m -> m.country() == null).toList();
        for (String cohort : COHORTS) {
          List<String> parts = new ArrayList<>();
          countries.forEach(g -> parts.add(groupSize(g, cohort)));
          without.forEach(m -> parts.add(size(m.campaign(), cohort)));
          d.union(groupSize(group, cohort), parts, cohort.equals(ALL) ? parts : List.of(), true);
          for (int k : horizons) {
            List<String> retainedParts = new ArrayList<>();
            countries.forEach(g -> retainedParts.add(groupRetained(g, cohort, k)));
            for (Member m : without) {
              String[] w = horizonWindow.get(m.campaign() + "|" + k).split("\\|", -1);
              retainedParts.add(retained(m.campaign(), cohort, w[0], w[1]));
            }
            d.union(groupRetained(group, cohort, k), retainedParts, List.of(), true);
          }
        }
      }
    }
  }

  private static void sumOfCohorts(Disclosure d, java.util.function.Function<String, String> key) {
    if (d.has(key.apply(ALL)) && d.has(key.apply(NEWCOMERS)) && d.has(key.apply(EXISTING))) {
      d.sum(key.apply(ALL), List.of(key.apply(NEWCOMERS), key.apply(EXISTING)));
    }
  }

  private static String group(String series, String country) {
    return series + "|" + (country == null ? "" : country);
  }

  static String size(String campaign, String cohort) {
    return "S|" + campaign + "|" + cohort;
  }

  static String retained(String campaign, String cohort, String start, String end) {
    return "R|" + campaign + "|" + cohort + "|" + start + "|" + end;
  }

  static String wikiRetained(String campaign, String cohort, String start, String end, String wiki) {
    return "W|" + campaign + "|" + cohort + "|" + start + "|" + end + "|" + wiki;
  }

  static String groupSize(String group, String cohort) {
    return "GS|" + group + "|" + cohort;
  }

  static String groupRetained(String group, String cohort, int k) {
    return "GR|" + group + "|" + cohort + "|" + k;
  }

  static String count(String campaign, String field) {
    return "C|" + campaign + "|" + field;
  }

  public boolean sizeSuppressed(String campaign, String cohort) {
    return suppressed.contains(size(campaign, cohort));
  }

  public boolean retainedSuppressed(String campaign, String cohort, String start, String end) {
    return suppressed.contains(retained(campaign, cohort, start, end));
  }

  public boolean wikiSuppressed(String campaign, String cohort, String start, String end, String wiki) {
    return suppressed.contains(wikiRetained(campaign, cohort, start, end, wiki));
  }

  public boolean groupSizeSuppressed(String series, String country, String cohort) {
    return suppressed.contains(groupSize(group(series, country), cohort));
  }

  public boolean groupRetainedSuppressed(String series, String country, String cohort, int k) {
    return suppressed.contains(groupRetained(group(series, country), cohort, k));
  }

  /** @param field listed, unmatched, unverified, temporary or bots */
  public boolean countSuppressed(String campaign, String field) {
    return suppressed.contains(count(campaign, field));
  }

  /** The keys of the suppressed cells (for messages and tests). */
  Set<String> suppressedKeys() {
    return java.util.Collections.unmodifiableSet(suppressed);
  }

  /** How many of the suppressed are small themselves, or depend on a small cohort. */
  public int primary() {
    return primary;
  }

  /** How many counts were decided (published or suppressed). */
  public int cells() {
    return cells;
  }

  /** How many cells are suppressed in all. */
  public int suppressedCells() {
    return suppressed.size();
  }
}
