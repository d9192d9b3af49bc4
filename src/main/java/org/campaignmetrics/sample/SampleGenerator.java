package org.campaignmetrics.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.campaignmetrics.format.UtcTime;
import org.campaignmetrics.format.dumps.DumpLayout.Column;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.format.dumps.DumpLineEncoder;
import org.campaignmetrics.format.dumps.DumpTimestamps;
import org.campaignmetrics.format.dumps.TsvEscapes;

/**
 * Synthetic MediaWiki history dumps in the real layout and current 78-column encoding
 * ({@code <out>/mediawiki_history/<snapshot>/<wiki>/<snapshot>.<wiki>.<bucket>.tsv.bz2}), and the
 * participant lists of the sample campaigns ({@code <out>/participants/<campaign>.txt}).
 *
 * <p>Deterministic by seed: every random choice is drawn from a generator keyed by what it
 * decides (person, wiki, month), so files can be written in parallel and in any order.
 * {@code scale} multiplies the number of people (and so lines) linearly.
 *
 * <p>What it contains: commonswiki and enwiki in monthly buckets, dewiki in yearly buckets,
 * hiwiki and tcywiki all-time (hiwiki as concatenated bz2 streams, one per year); existing
 * editors; campaign newcomers registering during each campaign whose activity decays, some
 * later editing only another wiki; bots by name and by group; IP and temporary-account edits;
 * page creations, deletions (page delete events) and identity reverts; comments with escaped
 * tabs and newlines; group lists with escaped commas.
 */
public final class SampleGenerator {
  public static final YearMonth FIRST_MONTH = YearMonth.of(2024, 1);
  static final String[] WIKIS = {"commonswiki", "enwiki", "dewiki", "hiwiki", "tcywiki"};
  private static final int COMMONS = 0;
  private static final int EN = 1;
  private static final int DE = 2;
  private static final int HI = 3;

  static final List<SampleCampaign> CAMPAIGNS = List.of(
      new SampleCampaign("wlm-2024-in", "commonswiki", utc("2024-09-01T00:00:00Z"), utc("2024-09-30T23:59:59Z"),
          6, "File:WLM_2024_IN_", 12, 4),
      new SampleCampaign("wlm-2025-in", "commonswiki", utc("2025-09-01T00:00:00Z"), utc("2025-09-30T23:59:59Z"),
          6, "File:WLM_2025_IN_", 14, 4),
      new SampleCampaign("wlm-2025-de", "commonswiki", utc("2025-09-01T00:00:00Z"), utc("2025-09-30T23:59:59Z"),
          6, "File:WLM_2025_DE_", 6, 3),
      new SampleCampaign("hiwiki-course-2025", "hiwiki", utc("2025-08-01T00:00:00Z"), utc("2025-11-30T23:59:59Z"),
          0, "Course_article_", 8, 2),
      new SampleCampaign("editathon-2026-05", "enwiki", utc("2026-05-10T00:00:00Z"), utc("2026-05-12T23:59:59Z"),
          0, "Editathon_article_", 9, 3));

  private final Path out;
  private final int scale;
  private final long seed;
  private final YearMonth snapshot;
  private final List<Person> people = new ArrayList<>();

  public SampleGenerator(Path out, int scale, long seed, YearMonth snapshot) {
    if (scale < 1) {
      throw new IllegalArgumentException("--scale: must be 1 or more");
    }
    if (snapshot.isBefore(FIRST_MONTH.plusMonths(12))) {
      throw new IllegalArgumentException("--snapshot: must be " + FIRST_MONTH.plusMonths(12) + " or later");
    }
    this.out = out;
    this.scale = scale;
    this.seed = seed;
    this.snapshot = snapshot;
    buildPeople();
  }

  static Instant utc(String text) {
    return UtcTime.parse(text);
  }

  // ---- people ---------------------------------------------------------------------------

  enum Kind { EXISTING, NEWCOMER, BOT_BY_NAME, BOT_BY_GROUP, TEMPORARY }

  /** One global account (SUL): a central id, a name, a home wiki and an activity pattern. */
  static final class Person {
    int index;
    Kind kind;
    String name;
    long centralId;
    int homeWiki;
    Long registrationMicros; // null: registered before 2005 (no registration recorded)
    int campaign = -1;
    double monthlyActivity; // probability of being active in a month
    double editsPerActiveMonth;
    boolean laterOnlyOtherWiki;
    List<String> groups = List.of();

