package org.campaignmetrics.metrics.privacy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 * smallest positive value; between equals, the one registered first — so the decision depends
 * on the order of registration, and a caller registers its cells in an order of their keys, not
 * in the order Spark returns rows: RetentionDisclosure). The outsider's reasoning here is bounds propagation to a fixed point
 * over the relations and their Gauss–Jordan reduction; the test suite's {@code Attacker} does the
 * same independently, from the published CSVs (kept apart on purpose: it checks this class).
 *
 * <p>Cost: a published count is a constant to the outsider, so what can be worked out of a cell
 * depends only on the relations reached from it through unknown cells. Each such group is checked
 * on its own, and again only when a cell suppressed for it joins it to others; a candidate is
 * tried by propagation alone first (which pins no more than with elimination) and eliminated only
 * if that leaves the cell open; elimination runs in longs, again in BigIntegers if one overflows.
 * docs/performance.md has the figures.
 */
public final class Disclosure {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Disclosure.class);
  private static final long INF = Long.MAX_VALUE / 4;

  private final int minCellSize;
  private final Map<String, Integer> index = new java.util.LinkedHashMap<>();
  private final List<String> keys = new ArrayList<>();
  // per cell, by its index
  private long[] values = new long[64];
  private int[] ranks = new int[64];
  private boolean[] censored = new boolean[64];
  private final List<Constraint> constraints = new ArrayList<>();
  private final Map<Integer, List<Integer>> dependents = new HashMap<>();
  private final Set<Integer> hidden = new java.util.HashSet<>(); // the cells of unions' hidden counts
  private boolean[] suppressed;
  private List<List<Integer>> byCell; // cell → the relations it is in
  private TreeSet<Integer> unchecked; // while suppressing: unknown cells not yet known to be safe
  private boolean[] cellMarks; // around's marks, all false between its calls
  private boolean[] relationMarks;
  private int[] localOf; // bounds' numbering of a component's unknown cells, −1 between its calls
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

  /**
   * Declares {@code key} to be the very count {@code of} is (declared already) when they have the
   * same value: a rollup group of one campaign is that campaign, published or suppressed with it.
   *
   * @return false, declaring nothing, when {@code of} is not declared or differs
   */
  public boolean same(String key, String of, long value, boolean isCensored) {
    Integer cell = index.get(of);
    if (index.containsKey(key) || cell == null || values[cell] != value || censored[cell] != isCensored) {
      return index.containsKey(key);
    }
    index.put(key, cell);
    return true;
  }

  /** How many cells {@link #suppress} suppressed as small themselves (with what depends on them). */
  public int primary() {
    return primary;
  }

  /** How many counts were declared (the hidden counts of unions not among them). */
  public int published() {
    return index.size() - hidden.size();
  }

  public boolean has(String key) {
    return index.containsKey(key);
  }

  private int add(String key, long value, int rank, boolean isCensored) {
    int cell = keys.size();
    if (cell == values.length) {
      values = Arrays.copyOf(values, 2 * cell);
      ranks = Arrays.copyOf(ranks, 2 * cell);
      censored = Arrays.copyOf(censored, 2 * cell);
    }
    index.put(key, cell);
    keys.add(key);
    values[cell] = value;
    ranks[cell] = rank;
    censored[cell] = isCensored;
    return cell;
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
    if (parts.size() == 1 && id(parts.get(0)) == id(total)) {
      return; // the same count
    }
    for (String part : lower) {
      atMost(part, total);
    }
    if (!bounded || parts.isEmpty()) {
      return;
    }
    long overlap = -values[id(total)];
    for (String part : parts) {
      overlap += values[id(part)];
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
      long v = values[i];
      if (!hidden.contains(i) && v > 0 && v < minCellSize) {
        hide(i);
      }
    }
    for (int i : index.values()) {
      primary += suppressed[i] && !censored[i] ? 1 : 0; // by name, as published
    }
    for (int h : hidden) {
      suppressed[h] = true; // never published
    }
    byCell = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byCell.add(new ArrayList<>());
    }
    for (int ci = 0; ci < constraints.size(); ci++) {
      for (int cell : constraints.get(ci).cells()) {
        List<Integer> of = byCell.get(cell);
        if (of.isEmpty() || of.get(of.size() - 1) != ci) {
          of.add(ci);
        }
      }
    }
    // what the outsider can work out of a cell depends only on the relations it reaches through
    // unknown cells (a published cell is a constant): each such group is checked on its own, and
    // again only when a cell suppressed for it joins it to others
    unchecked = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (unknown(i)) {
        unchecked.add(i);
      }
    }
    while (!unchecked.isEmpty()) {
      int seed = unchecked.first();
      List<Integer> group = around(seed, true);
      Map<Integer, long[]> bounds = bounds(group);
      Integer pinned = pinned(bounds);
      if (pinned == null) {
        unchecked.removeAll(bounds.keySet());
        unchecked.remove(seed);
        continue;
      }
      List<Integer> choice = resolving(pinned);
      if (choice == null) {
        Integer partner = cheapestAround(pinned);
        choice = partner == null ? null : List.of(partner);
      }
      if (choice == null) {
        // nothing published is left in reach: nothing pins it either
        unchecked.removeAll(bounds.keySet());
        unchecked.remove(seed);
        continue;
      }
      for (int cell : choice) {
        LOG.debug("{} could be worked out: suppressing {} too", keys.get(pinned), keys.get(cell));
        hide(cell);
      }
    }
    unchecked = null;
    Set<String> out = new LinkedHashSet<>();
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      int i = e.getValue();
      if (suppressed[i] && !hidden.contains(i) && !censored[i]) {
        out.add(e.getKey()); // a cell's every name, those of {@link #same} among them
      }
    }
    return out;
  }

  private void hide(int cell) {
    if (suppressed[cell]) {
      return;
    }
    suppressed[cell] = true;
    if (unchecked != null) {
      unchecked.add(cell);
    }
    for (int d : dependents.getOrDefault(cell, List.of())) {
      hide(d);
    }
  }

  /**
   * The relations reached from {@code seed} through cells in them (only through unknown cells
   * with {@code unknownOnly}), in the order they were declared.
   */
  private List<Integer> around(int seed, boolean unknownOnly) {
    // marks in two arrays kept between calls, cleared for what this call marked
    if (cellMarks == null || cellMarks.length < keys.size() || relationMarks.length < constraints.size()) {
      cellMarks = new boolean[keys.size()];
      relationMarks = new boolean[constraints.size()];
    }
    int[] queue = new int[16];
    int head = 0;
    int tail = 0;
    int[] reached = new int[16];
    int relations = 0;
    cellMarks[seed] = true;
    queue[tail++] = seed;
    while (head < tail) {
      int cell = queue[head++];
      for (int ci : byCell.get(cell)) {
        if (relationMarks[ci]) {
          continue;
        }
        relationMarks[ci] = true;
        if (relations == reached.length) {
          reached = Arrays.copyOf(reached, 2 * relations);
        }
        reached[relations++] = ci;
        for (int other : constraints.get(ci).cells()) {
          if ((!unknownOnly || unknown(other)) && !cellMarks[other]) {
            cellMarks[other] = true;
            if (tail == queue.length) {
              queue = Arrays.copyOf(queue, 2 * tail);
            }
            queue[tail++] = other;
          }
        }
      }
    }
    for (int i = 0; i < tail; i++) {
      cellMarks[queue[i]] = false;
    }
    List<Integer> out = new ArrayList<>(relations);
    Arrays.sort(reached, 0, relations);
    for (int i = 0; i < relations; i++) {
      relationMarks[reached[i]] = false;
      out.add(reached[i]);
    }
    return out;
  }

  private boolean unknown(int cell) {
    return suppressed[cell] || censored[cell];
  }

  /** The first cell the outsider can pin although it must not be, or null. */
  private Integer pinned(Map<Integer, long[]> bounds) {
    for (int cell : new TreeSet<>(bounds.keySet())) {
      if (mustNotBePinned(cell, bounds.get(cell))) {
        return cell;
      }
    }
    return null;
  }

  private boolean mustNotBePinned(int cell, long[] b) {
    if (b[0] != b[1] || censored[cell]) {
      return false;
    }
    long v = values[cell];
    return hidden.contains(cell) ? v > 0 && v < minCellSize : v > 0;
  }

  /** What the outsider knows of each unknown cell of a component: its bounds. */
  private Map<Integer, long[]> bounds(List<Integer> component) {
    return bounds(component, true);
  }

  /** @param eliminate false: propagation alone, which pins no more than with elimination */
  private Map<Integer, long[]> bounds(List<Integer> component, boolean eliminate) {
    // the component's unknown cells numbered 0..m−1 with their bounds in two arrays, and each
    // relation over those numbers with its published cells folded into its constant: the
    // propagation below reads nothing else (it runs thousands of times per decision)
    if (localOf == null || localOf.length < keys.size()) {
      localOf = new int[keys.size()];
      Arrays.fill(localOf, -1);
    }
    List<Integer> unknownCells = new ArrayList<>();
    for (int ci : component) {
      for (int cell : constraints.get(ci).cells()) {
        if (unknown(cell) && localOf[cell] < 0) {
          localOf[cell] = unknownCells.size();
          unknownCells.add(cell);
        }
      }
    }
    try {
      return bounds(component, eliminate, unknownCells);
    } finally {
      for (int cell : unknownCells) {
        localOf[cell] = -1;
      }
    }
  }

  /** {@link #bounds(List, boolean)} once {@link #localOf} numbers the component's unknown cells. */
  private Map<Integer, long[]> bounds(List<Integer> component, boolean eliminate, List<Integer> unknownCells) {
    int m = unknownCells.size();
    long[] lo = new long[m];
    long[] hi = new long[m];
    Arrays.fill(hi, INF);
    List<Constraint> relations = new ArrayList<>();
    List<Local> compiled = new ArrayList<>();
    for (int ci : component) {
      relations.add(constraints.get(ci));
      compiled.add(compile(constraints.get(ci)));
    }
    // sums of relations pin what no single one does: the reduced equations join the propagation;
    // a cell the propagation pins is a known number to the next elimination, until nothing changes
    Map<Integer, Long> fixed = new HashMap<>();
    long[] termLo = new long[1];
    long[] termHi = new long[1];
    while (true) {
      List<Local> all = new ArrayList<>(compiled);
      if (eliminate) {
        for (Constraint c : reduced(relations, fixed)) {
          all.add(compile(c));
        }
      }
      for (Local c : all) {
        if (c.at().length > termLo.length) {
          termLo = new long[c.at().length];
          termHi = new long[c.at().length];
        }
      }
      boolean changed = true;
      for (int round = 0; changed && round < 200; round++) {
        changed = false;
        for (Local c : all) {
          changed |= tighten(c, lo, hi, termLo, termHi);
        }
      }
      int before = fixed.size();
      for (int i = 0; i < m; i++) {
        if (lo[i] == hi[i]) {
          fixed.putIfAbsent(unknownCells.get(i), lo[i]);
        }
      }
      if (fixed.size() == before) {
        Map<Integer, long[]> bounds = new HashMap<>();
        for (int i = 0; i < m; i++) {
          bounds.put(unknownCells.get(i), new long[] {lo[i], hi[i]});
        }
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
  private List<Integer> resolving(int pinned) {
    Set<Integer> near = new LinkedHashSet<>();
    Set<Integer> touching = new TreeSet<>();
    for (int ci : byCell.get(pinned)) {
      for (int cell : constraints.get(ci).cells()) {
        touching.addAll(byCell.get(cell));
      }
    }
    for (int ci : touching) {
      for (int cell : constraints.get(ci).cells()) {
        if (choosable(cell)) {
          near.add(cell);
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
      if (opens(pinned, List.of(candidates.get(i)))) {
        return List.of(candidates.get(i));
      }
    }
    // two cells where one is not enough (a wiki's count and its all, say), cheapest pairs first
    int few = Math.min(PAIRS_OF, candidates.size());
    for (int i = 0; i < few; i++) {
      for (int j = i + 1; j < few; j++) {
        if (opens(pinned, List.of(candidates.get(i), candidates.get(j)))) {
          return List.of(candidates.get(i), candidates.get(j));
        }
      }
    }
    for (int i = 0; i < Math.min(TRIES, sizes.size()); i++) {
      if (opens(pinned, List.of(sizes.get(i)))) {
        return List.of(sizes.get(i));
      }
    }
    return null;
  }

  /** Whether suppressing {@code cells} leaves {@code pinned} open (nothing is changed). */
  private boolean opens(int pinned, List<Integer> cells) {
    boolean[] before = suppressed.clone();
    TreeSet<Integer> pending = unchecked;
    unchecked = null;
    cells.forEach(this::hide);
    List<Integer> group = around(pinned, true);
    // propagation alone pins no more than with elimination, and is much cheaper: tried first
    boolean open = !pins(bounds(group, false), pinned) && !pins(bounds(group, true), pinned);
    suppressed = before;
    unchecked = pending;
    return open;
  }

  private boolean pins(Map<Integer, long[]> bounds, int cell) {
    long[] b = bounds.get(cell);
    return b != null && mustNotBePinned(cell, b);
  }

  private static final int TRIES = 40;
  private static final int PAIRS_OF = 10;

  private boolean choosable(int cell) {
    // rank 0 zeros are rows not written: suppressing one would show nothing
    return !unknown(cell) && !hidden.contains(cell) && !(values[cell] == 0 && ranks[cell] == 0);
  }

  /** Lower rank first, then the smaller value. */
  private int cost(int a, int b) {
    int byRank = Integer.compare(ranks[a], ranks[b]);
    return byRank != 0 ? byRank : Long.compare(values[a], values[b]);
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
    List<long[]> longRows = new ArrayList<>();
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
          row[n] += (long) c.coefs()[i] * (pinned != null ? pinned : values[c.cells()[i]]);
        }
      }
      longRows.add(row);
    }
    // exact: numbers grow with fraction-free elimination, so they are unbounded integers (in
    // longs first, which nearly always suffice; again in BigIntegers when a long overflows)
    List<long[]> fast = eliminated(longRows, n);
    List<BigInteger[]> rows = fast != null ? big(fast) : eliminatedExactly(big(longRows), n);
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

  private static List<BigInteger[]> big(List<long[]> rows) {
    List<BigInteger[]> out = new ArrayList<>();
    for (long[] row : rows) {
      BigInteger[] big = new BigInteger[row.length];
      for (int j = 0; j < row.length; j++) {
        big[j] = BigInteger.valueOf(row[j]);
      }
      out.add(big);
    }
    return out;
  }

  /** Gauss–Jordan elimination of {@code rows} in place, in BigIntegers (rows divided by their gcd). */
  private static List<BigInteger[]> eliminatedExactly(List<BigInteger[]> rows, int n) {
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
    return rows;
  }

  /**
   * Gauss–Jordan elimination of {@code rows} (copies) in longs, as {@link #reduced} does in
   * BigIntegers; null when a number overflows a long.
   */
  private static List<long[]> eliminated(List<long[]> input, int n) {
    List<long[]> rows = new ArrayList<>();
    for (long[] row : input) {
      rows.add(row.clone());
    }
    try {
      int pivot = 0;
      for (int col = 0; col < n && pivot < rows.size(); col++) {
        int found = -1;
        for (int r = pivot; r < rows.size(); r++) {
          if (rows.get(r)[col] != 0) {
            found = r;
            break;
          }
        }
        if (found < 0) {
          continue;
        }
        long[] p = rows.get(found);
        rows.set(found, rows.get(pivot));
        rows.set(pivot, p);
        for (int r = 0; r < rows.size(); r++) {
          long[] row = rows.get(r);
          if (r == pivot || row[col] == 0) {
            continue;
          }
          long f = row[col];
          long g = p[col];
          long gcd = 0;
          for (int j = 0; j <= n; j++) {
            if (p[j] != 0 || row[j] != 0) {
              row[j] = Math.subtractExact(Math.multiplyExact(row[j], g), Math.multiplyExact(p[j], f));
              gcd = gcd(gcd, row[j]);
            }
          }
          if (gcd > 1) {
            for (int j = 0; j <= n; j++) {
              row[j] /= gcd;
            }
          }
        }
        pivot++;
      }
      return rows;
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  private static long gcd(long a, long b) {
    a = Math.absExact(a);
    b = Math.absExact(b);
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * A relation over a component's unknown cells only ({@link #bounds}): Σ coefs·x[at] + constant
   * (= or ≤) 0, the published cells' terms in the constant.
   */
  private record Local(int[] at, int[] coefs, boolean equality, long constant) {}

  private Local compile(Constraint c) {
    int[] cells = c.cells();
    int unknowns = 0;
    for (int cell : cells) {
      unknowns += unknown(cell) ? 1 : 0;
    }
    int[] at = new int[unknowns];
    int[] coefs = new int[unknowns];
    long constant = c.constant();
    int j = 0;
    for (int i = 0; i < cells.length; i++) {
      if (unknown(cells[i])) {
        at[j] = localOf[cells[i]];
        coefs[j++] = c.coefs()[i];
      } else {
        constant += times(c.coefs()[i], values[cells[i]]);
      }
    }
    return new Local(at, coefs, c.equality(), constant);
  }

  /**
   * Bounds propagation through Σ coef·x + constant (= or ≤) 0, whole numbers. Counts are never
   * negative, so a lower bound is finite and only an upper one can be unbounded ({@code INF}).
   * Every term's bounds are read first, then each unknown's are narrowed by the rest's.
   */
  private static boolean tighten(Local c, long[] lo, long[] hi, long[] termLo, long[] termHi) {
    int[] at = c.at();
    int[] coefs = c.coefs();
    // Σ of the terms' least and greatest values, the unbounded ones counted apart
    long sumLo = c.constant();
    long sumHi = c.constant();
    int infLo = 0;
    int infHi = 0;
    for (int j = 0; j < at.length; j++) {
      long p = times(coefs[j], lo[at[j]]);
      long q = times(coefs[j], hi[at[j]]);
      termLo[j] = Math.min(p, q);
      termHi[j] = Math.max(p, q);
      if (termLo[j] <= -INF) {
        infLo++;
      } else {
        sumLo += termLo[j];
      }
      if (termHi[j] >= INF) {
        infHi++;
      } else {
        sumHi += termHi[j];
      }
    }
    boolean changed = false;
    for (int i = 0; i < at.length; i++) {
      // the rest of the sum, without term i
      long restLo = termLo[i] <= -INF ? (infLo > 1 ? -INF : sumLo) : (infLo > 0 ? -INF : sumLo - termLo[i]);
      long restHi = termHi[i] >= INF ? (infHi > 1 ? INF : sumHi) : (infHi > 0 ? INF : sumHi - termHi[i]);
      long a = coefs[i];
      long newLo = -INF;
      long newHi = INF;
      // a·x = −rest, or a·x ≤ −rest ≤ −restLo
      if (a > 0) {
        newHi = restLo <= -INF ? INF : Math.floorDiv(-restLo, a);
        if (c.equality()) {
          newLo = restHi >= INF ? -INF : -Math.floorDiv(restHi, a);
        }
      } else {
        newLo = restLo <= -INF ? -INF : -Math.floorDiv(-restLo, -a);
        if (c.equality()) {
          newHi = restHi >= INF ? INF : Math.floorDiv(restHi, -a);
        }
      }
      if (newLo > lo[at[i]]) {
        lo[at[i]] = newLo;
        changed = true;
      }
      if (newHi < hi[at[i]]) {
        hi[at[i]] = newHi;
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
  private Integer cheapestAround(int pinned) {
    Integer best = null;
    for (int ci : byCell.get(pinned)) {
      Constraint c = constraints.get(ci);
      if (c.equality()) {
        for (int cell : c.cells()) {
          best = cheaper(best, cell);
        }
      }
    }
    if (best == null) {
      for (int ci : around(pinned, false)) {
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
    long v = values[cell];
    long bv = values[best];
    int r = ranks[cell];
    int br = ranks[best];
    // positive before zero, then lower rank, then smaller value
    if ((v > 0) != (bv > 0)) {
      return v > 0 ? cell : best;
    }
    if (r != br) {
      return r < br ? cell : best;
    }
    return v < bv ? cell : best;
  }
}
