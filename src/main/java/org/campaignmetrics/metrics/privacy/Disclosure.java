package org.campaignmetrics.metrics.privacy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Complementary (secondary) suppression over the linear relations between published counts
 * (docs/metrics.md "Small cells", "No arithmetic recovers a suppressed cell").
 *
 * <p>Every published count is a cell, named by a key: a quantity published in two tables (a
 * cohort size in the summary, the curve and by wiki) is one cell. Relations: {@link #sum} (a total
 * and its parts), {@link #union} (a count of distinct people over groups that overlap: at least its
 * lower parts, at most the sum of its parts; the difference — people counted twice — is a hidden
 * count), {@link #atMost} and {@link #dependsOn} (a retained count is suppressed with its cohort).
 *
 * <p>{@link #suppress} first suppresses every count {@code 0 < c < k}, then, as long as an
 * outsider who knows every published value, every relation and that counts are not negative
 * could narrow a suppressed positive count (or a union's hidden count below k) to one value,
 * suppresses one more cell of a relation that pins it: the cheapest (lowest {@code rank}, then
 * smallest positive value). The outsider's reasoning here is bounds propagation to a fixed point
 * over the relations and their Gauss–Jordan reduction; the test suite's {@code Attacker} does the
 * same independently, from the published CSVs (kept apart on purpose: it checks this class).
 */
public final class Disclosure {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Disclosure.class);
  private static final long INF = Long.MAX_VALUE / 4;

  private final int minCellSize;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private final List<Long> values = new ArrayList<>();
  private final List<Integer> ranks = new ArrayList<>();
  private final List<Boolean> censored = new ArrayList<>();
  private final List<Constraint> constraints = new ArrayList<>();
  private final Map<Integer, List<Integer>> dependents = new HashMap<>();
  private final Set<Integer> hidden = new java.util.HashSet<>(); // the cells of unions' hidden counts
  private boolean[] suppressed;
  private int primary;

  /** A linear relation: Σ coef·x (=, or ≤) 0 over cells. */
  private record Constraint(int[] cells, int[] coefs, boolean equality, long constant) {
    Constraint(int[] cells, int[] coefs, boolean equality) {
      this(cells, coefs, equality, 0);
    }
  }

  public Disclosure(int minCellSize) {
    this.minCellSize = minCellSize;
  }

  /**
   * Declares a published count (the first declaration of a key wins; a censored cell is unknown
   * to everyone and never protected nor chosen).
   *
   * @param rank which cells to give up first: lower ranks are suppressed before higher ones
   */
  public void cell(String key, long value, int rank, boolean isCensored) {
    if (index.containsKey(key)) {
      return;
    }
    add(key, value, rank, isCensored);
  }

  /**
   * A count that is never published but is in relations (people left out as temporary accounts):
   * protected like a union's hidden count, pinned to a value in (0, k) it would be a small cell.
   */
  public void unpublished(String key, long value) {
    if (!index.containsKey(key)) {
      hidden.add(add(key, value, Integer.MAX_VALUE, false));
    }
  }

  /** How many cells {@link #suppress} suppressed as small themselves (with what depends on them). */
  public int primary() {
    return primary;
  }

  /** How many counts were declared (the hidden counts of unions not among them). */
  public int published() {
    return keys.size() - hidden.size();
  }

  public boolean has(String key) {
    return index.containsKey(key);
  }

  private int add(String key, long value, int rank, boolean isCensored) {
    index.put(key, keys.size());
    keys.add(key);
    values.add(value);
    ranks.add(rank);
    censored.add(isCensored);
    return keys.size() - 1;
  }

  private int id(String key) {
    Integer i = index.get(key);
    if (i == null) {
      throw new IllegalArgumentException("no cell " + key);
    }
    return i;
  }

  /** total = Σ parts. */
  public void sum(String total, List<String> parts) {
    int[] cells = new int[parts.size() + 1];
    int[] coefs = new int[cells.length];
    cells[0] = id(total);
    coefs[0] = 1;
    for (int i = 0; i < parts.size(); i++) {
      cells[i + 1] = id(parts.get(i));
      coefs[i + 1] = -1;
    }
    constraints.add(new Constraint(cells, coefs, true));
  }

  /**
   * Distinct people over overlapping groups: total ≥ each of {@code lower}; with {@code bounded},
   * total = Σ parts − hidden, hidden ≥ 0 the people counted more than once, itself protected.
   */
  public void union(String total, List<String> parts, List<String> lower, boolean bounded) {
    for (String part : lower) {
      atMost(part, total);
    }
    if (!bounded || parts.isEmpty()) {
      return;
    }
    long overlap = -values.get(id(total));
    for (String part : parts) {
      overlap += values.get(id(part));
    }
    // a total can be a union in two ways (of campaigns, of countries): each has its own overlap
    int h = add("overlap(" + total + ")#" + hidden.size(), overlap, Integer.MAX_VALUE, false);
    hidden.add(h);
    int[] cells = new int[parts.size() + 2];
    int[] coefs = new int[cells.length];
    cells[0] = id(total);
    coefs[0] = 1;
    cells[1] = h;
    coefs[1] = 1;
    for (int i = 0; i < parts.size(); i++) {
      cells[i + 2] = id(parts.get(i));
      coefs[i + 2] = -1;
    }
    constraints.add(new Constraint(cells, coefs, true));
  }

  /** small ≤ big. */
  public void atMost(String small, String big) {
    constraints.add(new Constraint(new int[] {id(small), id(big)}, new int[] {1, -1}, false));
  }

  /** When {@code on} is suppressed, so is {@code dependent}. */
  public void dependsOn(String dependent, String on) {
    dependents.computeIfAbsent(id(on), k -> new ArrayList<>()).add(id(dependent));
  }

  /** Runs primary and complementary suppression; the keys of the suppressed cells. */
  public Set<String> suppress() {
    int n = keys.size();
    suppressed = new boolean[n];
    for (int i = 0; i < n; i++) {
      long v = values.get(i);
      if (!hidden.contains(i) && v > 0 && v < minCellSize) {
        hide(i);
      }
    }
    for (int i = 0; i < n; i++) {
      primary += suppressed[i] && !censored.get(i) ? 1 : 0;
    }
    for (int h : hidden) {
      suppressed[h] = true; // never published
    }
    List<List<Integer>> components = components();
    for (List<Integer> component : components) {
      while (true) {
        Integer pinned = pinned(component);
        if (pinned == null) {
          break;
        }
        List<Integer> choice = resolving(pinned, component);
        if (choice == null) {
          Integer partner = cheapestAround(pinned, component);
          choice = partner == null ? null : List.of(partner);
        }
        if (choice == null) {
          break; // nothing published is left in reach: nothing pins it either
        }
        for (int cell : choice) {
          LOG.debug("{} could be worked out: suppressing {} too", keys.get(pinned), keys.get(cell));
          hide(cell);
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      if (suppressed[i] && !hidden.contains(i) && !censored.get(i)) {
        out.add(keys.get(i));
      }
    }
    return out;
  }

  private void hide(int cell) {
    if (suppressed[cell]) {
      return;
    }
    suppressed[cell] = true;
    for (int d : dependents.getOrDefault(cell, List.of())) {
      hide(d);
    }
  }

  /** The constraints' indexes of each connected group of cells. */
  private List<List<Integer>> components() {
    int[] parent = new int[keys.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (Constraint c : constraints) {
      for (int i = 1; i < c.cells().length; i++) {
        parent[find(parent, c.cells()[i])] = find(parent, c.cells()[0]);
      }
    }
    Map<Integer, List<Integer>> byRoot = new HashMap<>();
    for (int i = 0; i < constraints.size(); i++) {
      byRoot.computeIfAbsent(find(parent, constraints.get(i).cells()[0]), k -> new ArrayList<>()).add(i);
    }
    return new ArrayList<>(byRoot.values());
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private boolean unknown(int cell) {
    return suppressed[cell] || censored.get(cell);
  }

  /** A cell the outsider can pin although it must not be, or null. */
  private Integer pinned(List<Integer> component) {
    Map<Integer, long[]> bounds = bounds(component);
    for (Map.Entry<Integer, long[]> e : bounds.entrySet()) {
      if (mustNotBePinned(e.getKey(), e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  private boolean mustNotBePinned(int cell, long[] b) {
    if (b[0] != b[1] || censored.get(cell)) {
      return false;
    }
    long v = values.get(cell);
    return hidden.contains(cell) ? v > 0 && v < minCellSize : v > 0;
  }

  /** What the outsider knows of each unknown cell of a component: its bounds. */
  private Map<Integer, long[]> bounds(List<Integer> component) {
    Map<Integer, long[]> bounds = new HashMap<>();
    for (int ci : component) {
      for (int cell : constraints.get(ci).cells()) {
        if (unknown(cell)) {
          bounds.putIfAbsent(cell, new long[] {0, INF});
        }
      }
    }
    List<Constraint> relations = new ArrayList<>();
    for (int ci : component) {
      relations.add(constraints.get(ci));
    }
    // sums of relations pin what no single one does: the reduced equations join the propagation;
    // a cell the propagation pins is a known number to the next elimination, until nothing changes
    Map<Integer, Long> fixed = new HashMap<>();
    while (true) {
      List<Constraint> all = new ArrayList<>(relations);
      all.addAll(reduced(relations, fixed));
      boolean changed = true;
      for (int round = 0; changed && round < 200; round++) {
        changed = false;
        for (Constraint c : all) {
          changed |= tighten(c, bounds);
        }
      }
      int before = fixed.size();
      for (Map.Entry<Integer, long[]> e : bounds.entrySet()) {
        if (e.getValue()[0] == e.getValue()[1]) {
          fixed.putIfAbsent(e.getKey(), e.getValue()[0]);
        }
      }
      if (fixed.size() == before) {
        return bounds;
      }
    }
  }

  /**
   * The cheapest published cell near {@code pinned} (in a relation with a cell of a relation of
   * it) whose suppression leaves it unpinned, trying at most {@value #TRIES}; else the cheapest
   * pair of the {@value #PAIRS_OF} cheapest that does; else the cheapest cohort size that does (a
   * suppressed size takes its cohort's counts with it, so sizes come last); null if none does.
   */
  private List<Integer> resolving(int pinned, List<Integer> component) {
    Set<Integer> near = new LinkedHashSet<>();
    Set<Integer> first = new LinkedHashSet<>();
    for (int ci : component) {
      if (contains(constraints.get(ci).cells(), pinned)) {
        for (int cell : constraints.get(ci).cells()) {
          first.add(cell);
        }
      }
    }
    for (int ci : component) {
      int[] cells = constraints.get(ci).cells();
      boolean touches = false;
      for (int cell : cells) {
        touches |= first.contains(cell);
      }
      if (touches) {
        for (int cell : cells) {
          if (choosable(cell)) {
            near.add(cell);
          }
        }
      }
    }
    // a cohort size takes every count of its cohort with it: tried only after the other cells,
    // alone and in pairs, leave the cell pinned
    List<Integer> candidates = new ArrayList<>(near.stream().filter(c -> !dependents.containsKey(c)).toList());
    candidates.sort((a, b) -> cost(a, b));
    List<Integer> sizes = new ArrayList<>(near.stream().filter(dependents::containsKey).toList());
    sizes.sort((a, b) -> cost(a, b));
    for (int i = 0; i < Math.min(TRIES, candidates.size()); i++) {
      if (opens(pinned, component, List.of(candidates.get(i)))) {
        return List.of(candidates.get(i));
      }
    }
    // two cells where one is not enough (a wiki's count and its all, say), cheapest pairs first
    int few = Math.min(PAIRS_OF, candidates.size());
    for (int i = 0; i < few; i++) {
      for (int j = i + 1; j < few; j++) {
        if (opens(pinned, component, List.of(candidates.get(i), candidates.get(j)))) {
          return List.of(candidates.get(i), candidates.get(j));
        }
      }
    }
    for (int i = 0; i < Math.min(TRIES, sizes.size()); i++) {
      if (opens(pinned, component, List.of(sizes.get(i)))) {
        return List.of(sizes.get(i));
      }
    }
    return null;
  }

  /** Whether suppressing {@code cells} leaves {@code pinned} open (nothing is changed). */
  private boolean opens(int pinned, List<Integer> component, List<Integer> cells) {
    boolean[] before = suppressed.clone();
    cells.forEach(this::hide);
    long[] b = bounds(component).get(pinned);
    suppressed = before;
    return b == null || !mustNotBePinned(pinned, b);
  }

  private static final int TRIES = 40;
  private static final int PAIRS_OF = 10;

  private boolean choosable(int cell) {
    // rank 0 zeros are rows not written: suppressing one would show nothing
    return !unknown(cell) && !hidden.contains(cell) && !(values.get(cell) == 0 && ranks.get(cell) == 0);
  }

  /** Lower rank first, then the smaller value. */
  private int cost(int a, int b) {
    int byRank = Integer.compare(ranks.get(a), ranks.get(b));
    return byRank != 0 ? byRank : Long.compare(values.get(a), values.get(b));
  }

  /**
   * The equalities reduced by Gauss–Jordan elimination over their unknown cells (exact, in
   * integers: rows combined and divided by their gcd); known cells, and those {@code fixed} by
   * the propagation, are folded into the constant. Rows whose numbers grow past 2^40 are left out.
   */
  private List<Constraint> reduced(List<Constraint> relations, Map<Integer, Long> fixed) {
    Map<Integer, Integer> column = new HashMap<>();
    List<Integer> cells = new ArrayList<>();
    for (Constraint c : relations) {
      if (c.equality()) {
        for (int cell : c.cells()) {
          if (unknown(cell) && !fixed.containsKey(cell) && !column.containsKey(cell)) {
            column.put(cell, cells.size());
            cells.add(cell);
          }
        }
      }
    }
    int n = cells.size();
    List<BigInteger[]> rows = new ArrayList<>();
    for (Constraint c : relations) {
      if (!c.equality()) {
        continue;
      }
      long[] row = new long[n + 1];
      for (int i = 0; i < c.cells().length; i++) {
        Integer col = column.get(c.cells()[i]);
        if (col != null) {
          row[col] += c.coefs()[i];
        } else {
          Long pinned = fixed.get(c.cells()[i]);
          row[n] += (long) c.coefs()[i] * (pinned != null ? pinned : values.get(c.cells()[i]));
        }
      }
      BigInteger[] big = new BigInteger[n + 1];
      for (int j = 0; j <= n; j++) {
        big[j] = BigInteger.valueOf(row[j]);
      }
      rows.add(big);
    }
    // exact: numbers grow with fraction-free elimination, so they are unbounded integers
    int pivot = 0;
    for (int col = 0; col < n && pivot < rows.size(); col++) {
      int found = -1;
      for (int r = pivot; r < rows.size(); r++) {
        if (rows.get(r)[col].signum() != 0) {
          found = r;
          break;
        }
      }
      if (found < 0) {
        continue;
      }
      BigInteger[] p = rows.get(found);
      rows.set(found, rows.get(pivot));
      rows.set(pivot, p);
      for (int r = 0; r < rows.size(); r++) {
        BigInteger[] row = rows.get(r);
        if (r == pivot || row[col].signum() == 0) {
          continue;
        }
        BigInteger f = row[col];
        BigInteger g = p[col];
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
      pivot++;
    }
    List<Constraint> out = new ArrayList<>();
    for (BigInteger[] row : rows) {
      List<Integer> rowCells = new ArrayList<>();
      List<Integer> coefs = new ArrayList<>();
      boolean fits = true;
      for (int j = 0; j < n; j++) {
        if (row[j].signum() != 0) {
          fits &= row[j].bitLength() < 31;
          rowCells.add(cells.get(j));
          coefs.add(row[j].intValue());
        }
      }
      if (rowCells.isEmpty() || !fits || row[n].bitLength() >= 40) {
        continue; // a row with numbers this large pins nothing the propagation could use safely
      }
      out.add(new Constraint(rowCells.stream().mapToInt(Integer::intValue).toArray(),
          coefs.stream().mapToInt(Integer::intValue).toArray(), true, row[n].longValue()));
    }
    return out;
  }

  /** Bounds propagation through Σ coef·x + constant (= or ≤) 0, whole numbers. */
  private boolean tighten(Constraint c, Map<Integer, long[]> bounds) {
    boolean changed = false;
    int[] cells = c.cells();
    for (int i = 0; i < cells.length; i++) {
      if (!unknown(cells[i])) {
        continue;
      }
      long restLo = c.constant();
      long restHi = c.constant();
      for (int j = 0; j < cells.length; j++) {
        if (j == i) {
          continue;
        }
        long lo;
        long hi;
        if (unknown(cells[j])) {
          long[] b = bounds.get(cells[j]);
          lo = b[0];
          hi = b[1];
        } else {
          lo = values.get(cells[j]);
          hi = lo;
        }
        long p = times(c.coefs()[j], lo);
        long q = times(c.coefs()[j], hi);
        restLo = add(restLo, Math.min(p, q));
        restHi = add(restHi, Math.max(p, q));
      }
      long a = c.coefs()[i];
      long[] b = bounds.get(cells[i]);
      long lo = -INF;
      long hi = INF;
      // a·x = −rest, or a·x ≤ −rest ≤ −restLo
      if (a > 0) {
        hi = restLo <= -INF ? INF : Math.floorDiv(-restLo, a);
        if (c.equality()) {
          lo = restHi >= INF ? -INF : -Math.floorDiv(restHi, a);
        }
      } else {
        lo = restLo <= -INF ? -INF : -Math.floorDiv(-restLo, -a);
        if (c.equality()) {
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

  private static long times(long coef, long x) {
    if (x >= INF) {
      return coef > 0 ? INF : -INF;
    }
    if (x <= -INF) {
      return coef > 0 ? -INF : INF;
    }
    return coef * x;
  }

  private static long add(long a, long b) {
    if (a >= INF || b >= INF) {
      return INF;
    }
    if (a <= -INF || b <= -INF) {
      return -INF;
    }
    return a + b;
  }

  /** The cheapest published cell in a relation with {@code pinned}, or anywhere in its component. */
  private Integer cheapestAround(int pinned, List<Integer> component) {
    Integer best = null;
    for (int ci : component) {
      Constraint c = constraints.get(ci);
      if (c.equality() && contains(c.cells(), pinned)) {
        for (int cell : c.cells()) {
          best = cheaper(best, cell);
        }
      }
    }
    if (best == null) {
      for (int ci : component) {
        for (int cell : constraints.get(ci).cells()) {
          best = cheaper(best, cell);
        }
      }
    }
    return best;
  }

  private Integer cheaper(Integer best, int cell) {
    if (!choosable(cell)) {
      return best;
    }
    if (best == null) {
      return cell;
    }
    long v = values.get(cell);
    long bv = values.get(best);
    int r = ranks.get(cell);
    int br = ranks.get(best);
    // positive before zero, then lower rank, then smaller value
    if ((v > 0) != (bv > 0)) {
      return v > 0 ? cell : best;
    }
    if (r != br) {
      return r < br ? cell : best;
    }
    return v < bv ? cell : best;
  }

  private static boolean contains(int[] cells, int cell) {
    for (int c : cells) {
      if (c == cell) {
        return true;
      }
    }
    return false;
  }
}