    long localUserId(int wiki) {
      return (long) index * 8 + wiki + 1;
    }
  }

  private void buildPeople() {
    SplittableRandom rng = rng(1);
    int existing = 60 * scale;
    for (int i = 0; i < existing; i++) {
      Person p = newPerson(Kind.EXISTING, "Editor" + i);
      p.homeWiki = pick(rng, new double[] {0.3, 0.35, 0.15, 0.15, 0.05});
      p.registrationMicros = rng.nextDouble() < 0.1 ? null
          : micros(utc("2005-06-01T00:00:00Z")) + (long) (rng.nextDouble() * (micros(utc("2023-12-01T00:00:00Z"))
              - micros(utc("2005-06-01T00:00:00Z")))) / 1_000_000L * 1_000_000L;
      p.monthlyActivity = 0.3 + 0.65 * rng.nextDouble();
      p.editsPerActiveMonth = 1 + 25 * rng.nextDouble() * rng.nextDouble();
      if (rng.nextDouble() < 0.08) {
        p.groups = List.of("sysop", "extendedconfirmed");
      } else if (rng.nextDouble() < 0.2) {
        p.groups = List.of("extendedconfirmed");
      }
    }
    for (int c = 0; c < CAMPAIGNS.size(); c++) {
      SampleCampaign campaign = CAMPAIGNS.get(c);
      int wiki = Arrays.asList(WIKIS).indexOf(campaign.wiki());
      for (int i = 0; i < campaign.newcomersPerScale() * scale; i++) {
        Person p = newPerson(Kind.NEWCOMER, "Newcomer" + c + "x" + i);
        p.homeWiki = wiki;
        p.campaign = c;
        long start = micros(campaign.start());
        long end = micros(campaign.end());
        // a few register in the two weeks before the start (counted by the event-metrics preset only)
        long from = i % 7 == 6 ? start - 14L * 86_400_000_000L : start;
        long to = i % 7 == 6 ? start - 1 : end;
        p.registrationMicros = (from + (long) (rng.nextDouble() * (to - from))) / 1_000_000L * 1_000_000L;
        p.monthlyActivity = 0.55;
        p.editsPerActiveMonth = 1 + 4 * rng.nextDouble();
        p.laterOnlyOtherWiki = i % 5 == 3;
      }
    }
    String[] botNames = {"ExampleBot", "Archive bot", "CommonsDelinker"};
    for (int i = 0; i < botNames.length; i++) {
      Person p = newPerson(i < 2 ? Kind.BOT_BY_NAME : Kind.BOT_BY_GROUP, botNames[i]);
      p.homeWiki = i == 0 ? EN : COMMONS;
      p.registrationMicros = micros(utc("2012-03-04T05:06:07Z"));
      p.monthlyActivity = 1.0;
      p.editsPerActiveMonth = 30.0 * scale;
      p.groups = i == 1 ? List.of() : List.of("bot");
    }
  }

  private Person newPerson(Kind kind, String name) {
    Person p = new Person();
    p.index = people.size();
    p.kind = kind;
    p.name = name;
    p.centralId = 100_000L + p.index * 3L;
    people.add(p);
    return p;
  }

  /** The people of a campaign's participant list, by name (what an organizer would upload). */
  List<String> participants(int campaign) {
    List<String> names = new ArrayList<>();
    for (Person p : people) {
      if (p.campaign == campaign) {
        names.add(p.name);
      }
    }
    SplittableRandom rng = rng(2, campaign);
    SampleCampaign c = CAMPAIGNS.get(campaign);
    for (int k = 0; k < c.existingParticipants() * scale; k++) {
      names.add("Editor" + rng.nextInt(60 * scale));
    }
    if (campaign == 0) {
      names.add("ExampleBot"); // a bot participant: excluded from cohorts
    }
    if (campaign == 1 || campaign == 2) {
      names.add("Newcomer1x0"); // in both WLM 2025 countries: counted once in the series rollup
      names.add("Newcomer2x0");
    }
    names.add("Nobody Registered " + campaign); // not in the history: unmatched
    return names.stream().distinct().toList();
  }

  // ---- activity -----------------------------------------------------------------------------

  private int monthIndex(YearMonth month) {
    return (int) (FIRST_MONTH.until(month, ChronoUnit.MONTHS));
  }

