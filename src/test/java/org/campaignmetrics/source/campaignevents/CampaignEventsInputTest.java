package org.campaignmetrics.source.campaignevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.campaignmetrics.source.IngestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table file longer than one piece ({@link CampaignEventsInput#CHUNK_LINES}) is parsed in
 * pieces side by side: the rows must come back complete and in file order, and an error must name
 * the earliest bad line, as a reading in order would.
 */
class CampaignEventsInputTest {
  private static final int LINES = 2 * CampaignEventsInput.CHUNK_LINES + 7;

  /** ce_event_contributions with row i (line i + 1): cec_id i, event i % 13, wiki "w<i>", timestamp 2024-01-01 + i s. */
  private static List<String> contributions(int rows) {
    List<String> lines = new ArrayList<>();
    lines.add("cec_id\tcec_event_id\tcec_user_id\tcec_wiki\tcec_page_id\tcec_revision_id\tcec_edit_flags"
        + "\tcec_bytes_delta\tcec_links_delta\tcec_timestamp\tcec_deleted");
    for (int i = 1; i <= rows; i++) {
      String ts = String.format("202401%02d%02d%02d%02d", 1 + i / 86_400, i / 3600 % 24, i / 60 % 60, i % 60);
      lines.add(i + "\t" + (i % 13) + "\t" + (1000 + i) + "\tw" + i + "\t" + (7 * i) + "\t" + (9 * i) + "\t"
          + (i % 2) + "\t" + (i - 50) + "\t0\t" + ts + "\t" + (i % 3 == 0 ? 1 : 0));
    }
    return lines;
  }

  private static String withField(String line, int index, String value) {
    String[] fields = line.split("\t", -1);
    fields[index] = value;
    return String.join("\t", fields);
  }

  private static List<Row> read(java.nio.file.Path dir, List<String> lines) throws Exception {
    java.nio.file.Path file = dir.resolve("ce_event_contributions.tsv");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return CampaignEventsInput.readFile(new Configuration(), new Path(file.toUri()),
        CampaignEventsInput.CONTRIBUTIONS);
  }

  @Test
  void aLongFileIsReadWholeAndInOrder(@TempDir java.nio.file.Path dir) throws Exception {
    List<Row> rows = read(dir, contributions(LINES));
    assertEquals(LINES, rows.size());
    for (int i = 1; i <= LINES; i++) {
      Row row = rows.get(i - 1);
      assertEquals((long) i, row.getLong(0));
      assertEquals((long) (i % 13), row.getLong(1));
      assertEquals("w" + i, row.getString(3));
      assertEquals(i % 2, row.getInt(6));
      assertEquals((long) (i - 50), row.getLong(7));
      assertEquals(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i), row.get(9));
      assertEquals(i % 3 == 0, row.getBoolean(10));
    }
  }

  @Test
  void theErrorIsTheEarliestBadLinesWhicheverPieceFailsFirst(@TempDir java.nio.file.Path dir) throws Exception {
    List<String> lines = contributions(LINES);
    // line numbers count the header as line 1: row i is line i + 1
    int late = 2 * CampaignEventsInput.CHUNK_LINES + 3;
    int early = CampaignEventsInput.CHUNK_LINES + 5;
    lines.set(late - 1, withField(lines.get(late - 1), 0, "x"));
    lines.set(early - 1, withField(lines.get(early - 1), 2, "not a number"));
    IngestException e = assertThrows(IngestException.class, () -> read(dir, lines));
    assertTrue(e.getMessage().contains("ce_event_contributions.tsv line " + early + ": "), e.getMessage());
    // an empty line is skipped, and the lines after it keep their numbers
    List<String> withGap = contributions(LINES);
    withGap.set(10, "");
    withGap.set(late - 1, withGap.get(late - 1) + "\textra");
    IngestException fields = assertThrows(IngestException.class, () -> read(dir, withGap));
    assertTrue(fields.getMessage().contains("line " + late + ": 12 fields, the header has 11"), fields.getMessage());
  }

  @Test
  void aShortFileIsOnePiece(@TempDir java.nio.file.Path dir) throws Exception {
    List<Row> rows = read(dir, contributions(3));
    assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r.getLong(0)).toList());
    assertEquals(0, read(dir, contributions(0)).size());
  }
}
