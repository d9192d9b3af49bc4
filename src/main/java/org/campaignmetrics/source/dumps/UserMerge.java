package org.campaignmetrics.source.dumps;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.campaignmetrics.model.Users;
import org.campaignmetrics.sink.parquet.DirectParquetWriter;
import org.campaignmetrics.spark.SerializableHadoopConf;

/**
 * Builds the {@code users} rows of a snapshot from the staged runs of user observations of
 * every batch: one Spark task per wiki merges that wiki's runs ({@link UserRuns}, streaming, in
 * user id order) and writes one Parquet file, {@code wiki_db=<wiki>/part-00000.snappy.parquet}
 * under the output directory. No shuffle and no sort beyond the runs' own order.
 */
final class UserMerge {
  private UserMerge() {}

  /** The runs of one wiki. */
  record WikiRuns(String wiki, List<String> runs) implements Serializable {}

  /** Every run under the batches' run directories, by wiki (runs in name order: deterministic). */
  static List<WikiRuns> list(FileSystem fs, List<Path> runDirs) {
    Map<String, List<String>> byWiki = new TreeMap<>();
    String prefix = Users.WIKI_DB + "=";
    try {
      for (Path dir : runDirs) {
        if (!fs.exists(dir)) {
          continue;
        }
        for (FileStatus wiki : fs.listStatus(dir)) {
          String name = wiki.getPath().getName();
          if (!wiki.isDirectory() || !name.startsWith(prefix)) {
            continue;
          }
          for (FileStatus run : fs.listStatus(wiki.getPath())) {
            if (run.getPath().getName().endsWith(UserRuns.SUFFIX)) {
              byWiki.computeIfAbsent(name.substring(prefix.length()), w -> new ArrayList<>())
                  .add(run.getPath().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing user observation runs under " + runDirs, e);
    }
    List<WikiRuns> result = new ArrayList<>();
    byWiki.forEach((wiki, runs) -> {
      runs.sort(null);
      result.add(new WikiRuns(wiki, runs));
    });
    return result;
  }

  /** Merges and writes every wiki's users under {@code outDir}; returns the number of users. */
  static long write(JavaSparkContext jsc, List<WikiRuns> wikis, String outDir) {
    if (wikis.isEmpty()) {
      return 0;
    }
    SerializableHadoopConf conf = SerializableHadoopConf.of(jsc);
    List<WikiRuns> largestFirst = new ArrayList<>(wikis);
    largestFirst.sort((a, b) -> Integer.compare(b.runs().size(), a.runs().size()));
    return jsc.parallelize(largestFirst, largestFirst.size())
        .map(wiki -> writeWiki(conf, wiki, outDir))
        .reduce(Long::sum);
  }

  private static long writeWiki(SerializableHadoopConf conf, WikiRuns wiki, String outDir) throws IOException {
    Path dir = new Path(outDir, Users.WIKI_DB + "=" + wiki.wiki());
    FileSystem fs = dir.getFileSystem(conf.get());
    List<Path> runs = wiki.runs().stream().map(Path::new).toList();
    try (DirectParquetWriter<UserObservation> out =
        UsersParquetWriter.open(conf.get(), new Path(dir, "part-00000.snappy.parquet"))) {
      return UserRuns.merge(fs, runs, new Path(outDir, "_scratch-" + wiki.wiki()), user -> {
        try {
          out.write(user);
        } catch (IOException e) {
          throw new UncheckedIOException("writing the users of " + wiki.wiki() + " under " + dir, e);
        }
      });
    }
  }
}