  /** How many edits the person makes on each wiki in a month (deterministic). */
  int[] editsIn(Person p, YearMonth month) {
    int[] edits = new int[WIKIS.length];
    long monthStart = micros(UtcTime.monthStart(month));
    long monthEnd = micros(UtcTime.monthStart(month.plusMonths(1)));
    if (p.registrationMicros != null && p.registrationMicros >= monthEnd) {
      return edits;
    }
    SplittableRandom rng = rng(3, p.index, monthIndex(month));
    if (p.kind == Kind.NEWCOMER) {
      SampleCampaign c = CAMPAIGNS.get(p.campaign);
      YearMonth campaignEnd = YearMonth.from(c.end().atZone(ZoneOffset.UTC));
      YearMonth campaignStart = YearMonth.from(c.start().atZone(ZoneOffset.UTC));
      if (month.isBefore(campaignStart)) {
        return edits;
      }
      if (!month.isAfter(campaignEnd)) {
        edits[p.homeWiki] = 1 + rng.nextInt(6);
        return edits;
      }
      long after = campaignEnd.until(month, ChronoUnit.MONTHS);
      if (rng.nextDouble() < p.monthlyActivity * Math.pow(0.7, after - 1)) {
        int wiki = p.laterOnlyOtherWiki ? (p.homeWiki == COMMONS ? EN : COMMONS) : p.homeWiki;
        edits[wiki] = 1 + rng.nextInt((int) Math.ceil(p.editsPerActiveMonth));
      }
      return edits;
    }
    if (monthStart < 0 || rng.nextDouble() >= p.monthlyActivity) {
      return edits;
    }
    int total = 1 + (int) (rng.nextDouble() * 2 * p.editsPerActiveMonth);
    for (int k = 0; k < total; k++) {
      int wiki = rng.nextDouble() < 0.8 ? p.homeWiki : rng.nextInt(WIKIS.length);
      edits[wiki]++;
    }
    return edits;
  }

  // ---- files ---------------------------------------------------------------------------------

  /** Writes every file; returns the number of lines written. */
  public long generate(int threads) {
    List<FileSpec> files = new ArrayList<>();
    for (int w = 0; w < WIKIS.length; w++) {
      if (w == COMMONS || w == EN) {
        for (YearMonth m = FIRST_MONTH; !m.isAfter(snapshot); m = m.plusMonths(1)) {
          files.add(new FileSpec(w, m.toString(), m, m, false));
        }
      } else if (w == DE) {
        for (int y = FIRST_MONTH.getYear(); y <= snapshot.getYear(); y++) {
          YearMonth last = y == snapshot.getYear() ? snapshot : YearMonth.of(y, 12);
          files.add(new FileSpec(w, Integer.toString(y), YearMonth.of(y, 1), last, false));
        }
      } else {
        files.add(new FileSpec(w, "all-time", FIRST_MONTH, snapshot, w == HI));
      }
    }
    files.sort(Comparator.comparingInt(f -> -monthsOf(f)));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (FileSpec file : files) {
        results.add(pool.submit(() -> writeFile(file)));
      }
      long lines = 0;
      for (Future<Long> result : results) {
        lines += result.get();
      }
      writeParticipants();
      return lines;
    } catch (Exception e) {
      throw new IllegalStateException("sample generation failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int monthsOf(FileSpec f) {
    return (int) f.first().until(f.last(), ChronoUnit.MONTHS) + 1;
  }

  private record FileSpec(int wiki, String bucket, YearMonth first, YearMonth last, boolean streamPerYear) {}

  private long writeFile(FileSpec spec) throws IOException {
    String wiki = WIKIS[spec.wiki()];
    Path dir = out.resolve("mediawiki_history").resolve(snapshot.toString()).resolve(wiki);
    Files.createDirectories(dir);
    Path file = dir.resolve(snapshot + "." + wiki + "." + spec.bucket() + ".tsv.bz2");
    long lines = 0;
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      BZip2CompressorOutputStream bz = null;
      int streamYear = -1;
      for (YearMonth m = spec.first(); !m.isAfter(spec.last()); m = m.plusMonths(1)) {
        if (bz == null || (spec.streamPerYear() && m.getYear() != streamYear)) {
          if (bz != null) {
            bz.finish(); // ends one bz2 stream; the next starts right after (a multi-stream file)
          }
          bz = new BZip2CompressorOutputStream(new NonClosingOutputStream(raw), 9);
          streamYear = m.getYear();
        }
        List<Event> events = monthEvents(spec.wiki(), m);
        Writer writer = new OutputStreamWriter(new NonClosingOutputStream(bz), StandardCharsets.UTF_8);
        for (Event event : events) {
          writer.write(event.line);
          writer.write('\n');
        }
        writer.flush();
        lines += events.size();
      }
      if (bz != null) {
        bz.finish();
      }
    }
    return lines;
  }

