package org.campaignmetrics.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.campaignmetrics.format.dumps.DumpLayout.Column;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.format.dumps.DumpLineEncoder;

/** Builds dump lines from (column, value) tables, and bz2 files from lines. */
public final class DumpFixtures {
  private DumpFixtures() {}

  /**
   * A line in the given layout: each pair is a dump column name and its raw TSV text (already
   * escaped as the dump writes it). Unlisted columns are empty; a listed column that the layout
   * lacks is an error in the fixture.
   */
  public static String line(DumpLayout layout, String... columnValuePairs) {
    DumpLineEncoder line = new DumpLineEncoder(layout);
    for (int i = 0; i < columnValuePairs.length; i += 2) {
      line.setRaw(Column.valueOf(columnValuePairs[i].toUpperCase(java.util.Locale.ROOT)), columnValuePairs[i + 1]);
    }
    return line.line();
  }

  /** A revision line with sensible defaults; pairs override or add columns. */
  public static String revision(DumpLayout layout, String wiki, long revisionId, String timestamp, String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("wiki_db", wiki);
    values.put("event_entity", "revision");
    values.put("event_type", "create");
    values.put("event_timestamp", timestamp);
    values.put("event_user_id", "7");
    values.put("event_user_text", "Alice");
    values.put("event_user_text_historical", "Alice");
    values.put("event_user_is_anonymous", "false");
    values.put("page_id", "100");
    values.put("page_namespace_historical", "0");
    values.put("page_namespace_is_content_historical", "true");
    values.put("revision_id", Long.toString(revisionId));
    values.put("revision_parent_id", Long.toString(revisionId - 1));
    values.put("revision_text_bytes_diff", "10");
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    String[] flat = values.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
    return line(layout, flat);
  }

  /** Writes the lines as bz2 (block size 100k × level), one stream per group of lines. */
  @SafeVarargs
  public static Path writeBz2(Path file, int level, List<String>... streams) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      for (List<String> lines : streams) {
        BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(new org.campaignmetrics.sample.NonClosingOutputStream(out), level);
        for (String line : lines) {
          bz.write(line.getBytes(StandardCharsets.UTF_8));
          bz.write('\n');
        }
        bz.finish(); // ends this stream; the next one follows in the same file
      }
    }
    return file;
  }

  /** The dump path of a file under a root: {@code <root>/<snapshot>/<wiki>/<snapshot>.<wiki>.<bucket>.tsv.bz2}. */
  public static Path dumpPath(Path root, String snapshot, String wiki, String bucket) {
    return root.resolve(snapshot).resolve(wiki).resolve(snapshot + "." + wiki + "." + bucket + ".tsv.bz2");
  }
}
