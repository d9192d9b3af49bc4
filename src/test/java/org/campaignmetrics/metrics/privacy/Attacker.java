package org.campaignmetrics.metrics.privacy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.campaignmetrics.format.Csv;

/**
 * An outsider with the public CSVs of one run and nothing else, who knows the relations between
 * them (docs/metrics.md "No arithmetic recovers a suppressed cell") and that counts are whole and
 * not negative. Written apart from {@code Disclosure}: it reads the CSVs, not the job's rows, and
 * besides bounds propagation it eliminates (exact rational Gauss–Jordan over every component of
 * the equations, the derived rows propagated with bounds too), so it finds what a sum of several
 * relations gives away.
 *
 * <p>What it recovers: a suppressed count (null and not censored) narrowed to one value other
 * than 0, or a hidden count (people counted twice by a union) narrowed to one value in (0, k).
 */
public final class Attacker {
  private static final long INF = Long.MAX_VALUE / 8;

  /** One recovered value. */
  public record Recovered(String what, long value) {}

  /** The outcome: relations used, and what they gave away. */
  public record Result(int relations, List<Recovered> recovered) {}

  private final int k;
  private final Map<String, Long> known = new HashMap<>();
  private final Map<String, Boolean> target = new LinkedHashMap<>(); // unknown → protected (suppressed or hidden)
  private final List<Map<String, Long>> equalities = new ArrayList<>(); // Σ coef·x = 0 (known folded in later)
  private final List<Map<String, Long>> atMost = new ArrayList<>(); // Σ coef·x ≤ 0
  private final TreeSet<String> hiddenVars = new TreeSet<>();

  private Attacker(int k) {
    this.k = k;
  }

  /** Attacks the CSVs under {@code <csvRoot>/<dataset>/snapshot=S/<dataset>.csv}. */
  public static Result attack(Path csvRoot, String snapshot, int k) throws IOException {
    Attacker a = new Attacker(k);
    a.read(csvRoot, snapshot);
    return a.solve();
  }