  private void writeParticipants() throws IOException {
    Path dir = out.resolve("participants");
    Files.createDirectories(dir);
    for (int c = 0; c < CAMPAIGNS.size(); c++) {
      Files.write(dir.resolve(CAMPAIGNS.get(c).id() + ".txt"), participants(c), StandardCharsets.UTF_8);
    }
  }

  private record Event(long micros, long order, String line) {}

  /** Every line of one wiki in one month, sorted by time as the dumper sorts them. */
  List<Event> monthEvents(int wiki, YearMonth month) {
    List<Event> events = new ArrayList<>();
    long monthStart = micros(UtcTime.monthStart(month));
    long monthLength = micros(UtcTime.monthStart(month.plusMonths(1))) - monthStart;
    int m = monthIndex(month);
    long revisionBase = (long) (m + 1) * 100_000_000L + wiki * 10_000_000L;
    long[] counter = {0};
    for (Person p : people) {
      boolean hasAccount = p.registrationMicros == null || p.registrationMicros < monthStart + monthLength;
      // account creation on the home wiki, in the month of registration
      if (wiki == p.homeWiki && p.registrationMicros != null && p.registrationMicros >= monthStart
          && p.registrationMicros < monthStart + monthLength) {
        events.add(new Event(p.registrationMicros, counter[0]++, userCreate(p, wiki, p.registrationMicros, "self")));
      }
      if (!hasAccount) {
        continue;
      }
      int[] edits = editsIn(p, month);
      if (edits[wiki] == 0) {
        continue;
      }
      SplittableRandom rng = rng(4, p.index, m, wiki);
      long first = Long.MAX_VALUE;
      long[] times = new long[edits[wiki]];
      long earliest = p.registrationMicros != null && p.registrationMicros > monthStart ? p.registrationMicros + 60_000_000L : monthStart;
      if (p.kind == Kind.NEWCOMER) {
        SampleCampaign c = CAMPAIGNS.get(p.campaign);
        if (!YearMonth.from(c.end().atZone(ZoneOffset.UTC)).isBefore(month)) {
          earliest = Math.max(earliest, micros(c.start())); // campaign uploads start with the campaign
        }
      }
      long span = monthStart + monthLength - earliest;
      if (span <= 0) {
        continue;
      }
      for (int k = 0; k < times.length; k++) {
        times[k] = earliest + (long) (rng.nextDouble() * span) / 1_000_000L * 1_000_000L;
        first = Math.min(first, times[k]);
      }
      if (wiki != p.homeWiki && firstEditMonth(p, wiki) == m) {
        // single sign-on: the account on this wiki is auto-created at the first edit here
        events.add(new Event(first - 1_000_000L, counter[0]++, userCreate(p, wiki, first - 1_000_000L, "system")));
      }
      for (long t : times) {
        revision(events, counter, p, wiki, t, revisionBase, rng);
      }
    }
    anonymousAndTemporary(events, counter, wiki, month, monthStart, monthLength, revisionBase);
    events.sort(Comparator.comparingLong(Event::micros).thenComparingLong(Event::order));
    return events;
  }

  private int firstEditMonth(Person p, int wiki) {
    for (YearMonth month = FIRST_MONTH; !month.isAfter(snapshot); month = month.plusMonths(1)) {
      if (editsIn(p, month)[wiki] > 0) {
        return monthIndex(month);
      }
    }
    return -1;
  }

