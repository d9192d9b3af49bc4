package org.campaignmetrics.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.campaignmetrics.format.Csv;
import org.junit.jupiter.api.Test;

/**
 * What the golden files of src/test/resources/golden/ must be, checked without the code under
 * test (golden/README.md): the ingest counts against another bz2 decoder, the retention summary
 * against the rules of docs/metrics.md that a table can be checked for on its own.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Path DUMPS = Path.of("sample-dumps/mediawiki_history");
  /** The data horizon of snapshot 2026-09. */
  private static final Instant HORIZON = Instant.parse("2026-10-01T00:00:00Z");
  private static final int MIN_CELL = 5;

  private static List<Map<String, String>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Csv.split(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Csv.split(line);
      assertEquals(header.size(), cells.size(), csv + ": " + line);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static long linesOf(Path bz2) throws IOException {
    long lines = 0;
    try (InputStream in = new BZip2CompressorInputStream(new BufferedInputStream(Files.newInputStream(bz2)), true)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return lines;
  }

  @Test
  void ingestStatsCountEveryLineOfEveryFileRead() throws IOException {
    List<Map<String, String>> stats = read(GOLDEN.resolve("sample_ingest_stats.csv"));
    TreeSet<String> listed = new TreeSet<>();
    int ingested = 0;
    for (Map<String, String> row : stats) {
      listed.add(row.get("file"));
      Path file = DUMPS.resolve(row.get("file"));
      assertEquals(Files.size(file), Long.parseLong(row.get("bytes")), row.get("file"));
      if (!row.get("status").equals("ingested")) {
        continue;
      }
      ingested++;
      long read = Long.parseLong(row.get("lines_read"));
      assertEquals(linesOf(file), read, row.get("file") + ": lines by commons-compress");
      assertEquals(read, Long.parseLong(row.get("accepted_revision")) + Long.parseLong(row.get("accepted_user"))
          + Long.parseLong(row.get("accepted_page")) + Long.parseLong(row.get("rejected")), row.get("file"));
    }
    TreeSet<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.walk(DUMPS.resolve("2026-09"))) {
      files.filter(Files::isRegularFile).forEach(f -> present.add(DUMPS.relativize(f).toString()));
    }
    assertEquals(present, listed, "every dump file has one row");
    assertEquals(55, ingested);
  }

  @Test
  void retentionSummaryFollowsTheCensoringSuppressionAndCohortRules() throws IOException {
    List<Map<String, String>> summary = read(GOLDEN.resolve("sample_retention_summary.csv"));
    Map<String, Map<String, Long>> sizes = new HashMap<>();
    for (Map<String, String> row : summary) {
      String where = row.get("campaign_id") + " " + row.get("cohort") + " " + row.get("horizon_months");
      boolean reachesPastTheData = Instant.parse(row.get("window_end")).isAfter(HORIZON);
      assertEquals(String.valueOf(reachesPastTheData), row.get("censored"), where + ": censored iff past the horizon");
      if (reachesPastTheData) {
        assertEquals("", row.get("retained"), where + ": a censored window publishes no count");
      }
      for (String count : List.of("cohort_size", "retained")) {
        if (!row.get(count).isEmpty()) {
          long value = Long.parseLong(row.get(count));
          assertTrue(value == 0 || value >= MIN_CELL, where + ": " + count + " " + value + " under " + MIN_CELL);
        }
      }
      if (!row.get("cohort_size").isEmpty()) {
        sizes.computeIfAbsent(row.get("campaign_id") + " " + row.get("horizon_months"), k -> new HashMap<>())
            .put(row.get("cohort"), Long.parseLong(row.get("cohort_size")));
      }
    }
    int checked = 0;
    for (Map.Entry<String, Map<String, Long>> cell : sizes.entrySet()) {
      Map<String, Long> cohorts = cell.getValue();
      if (cohorts.size() == 3) {
        assertEquals(cohorts.get("all"), cohorts.get("newcomers") + cohorts.get("existing"), cell.getKey());
        checked++;
      }
    }
    assertTrue(checked >= 20, "all = newcomers + existing checked on " + checked + " campaign-horizons");
  }

  @Test
  void fourCampaignsOfTheRetentionSummaryAreWhatAnIndependentDerivationFromTheDumpsGives() throws Exception {
    // derive_retention.py reads the dumps with Python's bz2 and applies docs/metrics.md on its own
    List<String> campaigns = List.of("wlm-2024-in", "wlm-2025-in", "hiwiki-course-2025", "editathon-2026-05");
    List<String> command = new ArrayList<>(List.of("python3", GOLDEN.resolve("derive_retention.py").toString()));
    command.addAll(campaigns);
    Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, python.waitFor(), "derive_retention.py failed");
    Path derived = Files.createTempFile("derived", ".csv");
    Files.writeString(derived, out);
    Map<String, Map<String, String>> golden = new HashMap<>();
    for (Map<String, String> row : read(GOLDEN.resolve("sample_retention_summary.csv"))) {
      golden.put(row.get("campaign_id") + "/" + row.get("cohort") + "/" + row.get("horizon_months"), row);
    }
    List<Map<String, String>> rows = read(derived);
    assertEquals(campaigns.size() * 3 * 4, rows.size(), "3 cohorts × 4 horizons per campaign");
    // the derivation suppresses cell by cell (primary); the job also suppresses published-size
    // counts that would give a small one away (complementary, docs/metrics.md): such a cell is
    // the derived count (0 or ≥ k) in the derivation and null in the golden file, its row suppressed
    List<String> complementary = new ArrayList<>();
    for (Map<String, String> row : rows) {
      String key = row.get("campaign_id") + "/" + row.get("cohort") + "/" + row.get("horizon_months");
      Map<String, String> expected = golden.get(key);
      boolean hiddenToo = false;
      for (String count : List.of("cohort_size", "retained")) {
        if (!row.get(count).equals(expected.get(count))) {
          assertEquals("", expected.get(count), key + " " + count);
          long derivedValue = Long.parseLong(row.get(count));
          assertTrue(derivedValue == 0 || derivedValue >= MIN_CELL, key + " " + count + " is small: primary");
          assertEquals("true", expected.get("suppressed"), key + ": a suppressed count marks its row");
          complementary.add(key + " " + count);
          hiddenToo = true;
        }
      }
      for (String column : List.of("window_start", "window_end", "censored", "censored_because")) {
        assertEquals(row.get(column), expected.get(column), key + " " + column);
      }
      if (hiddenToo) {
        assertEquals("", expected.get("rate"), key + ": no rate from a suppressed count");
        continue;
      }
      assertEquals(row.get("suppressed"), expected.get("suppressed"), key + " suppressed");
      if (!row.get("rate").isEmpty() || !expected.get("rate").isEmpty()) {
        assertEquals(Double.parseDouble(row.get("rate")), Double.parseDouble(expected.get("rate")), 1e-12, key);
      }
    }
    // golden/README.md lists them: counted, so that a change in the choice is seen
    assertEquals(List.of("hiwiki-course-2025/newcomers/3 retained", "wlm-2024-in/existing/6 retained", "wlm-2025-in/existing/6 retained", "wlm-2025-in/existing/9 retained"),
        complementary.stream().sorted().toList());
    Files.delete(derived);
  }
}
