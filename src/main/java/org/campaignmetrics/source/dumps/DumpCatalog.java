package org.campaignmetrics.source.dumps;

import org.campaignmetrics.format.UtcTime;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.campaignmetrics.config.ConfigException;

/**
 * Lists a snapshot's dump files: {@code <root>/<snapshot>/<wiki>/<snapshot>.<wiki>.<bucket>.tsv.bz2},
 * with buckets {@code YYYY-MM}, {@code YYYY} or {@code all-time}
 * (https://wikitech.wikimedia.org/wiki/Analytics/Data_Lake/Edits/Mediawiki_history_dumps).
 */
public final class DumpCatalog {
  /** What a listing found: the dump files, and the other files (reported, never read). */
  public record Listing(List<DumpFile> files, List<String> unrecognised) {}

  private DumpCatalog() {}

  public static Listing list(Configuration hadoop, String root, String snapshot, List<String> wikis) {
    Path snapshotDir = new Path(root, snapshot);
    try {
      FileSystem fs = snapshotDir.getFileSystem(hadoop);
      FileStatus[] wikiDirs;
      try {
        wikiDirs = fs.listStatus(snapshotDir);
      } catch (FileNotFoundException e) {
        throw new ConfigException("history.path: no snapshot directory " + snapshotDir
            + " (expected <history.path>/<snapshot>/<wiki>/<snapshot>.<wiki>.<bucket>.tsv.bz2)");
      }
      List<String> found = new ArrayList<>();
      List<DumpFile> files = new ArrayList<>();
      List<String> unrecognised = new ArrayList<>();
      for (FileStatus wikiDir : wikiDirs) {
        String wiki = wikiDir.getPath().getName();
        if (!wikiDir.isDirectory()) {
          unrecognised.add(snapshot + "/" + wiki);
          continue;
        }
        found.add(wiki);
        if (!wikis.isEmpty() && !wikis.contains(wiki)) {
          continue;
        }
        Pattern name = Pattern.compile(
            Pattern.quote(snapshot + "." + wiki + ".") + "(\\d{4}-\\d{2}|\\d{4}|all-time)\\.tsv\\.bz2");
        for (FileStatus file : fs.listStatus(wikiDir.getPath())) {
          Matcher m = name.matcher(file.getPath().getName());
          if (file.isFile() && m.matches() && validBucket(m.group(1))) {
            files.add(new DumpFile(file.getPath().toString(), wiki, m.group(1), file.getLen(),
                file.getModificationTime()));
          } else {
            unrecognised.add(snapshot + "/" + wiki + "/" + file.getPath().getName());
          }
        }
      }
      for (int i = 0; i < wikis.size(); i++) {
        if (!found.contains(wikis.get(i))) {
          throw new ConfigException("history.wikis[" + i + "]: no wiki '" + wikis.get(i) + "' in " + snapshotDir);
        }
      }
      files.sort(Comparator.comparing(DumpFile::path));
      unrecognised.sort(Comparator.naturalOrder());
      return new Listing(List.copyOf(files), List.copyOf(unrecognised));
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + snapshotDir, e);
    }
  }

  private static boolean validBucket(String bucket) {
    if (bucket.length() == 7) {
      int month = Integer.parseInt(bucket.substring(5));
      return month >= 1 && month <= 12;
    }
    return true;
  }

  /** First instant a bucket covers (null for all-time). */
  public static Instant bucketStart(String bucket) {
    if (bucket.equals("all-time")) {
      return null;
    }
    if (bucket.length() == 4) {
      return UtcTime.monthStart(YearMonth.of(Integer.parseInt(bucket), 1));
    }
    return UtcTime.monthStart(YearMonth.parse(bucket));
  }

  /** First instant after a bucket (null for all-time). */
  public static Instant bucketEnd(String bucket) {
    if (bucket.equals("all-time")) {
      return null;
    }
    if (bucket.length() == 4) {
      return UtcTime.monthStart(YearMonth.of(Integer.parseInt(bucket) + 1, 1));
    }
    return UtcTime.monthStart(YearMonth.parse(bucket).plusMonths(1));
  }

  /** True when the bucket lies wholly outside {@code [from, to)} (either bound may be null: open). */
  public static boolean outsideRange(String bucket, Instant from, Instant to) {
    Instant start = bucketStart(bucket);
    Instant end = bucketEnd(bucket);
    if (start == null) {
      return false;
    }
    return (from != null && !end.isAfter(from)) || (to != null && !start.isBefore(to));
  }
}