  private void revision(List<Event> events, long[] counter, Person p, int wiki, long t, long revisionBase,
      SplittableRandom rng) {
    DumpLineEncoder f = row(wiki, "revision", "create", t);
    long revisionId = revisionBase + counter[0]++;
    boolean creation = (p.kind == Kind.NEWCOMER && p.homeWiki == wiki) ? rng.nextDouble() < 0.7 : rng.nextDouble() < 0.15;
    SampleCampaign campaign = p.campaign >= 0 ? CAMPAIGNS.get(p.campaign) : null;
    boolean campaignWork = campaign != null && campaign.wiki().equals(WIKIS[wiki]);
    int namespace = campaignWork ? campaign.namespace() : (rng.nextDouble() < 0.75 ? 0 : pick(rng, 1, 2, 3, 4, 6, 14));
    long pageId = creation ? revisionId : 1 + rng.nextInt(5_000);
    String title = campaignWork ? campaign.titlePrefix() + revisionId + (namespace == 6 ? ".jpg" : "")
        : "Page " + pageId;
    boolean deleted = creation && rng.nextDouble() < 0.08;
    boolean reverted = !creation && rng.nextDouble() < 0.06;
    performer(f, p, wiki);
    f.set(Column.EVENT_COMMENT, comment(rng, creation));
    pageFields(f, pageId, title, namespace, deleted, creation ? t : t - 86_400_000_000L * (1 + rng.nextInt(300)));
    f.set(Column.REVISION_ID, revisionId);
    f.set(Column.REVISION_PARENT_ID, creation ? 0L : revisionId - 1 - rng.nextInt(1000));
    f.set(Column.REVISION_MINOR_EDIT, rng.nextDouble() < 0.2);
    long bytes = 200 + rng.nextInt(20_000);
    f.set(Column.REVISION_TEXT_BYTES, bytes);
    f.set(Column.REVISION_TEXT_BYTES_DIFF, creation ? bytes : (long) (rng.nextInt(2_000) - 600));
    f.set(Column.REVISION_TEXT_SHA1, Long.toString(Math.abs(rng.nextLong()), 36) + Long.toString(revisionId, 36));
    f.set(Column.REVISION_CONTENT_MODEL, "wikitext");
    f.set(Column.REVISION_CONTENT_FORMAT, "text/x-wiki");
    f.set(Column.REVISION_IS_DELETED_BY_PAGE_DELETION, deleted);
    if (deleted) {
      f.set(Column.REVISION_DELETED_BY_PAGE_DELETION_TIMESTAMP, DumpTimestamps.format(t + 86_400_000_000L));
    }
    f.set(Column.REVISION_IS_IDENTITY_REVERTED, reverted);
    if (reverted) {
      f.set(Column.REVISION_FIRST_IDENTITY_REVERTING_REVISION_ID, revisionId + 1);
      f.set(Column.REVISION_SECONDS_TO_IDENTITY_REVERT, 3600L);
    }
    f.set(Column.REVISION_IS_IDENTITY_REVERT, false);
    f.set(Column.REVISION_IS_FROM_BEFORE_PAGE_CREATION, false);
    if (rng.nextDouble() < 0.3) {
      f.set(Column.REVISION_TAGS, TsvEscapes.formatArray(List.of("mobile edit", "mobile web edit")));
    } else if (rng.nextDouble() < 0.2) {
      f.set(Column.REVISION_TAGS, TsvEscapes.formatArray(List.of("visualeditor")));
    }
    events.add(new Event(t, counter[0], f.line()));
    if (deleted) {
      Person admin = people.get(0);
      DumpLineEncoder d = row(wiki, "page", "delete", t + 86_400_000_000L);
      performer(d, admin, wiki);
      d.set(Column.EVENT_COMMENT, "Out of scope");
      pageFields(d, pageId, title, namespace, true, t);
      events.add(new Event(t + 86_400_000_000L, counter[0]++, d.line()));
    }
  }