  private static List<Map<String, String>> table(Path root, String snapshot, String name) throws IOException {
    Path file = root.resolve(name).resolve("snapshot=" + snapshot).resolve(name + ".csv");
    List<Map<String, String>> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file);
    List<String> header = Csv.split(lines.get(0));
    for (String text : lines.subList(1, lines.size())) {
      List<String> line = Csv.split(text);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < line.size() ? line.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private String value(String var, String text, boolean censored) {
    if (text == null || text.isEmpty()) {
      target.merge(var, !censored, Boolean::logicalOr);
    } else {
      known.put(var, Long.parseLong(text));
    }
    return var;
  }

  private void eq(Map<String, Long> terms) {
    equalities.add(terms);
  }

  private static Map<String, Long> terms(Object... pairs) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.merge((String) pairs[i], ((Number) pairs[i + 1]).longValue(), Long::sum);
    }
    return m;
  }

  /** A new hidden count (a group that is a union in two ways has two: of campaigns, of countries). */
  private String hidden(String name) {
    String base = name;
    for (int i = 2; hiddenVars.contains(name); i++) {
      name = base + "#" + i;
    }
    hiddenVars.add(name);
    target.put(name, true);
    return name;
  }

  /** total = Σ parts − h, h ≥ 0 hidden (when bounded); total ≥ each of lower. */
  private void union(String total, List<String> parts, List<String> lower, boolean bounded) {
    for (String p : lower) {
      atMost.add(terms(p, 1, total, -1));
    }
    if (bounded && !parts.isEmpty()) {
      Map<String, Long> t = terms(total, 1, hidden("twice(" + total + ")"), 1);
      for (String p : parts) {
        t.merge(p, -1L, Long::sum);
      }
      eq(t);
    }
  }

  private void read(Path root, String snapshot) throws IOException {
    List<Map<String, String>> summary = table(root, snapshot, "retention_summary");
    List<Map<String, String>> curve = table(root, snapshot, "retention_curve");
    List<Map<String, String>> byWiki = table(root, snapshot, "retention_by_wiki");
    List<Map<String, String>> rollup = table(root, snapshot, "retention_rollup");
    List<Map<String, String>> campaigns = table(root, snapshot, "campaigns");
    String[] cohorts = {"all", "newcomers", "existing"};
    Map<String, String> horizonWindow = new HashMap<>();
    Map<String, TreeSet<String>> windowsOf = new TreeMap<>();
    Map<String, TreeSet<String>> curveMonths = new TreeMap<>();
    for (Map<String, String> r : summary) {
      String c = r.get("campaign_id");
      boolean cens = r.get("censored").equals("true");
      value("size " + c + " " + r.get("cohort"), r.get("cohort_size"), false);
      String w = r.get("window_start") + " " + r.get("window_end");
      value("retained " + c + " " + r.get("cohort") + " " + w, r.get("retained"), cens);
      horizonWindow.put(c + " " + r.get("horizon_months"), w);
      windowsOf.computeIfAbsent(c, x -> new TreeSet<>()).add(w);
    }
    for (Map<String, String> r : curve) {
      String c = r.get("campaign_id");
      boolean cens = r.get("censored").equals("true");
      value("size " + c + " " + r.get("cohort"), r.get("cohort_size"), false);
      String w = r.get("window_start") + " " + r.get("window_end");
      if (!known.containsKey("retained " + c + " " + r.get("cohort") + " " + w)) {
        value("retained " + c + " " + r.get("cohort") + " " + w, r.get("retained"), cens);
      }
      windowsOf.computeIfAbsent(c, x -> new TreeSet<>()).add(w);
      curveMonths.computeIfAbsent(c, x -> new TreeSet<>()).add(w);
    }
    for (Map.Entry<String, TreeSet<String>> e : windowsOf.entrySet()) {
      String c = e.getKey();
      eq(terms("size " + c + " all", 1, "size " + c + " newcomers", -1, "size " + c + " existing", -1));
      for (String w : e.getValue()) {
        eq(terms("retained " + c + " all " + w, 1, "retained " + c + " newcomers " + w, -1,
            "retained " + c + " existing " + w, -1));
        for (String coh : cohorts) {
          atMost.add(terms("retained " + c + " " + coh + " " + w, 1, "size " + c + " " + coh, -1));
        }
      }
      // a horizon window that is not a month: the months inside it
      for (String w : e.getValue()) {
        TreeSet<String> months = curveMonths.getOrDefault(c, new TreeSet<>());
        if (months.contains(w)) {
          continue;
        }
        String[] se = w.split(" ");
        List<String> inside = months.stream().filter(m -> m.split(" ")[0].compareTo(se[0]) >= 0
            && m.split(" ")[1].compareTo(se[1]) <= 0).toList();
        if (inside.isEmpty()) {
          continue;
        }
        for (String coh : cohorts) {
          List<String> parts = inside.stream().map(m -> "retained " + c + " " + coh + " " + m).toList();
          union("retained " + c + " " + coh + " " + w, parts, parts, true); // min_edits 1, the default
        }
      }
    }
    // by wiki: where the cohort is published every wiki someone was active on is a row
    Map<String, Map<String, String>> wikiRows = new HashMap<>();
    Map<String, TreeSet<String>> wikisAt = new TreeMap<>();
    for (Map<String, String> r : byWiki) {
      String at = r.get("campaign_id") + " " + r.get("window_start") + " " + r.get("window_end");
      wikiRows.put(at + " " + r.get("cohort") + " " + r.get("wiki_db"), r);
      wikisAt.computeIfAbsent(at, x -> new TreeSet<>()).add(r.get("wiki_db"));
    }
    for (Map.Entry<String, TreeSet<String>> e : wikisAt.entrySet()) {
      String[] at = e.getKey().split(" ");
      String c = at[0];
      String w = at[1] + " " + at[2];
      for (String wiki : e.getValue()) {
        for (String coh : cohorts) {
          String var = "wiki " + c + " " + coh + " " + w + " " + wiki;
          Map<String, String> row = wikiRows.get(e.getKey() + " " + coh + " " + wiki);
          boolean cohortPublished = known.containsKey("size " + c + " " + coh);
          if (row != null) {
            value(var, row.get("retained"), false);
          } else if (cohortPublished) {
            known.put(var, 0L);
          } else {
            target.putIfAbsent(var, true);
          }
        }
        eq(terms("wiki " + c + " all " + w + " " + wiki, 1, "wiki " + c + " newcomers " + w + " " + wiki, -1,
            "wiki " + c + " existing " + w + " " + wiki, -1));
      }
      for (String coh : cohorts) {
        List<String> parts = e.getValue().stream().map(wiki -> "wiki " + c + " " + coh + " " + w + " " + wiki)
            .toList();
        union("retained " + c + " " + coh + " " + w, parts, parts, true);
      }
    }
    // campaigns: listed = unmatched + unverified + temporary + bots + cohort
    for (Map<String, String> r : campaigns) {
      String c = r.get("campaign_id");
      if (!windowsOf.containsKey(c)) {
        continue;
      }
      Map<String, Long> t = terms(value("listed " + c, r.get("participants_listed"), false), 1,
          value("unmatched " + c, r.get("participants_unmatched"), false), -1,
          value("unverified " + c, r.get("participants_unverified"), false), -1,
          value("bots " + c, r.get("participants_bots"), false), -1, "size " + c + " all", -1);
      if (r.containsKey("participants_temporary")) {
        t.merge(value("temporary " + c, r.get("participants_temporary"), false), -1L, Long::sum);
        eq(t);
      } else {
        t.merge("temporary " + c, -1L, Long::sum); // not published: an unknown ≥ 0
        target.putIfAbsent("temporary " + c, false);
        eq(t);
      }
    }
    // rollups: a group is the union of its campaigns (and a series of its countries); its
    // earliest campaign is in it whole, and in cohort "all" every campaign is
    Map<String, List<String[]>> groups = new TreeMap<>(); // "series|country" → (campaign, start, country)
    for (Map<String, String> r : campaigns) {
      if (r.get("series").isEmpty() || !windowsOf.containsKey(r.get("campaign_id"))) {
        continue;
      }
      String[] m = {r.get("campaign_id"), r.get("campaign_start"), r.get("country")};
      groups.computeIfAbsent(r.get("series") + "|", x -> new ArrayList<>()).add(m);
      if (!r.get("country").isEmpty()) {
        groups.computeIfAbsent(r.get("series") + "|" + r.get("country"), x -> new ArrayList<>()).add(m);
      }
    }
    TreeSet<String> horizons = new TreeSet<>();
    for (Map<String, String> r : rollup) {
      String g = r.get("series") + "|" + r.get("country");
      boolean cens = r.get("censored").equals("true");
      value("group size " + g + " " + r.get("cohort"), r.get("cohort_size"), false);
      value("group retained " + g + " " + r.get("cohort") + " " + r.get("horizon_months"), r.get("retained"), cens);
      horizons.add(r.get("horizon_months"));
    }
    for (Map.Entry<String, List<String[]>> e : groups.entrySet()) {
      String g = e.getKey();
      if (!known.containsKey("group size " + g + " all") && !target.containsKey("group size " + g + " all")) {
        continue;
      }
      List<String[]> in = new ArrayList<>(e.getValue());
      in.sort((a, b) -> a[1].equals(b[1]) ? a[0].compareTo(b[0]) : a[1].compareTo(b[1]));
      eq(terms("group size " + g + " all", 1, "group size " + g + " newcomers", -1, "group size " + g + " existing", -1));
      for (String h : horizons) {
        eq(terms("group retained " + g + " all " + h, 1, "group retained " + g + " newcomers " + h, -1,
            "group retained " + g + " existing " + h, -1));
      }
      for (String coh : cohorts) {
        List<String> parts = in.stream().map(m -> "size " + m[0] + " " + coh).toList();
        union("group size " + g + " " + coh, parts, coh.equals("all") ? parts : List.of(parts.get(0)), true);
        for (String h : horizons) {
          atMost.add(terms("group retained " + g + " " + coh + " " + h, 1, "group size " + g + " " + coh, -1));
          List<String> rparts = in.stream().map(m -> "retained " + m[0] + " " + coh + " "
              + horizonWindow.get(m[0] + " " + h)).toList();
          union("group retained " + g + " " + coh + " " + h, rparts, List.of(rparts.get(0)), true);
        }
      }
      if (g.endsWith("|")) {
        String series = g.substring(0, g.length() - 1);
        List<String> countries = groups.keySet().stream().filter(x -> x.startsWith(series + "|") && !x.equals(g))
            .filter(x -> known.containsKey("group size " + x + " all") || target.containsKey("group size " + x + " all"))
            .toList();
        List<String[]> without = in.stream().filter(m -> m[2].isEmpty()).toList();
        for (String coh : cohorts) {
          List<String> parts = new ArrayList<>();
          countries.forEach(x -> parts.add("group size " + x + " " + coh));
          without.forEach(m -> parts.add("size " + m[0] + " " + coh));
          union("group size " + g + " " + coh, parts, coh.equals("all") ? parts : List.of(), true);
          for (String h : horizons) {
            List<String> rparts = new ArrayList<>();
            countries.forEach(x -> rparts.add("group retained " + x + " " + coh + " " + h));
            without.forEach(m -> rparts.add("retained " + m[0] + " " + coh + " " + horizonWindow.get(m[0] + " " + h)));
            union("group retained " + g + " " + coh + " " + h, rparts, List.of(), true);
          }
        }
      }
    }
  }

  // ---- solving: bounds propagation and elimination, alternately, to a fixed point ----

  private Result solve() {
    Map<String, long[]> bounds = new HashMap<>();
    for (Map<String, Long> t : equalities) {
      t.keySet().forEach(v -> {
        if (!known.containsKey(v)) {
          bounds.putIfAbsent(v, new long[] {0, INF});
          target.putIfAbsent(v, false);
        }
      });
    }
    for (Map<String, Long> t : atMost) {
      t.keySet().forEach(v -> {
        if (!known.containsKey(v)) {
          bounds.putIfAbsent(v, new long[] {0, INF});
          target.putIfAbsent(v, false);
        }
      });
    }
    List<Map<String, Long>> derived = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int round = 0; round < 500; round++) {
        boolean changed = false;
        for (Map<String, Long> t : equalities) {
          changed |= propagate(t, true, bounds);
        }
        for (Map<String, Long> t : derived) {
          changed |= propagate(t, true, bounds);
        }
        for (Map<String, Long> t : atMost) {
          changed |= propagate(t, false, bounds);
        }
        if (!changed) {
          break;
        }
      }
      for (Map.Entry<String, long[]> e : new ArrayList<>(bounds.entrySet())) {
        if (e.getValue()[0] == e.getValue()[1]) {
          known.put(e.getKey(), e.getValue()[0]);
          bounds.remove(e.getKey());
          progress = true;
        }
      }
      List<Map<String, Long>> rows = eliminate(bounds.keySet());
      derived = rows;
      for (Map<String, Long> row : rows) {
        if (row.size() == 2) { // one unknown and the constant
          for (Map.Entry<String, Long> t : row.entrySet()) {
            if (!t.getKey().isEmpty()) {
              long c = row.getOrDefault("", 0L);
              if (c % t.getValue() == 0 && bounds.containsKey(t.getKey())) {
                known.put(t.getKey(), -c / t.getValue());
                bounds.remove(t.getKey());
                progress = true;
              }
            }
          }
        }
      }
    }
    List<Recovered> recovered = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : target.entrySet()) {
      if (!e.getValue() || !known.containsKey(e.getKey())) {
        continue;
      }
      long v = known.get(e.getKey());
      boolean isHidden = hiddenVars.contains(e.getKey());
      if (isHidden ? v > 0 && v < k : v != 0) {
        recovered.add(new Recovered(e.getKey(), v));
      }
    }
    return new Result(equalities.size() + atMost.size(), recovered);
  }

  /** Tightens the bounds of the unknowns of Σ coef·x (= or ≤) 0 ("" is the constant 1). */
  private boolean propagate(Map<String, Long> t, boolean equality, Map<String, long[]> bounds) {
    boolean changed = false;
    for (Map.Entry<String, Long> target : t.entrySet()) {
      String v = target.getKey();
      long a = target.getValue();
      if (!bounds.containsKey(v) || a == 0) {
        continue;
      }
      long restLo = 0;
      long restHi = 0;
      for (Map.Entry<String, Long> other : t.entrySet()) {
        if (other.getKey().equals(v)) {
          continue;
        }
        long lo;
        long hi;
        long[] b = bounds.get(other.getKey());
        if (other.getKey().isEmpty()) {
          lo = 1;
          hi = 1;
        } else if (b == null) {
          Long x = known.get(other.getKey());
          if (x == null) {
            return changed; // an unknown with no bounds: nothing to learn here yet
          }
          lo = x;
          hi = x;
        } else {
          lo = b[0];
          hi = b[1];
        }
        long c = other.getValue();
        long p = mul(c, lo);
        long q = mul(c, hi);
        restLo = addInf(restLo, Math.min(p, q));
        restHi = addInf(restHi, Math.max(p, q));
      }
      long[] b = bounds.get(v);
      // a·x = −rest (or ≤ −rest, so ≤ −restLo)
      long lo = -INF;
      long hi = INF;
      if (a > 0) {
        hi = restLo <= -INF ? INF : Math.floorDiv(-restLo, a);
        if (equality) {
          lo = restHi >= INF ? -INF : ceilDiv(-restHi, a);
        }
      } else {
        lo = restLo <= -INF ? -INF : ceilDiv(restLo, -a);
        if (equality) {
          hi = restHi >= INF ? INF : Math.floorDiv(restHi, -a);
        }
      }
      if (lo > b[0]) {
        b[0] = lo;
        changed = true;
      }
      if (hi < b[1]) {
        b[1] = hi;
        changed = true;
      }
    }
    return changed;
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  private static long mul(long c, long x) {
    if (x >= INF) {
      return c > 0 ? INF : -INF;
    }
    if (x <= -INF) {
      return c > 0 ? -INF : INF;
    }
    return c * x;
  }

  private static long addInf(long a, long b) {
    if (a >= INF || b >= INF) {
      return INF;
    }
    if (a <= -INF || b <= -INF) {
      return -INF;
    }
    return a + b;
  }

  /**
   * Gauss–Jordan over the rationals (fraction-free, rows divided by their gcd) of the equalities
   * with the known values folded into the constant; the reduced rows.
   */
  private List<Map<String, Long>> eliminate(java.util.Set<String> unknowns) {
    Map<String, String> parent = new HashMap<>();
    for (String v : unknowns) {
      parent.put(v, v);
    }
    for (Map<String, Long> t : equalities) {
      String first = null;
      for (String v : t.keySet()) {
        if (parent.containsKey(v)) {
          if (first == null) {
            first = v;
          } else {
            parent.put(root(parent, v), root(parent, first));
          }
        }
      }
    }
    Map<String, java.util.Set<String>> components = new HashMap<>();
    for (String v : unknowns) {
      components.computeIfAbsent(root(parent, v), x -> new java.util.HashSet<>()).add(v);
    }
    List<Map<String, Long>> out = new ArrayList<>();
    for (java.util.Set<String> component : components.values()) {
      out.addAll(eliminateComponent(component));
    }
    return out;
  }

  private static String root(Map<String, String> parent, String v) {
    while (!parent.get(v).equals(v)) {
      parent.put(v, parent.get(parent.get(v)));
      v = parent.get(v);
    }
    return v;
  }

  private List<Map<String, Long>> eliminateComponent(java.util.Set<String> unknowns) {
    List<String> vars = new ArrayList<>(new TreeSet<>(unknowns));
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < vars.size(); i++) {
      col.put(vars.get(i), i);
    }
    int n = vars.size();
    List<BigInteger[]> rows = new ArrayList<>();
    for (Map<String, Long> t : equalities) {
      BigInteger[] row = new BigInteger[n + 1];
      java.util.Arrays.fill(row, BigInteger.ZERO);
      boolean any = false;
      boolean other = false;
      for (Map.Entry<String, Long> e : t.entrySet()) {
        Integer c = col.get(e.getKey());
        if (c != null) {
          row[c] = row[c].add(BigInteger.valueOf(e.getValue()));
          any = true;
        } else if (!known.containsKey(e.getKey())) {
          other = true; // an unknown of another component cannot be: components follow the equations
        } else {
          row[n] = row[n].add(BigInteger.valueOf(e.getValue()).multiply(BigInteger.valueOf(known.get(e.getKey()))));
        }
      }
      if (any && !other) {
        rows.add(row);
      }
    }
    int pivotRow = 0;
    for (int c = 0; c < n && pivotRow < rows.size(); c++) {
      int found = -1;
      for (int r = pivotRow; r < rows.size(); r++) {
        if (rows.get(r)[c].signum() != 0) {
          found = r;
          break;
        }
      }
      if (found < 0) {
        continue;
      }
      BigInteger[] p = rows.get(found);
      rows.set(found, rows.get(pivotRow));
      rows.set(pivotRow, p);
      for (int r = 0; r < rows.size(); r++) {
        BigInteger[] row = rows.get(r);
        if (r == pivotRow || row[c].signum() == 0) {
          continue;
        }
        BigInteger f = row[c];
        BigInteger g = p[c];
        BigInteger gcd = BigInteger.ZERO;
        for (int j = 0; j <= n; j++) {
          row[j] = row[j].multiply(g).subtract(p[j].multiply(f));
          gcd = gcd.gcd(row[j]);
        }
        if (gcd.signum() != 0 && !gcd.equals(BigInteger.ONE)) {
          for (int j = 0; j <= n; j++) {
            row[j] = row[j].divide(gcd);
          }
        }
      }
      pivotRow++;
    }
    List<Map<String, Long>> out = new ArrayList<>();
    for (BigInteger[] row : rows) {
      Map<String, Long> t = new LinkedHashMap<>();
      boolean fits = true;
      for (int j = 0; j < n; j++) {
        if (row[j].signum() != 0) {
          fits &= row[j].bitLength() < 40;
          t.put(vars.get(j), row[j].longValue());
        }
      }
      if (!t.isEmpty() && fits && row[n].bitLength() < 40) {
        t.put("", row[n].longValue());
        out.add(t);
      }
    }
    return out;
  }
}
