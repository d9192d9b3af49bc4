package org.campaignmetrics.source.dumps;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructType;

/**
 * The small outputs of a staging piece, written by the task itself next to the batch's edits
 * as JSON lines, one file per piece and kind (deterministic names: a retried task overwrites
 * its own): rejects, and the piece's counters (written last). (User observations are binary
 * runs: {@link UserRuns}.)
 * Timestamps are microseconds since the epoch.
 */
final class SideOutputs implements AutoCloseable {
  static final String DIR = "sides";
  static final String REJECTS = ".rejects.jsonl";
  static final String STATS = ".stats.json";

  /** What the publish step reads the side files with (JSON field names = these columns). */
  static final StructType REJECT_SCHEMA = StructType.fromDDL(
      "source_file string, wiki_db string, piece_start bigint, line_in_piece bigint, reason string, raw_line string");

  private static final JsonFactory JSON = new JsonFactory();

  private final Configuration conf;
  private final Path dir;
  private final String key;
  private JsonGenerator rejects;

  SideOutputs(Configuration conf, String batchDir, DumpFile file, long pieceStart) {
    this.conf = conf;
    this.dir = new Path(batchDir, DIR);
    this.key = key(file, pieceStart);
  }

  /** Names a piece's files: wiki, bucket, start byte. */
  static String key(DumpFile file, long pieceStart) {
    return file.wiki() + "." + file.bucket() + "@" + pieceStart;
  }

  private JsonGenerator open(String suffix) throws IOException {
    Path path = new Path(dir, key + suffix);
    OutputStream out = new BufferedOutputStream(path.getFileSystem(conf).create(path, true), 1 << 16);
    JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8);
    generator.setRootValueSeparator(new SerializedString("\n"));
    return generator;
  }

  void reject(String sourceFile, String wiki, long pieceStart, long lineInPiece, String reason, String rawLine) {
    try {
      if (rejects == null) {
        rejects = open(REJECTS);
      }
      JsonGenerator g = rejects;
      g.writeStartObject();
      g.writeStringField("source_file", sourceFile);
      g.writeStringField("wiki_db", wiki);
      g.writeNumberField("piece_start", pieceStart);
      g.writeNumberField("line_in_piece", lineInPiece);
      g.writeStringField("reason", reason);
      g.writeStringField("raw_line", rawLine);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing rejects under " + dir, e);
    }
  }

  /** The piece's counters, written last. */
  void stats(String sourceFile, long pieceStart, long linesRead, long acceptedRevision, long acceptedUser,
      long acceptedPage, long rejected, String layouts) {
    try (JsonGenerator g = open(STATS)) {
      g.writeStartObject();
      g.writeStringField("source_file", sourceFile);
      g.writeNumberField("piece_start", pieceStart);
      g.writeNumberField("lines_read", linesRead);
      g.writeNumberField("accepted_revision", acceptedRevision);
      g.writeNumberField("accepted_user", acceptedUser);
      g.writeNumberField("accepted_page", acceptedPage);
      g.writeNumberField("rejected", rejected);
      g.writeStringField("layouts", layouts);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing counters under " + dir, e);
    }
  }

  @Override
  public void close() {
    try {
      if (rejects != null) {
        rejects.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("closing side outputs under " + dir, e);
    }
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void number(JsonGenerator g, String field, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(field, value);
    }
  }
}