  private void anonymousAndTemporary(List<Event> events, long[] counter, int wiki, YearMonth month, long monthStart,
      long monthLength, long revisionBase) {
    SplittableRandom rng = rng(5, wiki, monthIndex(month));
    int anonymous = (wiki == COMMONS ? 4 : 15) * scale;
    boolean temporaryAccounts = !month.isBefore(YearMonth.of(2025, 6));
    for (int k = 0; k < anonymous; k++) {
      long t = monthStart + (long) (rng.nextDouble() * monthLength) / 1_000_000L * 1_000_000L;
      DumpLineEncoder f = row(wiki, "revision", "create", t);
      long revisionId = revisionBase + 5_000_000L + counter[0]++;
      if (temporaryAccounts) {
        String name = "~" + month.getYear() + "-" + (10_000 + rng.nextInt(90_000)) + "-" + rng.nextInt(100);
        long userId = 9_000_000L + rng.nextInt(1_000_000);
        f.set(Column.EVENT_USER_ID, userId);
        f.set(Column.EVENT_USER_CENTRAL_ID, 50_000_000L + userId);
        f.set(Column.EVENT_USER_TEXT_HISTORICAL, name);
        f.set(Column.EVENT_USER_TEXT, name);
        f.set(Column.EVENT_USER_IS_ANONYMOUS, false);
        f.set(Column.EVENT_USER_IS_TEMPORARY, true);
        f.set(Column.EVENT_USER_IS_PERMANENT, false);
        f.set(Column.EVENT_USER_IS_CREATED_BY_SYSTEM, true);
        f.set(Column.EVENT_USER_IS_CREATED_BY_SELF, false);
        f.set(Column.EVENT_USER_IS_CREATED_BY_PEER, false);
        f.set(Column.EVENT_USER_REGISTRATION_TIMESTAMP, DumpTimestamps.format(t - 60_000_000L));
      } else {
        String ip = "198.51.100." + rng.nextInt(255);
        f.set(Column.EVENT_USER_TEXT_HISTORICAL, ip);
        f.set(Column.EVENT_USER_TEXT, ip);
        f.set(Column.EVENT_USER_IS_ANONYMOUS, true);
        f.set(Column.EVENT_USER_IS_TEMPORARY, false);
        f.set(Column.EVENT_USER_IS_PERMANENT, false);
      }
      f.set(Column.EVENT_USER_IS_CROSS_WIKI, false);
      long pageId = 1 + rng.nextInt(5_000);
      pageFields(f, pageId, "Page " + pageId, 0, false, t - 86_400_000_000L * 400);
      f.set(Column.EVENT_COMMENT, "typo");
      f.set(Column.REVISION_ID, revisionId);
      f.set(Column.REVISION_PARENT_ID, revisionId - 17);
      f.set(Column.REVISION_MINOR_EDIT, false);
      f.set(Column.REVISION_TEXT_BYTES, 5_000L);
      f.set(Column.REVISION_TEXT_BYTES_DIFF, (long) (rng.nextInt(200) - 100));
      f.set(Column.REVISION_IS_DELETED_BY_PAGE_DELETION, false);
      f.set(Column.REVISION_IS_IDENTITY_REVERTED, rng.nextDouble() < 0.3);
      f.set(Column.REVISION_IS_IDENTITY_REVERT, false);
      f.set(Column.REVISION_IS_FROM_BEFORE_PAGE_CREATION, false);
      events.add(new Event(t, counter[0], f.line()));
    }
  }

  private String userCreate(Person p, int wiki, long t, String createdBy) {
    DumpLineEncoder f = row(wiki, "user", "create", t);
    performer(f, p, wiki);
    f.set(Column.EVENT_COMMENT, "");
    f.set(Column.USER_ID, p.localUserId(wiki));
    f.set(Column.USER_CENTRAL_ID, p.centralId);
    f.set(Column.USER_TEXT_HISTORICAL, p.name);
    f.set(Column.USER_TEXT, p.name);
    f.set(Column.USER_GROUPS_HISTORICAL, TsvEscapes.formatArray(p.groups));
    f.set(Column.USER_GROUPS, TsvEscapes.formatArray(p.groups));
    f.set(Column.USER_IS_BOT_BY_HISTORICAL, botBy(p));
    f.set(Column.USER_IS_BOT_BY, botBy(p));
    f.set(Column.USER_IS_CREATED_BY_SELF, createdBy.equals("self"));
    f.set(Column.USER_IS_CREATED_BY_SYSTEM, createdBy.equals("system"));
    f.set(Column.USER_IS_CREATED_BY_PEER, createdBy.equals("peer"));
    f.set(Column.USER_IS_ANONYMOUS, false);
    f.set(Column.USER_IS_TEMPORARY, false);
    f.set(Column.USER_IS_PERMANENT, true);
    f.set(Column.USER_REGISTRATION_TIMESTAMP, DumpTimestamps.format(t));
    f.set(Column.USER_CREATION_TIMESTAMP, DumpTimestamps.format(t));
    return f.line();
  }

