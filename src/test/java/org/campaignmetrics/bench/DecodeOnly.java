package org.campaignmetrics.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.format.dumps.DumpLineDecoder;
import org.campaignmetrics.source.dumps.BlockBz2LineReader;
import org.campaignmetrics.source.dumps.DumpFile;
import org.campaignmetrics.source.dumps.DumpLineReader;
import org.campaignmetrics.source.dumps.HadoopBz2LineReader;
import org.campaignmetrics.spark.SparkSessions;

/**
 * Where ingest time goes: reads every line of the files with a reader and either only counts
 * them ({@code count}) or also decodes them ({@code decode}), writing nothing.
 * Usage: DecodeOnly auto|java|hadoop count|decode SPLIT_MB FILE...
 */
public final class DecodeOnly {
  private DecodeOnly() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSessions.create("decode only", null, List.of());
    long split = Long.parseLong(args[2]) << 20;
    DumpLineReader reader = switch (args[0]) {
      case "hadoop" -> new HadoopBz2LineReader(split);
      case "java" -> new BlockBz2LineReader(split, false);
      default -> new BlockBz2LineReader(split, true);
    };
    boolean decode = args[1].equals("decode");
    List<DumpFile> files = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      File f = new File(args[i]);
      files.add(new DumpFile("file:" + f.getAbsolutePath(), f.getParentFile().getName(), "all-time", f.length(), 0));
    }
    long started = System.nanoTime();
    long lines = reader.mapPieces(JavaSparkContext.fromSparkContext(spark.sparkContext()), files, (file, start, cursor) -> {
      long n = 0;
      DumpLineDecoder decoder = new DumpLineDecoder(file.wiki());
      while (cursor.next()) {
        if (decode) {
          decoder.decode(cursor.bytes(), cursor.offset(), cursor.length());
        }
        n++;
      }
      return List.of(n).iterator();
    }).reduce(Long::sum);
    System.out.printf("%s %s: %d lines in %.1f s%n", args[0], args[1], lines, (System.nanoTime() - started) / 1e9);
    spark.stop();
  }
}
