package org.campaignmetrics.sink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A commit record: what one run published for a snapshot, written last, as
 * {@code <warehouse>/_commits/snapshot=S/commit-NNNNNN.json}. The newest record is the snapshot:
 * every dataset of it (public, {@code internal/…} and {@code csv/…}), the folder of its partition
 * and every file in it, paths relative to the warehouse root. Readers (show, notebooks, the
 * Superset views) read the files the newest record lists, never a glob, so they see one run's
 * snapshot whole or the one before it (docs/datasets.md "Commits").
 *
 * @param format    the record's format, {@value #FORMAT}
 * @param snapshot  {@code YYYY-MM}
 * @param number    1, 2, … per snapshot; the newest is the highest
 * @param committedAt UTC, ISO-8601
 * @param command   the command that wrote it ({@code run}, {@code ingest}, …)
 * @param datasets  by dataset key: {@code edits}, {@code internal/participants}, {@code csv/campaigns}
 */
public record SnapshotCommit(int format, String snapshot, long number, String committedAt, String command,
    Map<String, Entry> datasets) {

  public static final int FORMAT = 1;
  /** The folder of the commit records, beside the datasets. */
  public static final String DIR = "_commits";
  private static final Pattern NAME = Pattern.compile("commit-(\\d{6,})\\.json");

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One dataset of the snapshot.
   *
   * @param partition its folder, relative to the warehouse root ({@code users/snapshot=2026-09})
   * @param files     its data files, relative to that folder ({@code wiki_db=enwiki/r…-part-00000….parquet})
   * @param sideFiles small texts recorded with it (names start with {@code _}: {@code _files.json}, {@code _coverage.json})
   */
  public record Entry(String partition, List<FileRef> files, Map<String, String> sideFiles) {
    public Entry {
      files = List.copyOf(files);
      sideFiles = Map.copyOf(sideFiles);
    }
  }

  /**
   * A data file: its path below the partition folder, its size in bytes when it was committed,
   * and for a CSV copy (whose fixed name the next run reuses) the SHA-256 of its bytes, so that a
   * reader can tell the file it opens is the one this record lists (null for Parquet files, whose
   * names are never reused).
   */
  public record FileRef(String path, long bytes, @JsonInclude(JsonInclude.Include.NON_NULL) String sha256) {
    public FileRef(String path, long bytes) {
      this(path, bytes, null);
    }
  }

  public SnapshotCommit {
    datasets = Map.copyOf(datasets);
  }

  /** The record's file name, {@code commit-000042.json}. */
  public static String fileName(long number) {
    return String.format(java.util.Locale.ROOT, "commit-%06d.json", number);
  }

  /** The commit number a file name carries, or -1 when it is no commit record's. */
  public static long numberOf(String fileName) {
    Matcher m = NAME.matcher(fileName);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("writing the commit record of " + snapshot, e);
    }
  }

  /** Parses a record; {@code where} names the file in the error. */
  public static SnapshotCommit fromJson(String text, String where) {
    try {
      SnapshotCommit commit = JSON.readValue(text, SnapshotCommit.class);
      if (commit.format() != FORMAT) {
        throw new IllegalStateException(where + ": commit record format " + commit.format() + ", this version reads "
            + FORMAT);
      }
      return commit;
    } catch (IOException e) {
      throw new IllegalStateException(where + ": not a commit record (" + e.getMessage() + ")", e);
    }
  }
}