  /** The event_user_* fields for a registered person acting on a wiki. */
  private void performer(DumpLineEncoder f, Person p, int wiki) {
    f.set(Column.EVENT_USER_ID, p.localUserId(wiki));
    f.set(Column.EVENT_USER_CENTRAL_ID, p.centralId);
    f.set(Column.EVENT_USER_TEXT_HISTORICAL, p.name);
    f.set(Column.EVENT_USER_TEXT, p.name);
    f.set(Column.EVENT_USER_GROUPS_HISTORICAL, TsvEscapes.formatArray(p.groups));
    f.set(Column.EVENT_USER_GROUPS, TsvEscapes.formatArray(p.groups));
    f.set(Column.EVENT_USER_IS_BOT_BY_HISTORICAL, botBy(p));
    f.set(Column.EVENT_USER_IS_BOT_BY, botBy(p));
    boolean home = wiki == p.homeWiki;
    f.set(Column.EVENT_USER_IS_CREATED_BY_SELF, home);
    f.set(Column.EVENT_USER_IS_CREATED_BY_SYSTEM, !home);
    f.set(Column.EVENT_USER_IS_CREATED_BY_PEER, false);
    f.set(Column.EVENT_USER_IS_ANONYMOUS, false);
    f.set(Column.EVENT_USER_IS_TEMPORARY, false);
    f.set(Column.EVENT_USER_IS_PERMANENT, true);
    f.set(Column.EVENT_USER_IS_CROSS_WIKI, false);
    if (home && p.registrationMicros != null) {
      f.set(Column.EVENT_USER_REGISTRATION_TIMESTAMP, DumpTimestamps.format(p.registrationMicros));
      f.set(Column.EVENT_USER_CREATION_TIMESTAMP, DumpTimestamps.format(p.registrationMicros));
    }
  }

  private static String botBy(Person p) {
    switch (p.kind) {
      case BOT_BY_NAME:
        return p.groups.contains("bot") ? "name,group" : "name";
      case BOT_BY_GROUP:
        return "group";
      default:
        return "";
    }
  }

  private void pageFields(DumpLineEncoder f, long pageId, String title, int namespace, boolean deleted, long created) {
    f.set(Column.PAGE_ID, pageId);
    f.set(Column.PAGE_TITLE_HISTORICAL, title);
    f.set(Column.PAGE_TITLE, title);
    f.set(Column.PAGE_NAMESPACE_HISTORICAL, (long) namespace);
    f.set(Column.PAGE_NAMESPACE_IS_CONTENT_HISTORICAL, namespace == 0 || namespace == 6);
    f.set(Column.PAGE_NAMESPACE, (long) namespace);
    f.set(Column.PAGE_NAMESPACE_IS_CONTENT, namespace == 0 || namespace == 6);
    f.set(Column.PAGE_IS_REDIRECT, false);
    f.set(Column.PAGE_IS_DELETED, deleted);
    f.set(Column.PAGE_CREATION_TIMESTAMP, DumpTimestamps.format(created));
    f.set(Column.PAGE_FIRST_EDIT_TIMESTAMP, DumpTimestamps.format(created));
  }

  private static String comment(SplittableRandom rng, boolean creation) {
    double r = rng.nextDouble();
    if (r < 0.03) {
      return "pasted a table:\tcol 1\tcol 2\nsecond line\r\n"; // tabs and newlines, escaped by join()
    }
    if (r < 0.06) {
      return "Uploaded a work by a participant, Wiki Loves Monuments";
    }
    return creation ? "Created page" : "copyedit";
  }

  // ---- rows ------------------------------------------------------------------------------------

  /** A new line of the 78-column layout with the event's wiki, entity, type and time. */
  private static DumpLineEncoder row(int wiki, String entity, String type, long micros) {
    return new DumpLineEncoder(DumpLayout.L78).set(Column.WIKI_DB, WIKIS[wiki]).set(Column.EVENT_ENTITY, entity)
        .set(Column.EVENT_TYPE, type).set(Column.EVENT_TIMESTAMP, DumpTimestamps.format(micros));
  }

  // ---- randomness ----------------------------------------------------------------------------

  private SplittableRandom rng(long... keys) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (long k : keys) {
      h = Long.rotateLeft(h ^ (k * 0xC2B2AE3D27D4EB4FL), 31) * 0x165667B19E3779F9L;
    }
    return new SplittableRandom(h);
  }

  private static int pick(SplittableRandom rng, double[] weights) {
    double r = rng.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int pick(SplittableRandom rng, int... values) {
    return values[rng.nextInt(values.length)];
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  public static String describe(long lines, Path out) {
    return String.format(Locale.ROOT, "sample: %d lines written under %s", lines, out);
  }
}
