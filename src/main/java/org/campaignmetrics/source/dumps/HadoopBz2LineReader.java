package org.campaignmetrics.source.dumps;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads dumps through Hadoop's TextInputFormat and its splittable {@code BZip2Codec}: a file
 * larger than {@code splitBytes} is cut into byte ranges that Hadoop aligns to bz2 blocks,
 * and each range is read by its own task. Multi-stream (concatenated) files are read whole.
 */
public final class HadoopBz2LineReader implements DumpLineReader {
  private static final long serialVersionUID = 1L;

  private final long splitBytes;

  public HadoopBz2LineReader(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  @Override
  public String describe() {
    return "Hadoop BZip2Codec (pure Java), splits of " + (splitBytes >> 20) + " MiB";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> JavaRDD<R> mapPieces(JavaSparkContext jsc, List<DumpFile> files, PieceFunction<R> function) {
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, splitBytes);
    conf.setLong(FileInputFormat.SPLIT_MINSIZE, 1L);
    // No directory recursion and no path globbing surprises: every path is one listed file.
    StringBuilder paths = new StringBuilder();
    Map<String, DumpFile> byPath = new HashMap<>();
    for (DumpFile file : files) {
      if (paths.length() > 0) {
        paths.append(',');
      }
      paths.append(escapeGlob(file.path()));
      byPath.put(file.path(), file);
    }
    JavaNewHadoopRDD<LongWritable, Text> rdd = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
        paths.toString(), TextInputFormat.class, LongWritable.class, Text.class, conf);
    return rdd.mapPartitionsWithInputSplit((split, records) -> {
      FileSplit fileSplit = (FileSplit) split;
      String path = fileSplit.getPath().toString();
      DumpFile file = byPath.get(path);
      if (file == null) {
        throw new IllegalStateException("split of an unplanned file: " + path);
      }
      return function.apply(file, fileSplit.getStart(), new Cursor(file, fileSplit.getStart(), records));
    }, false);
  }

  /** Hadoop treats {@code ,{}[]*?\} in input paths as glob syntax. */
  private static String escapeGlob(String path) {
    return path.replaceAll("([,{}\\[\\]*?\\\\])", "\\\\$1");
  }

  private static final class Cursor implements LineCursor {
    private final DumpFile file;
    private final long start;
    private final Iterator<Tuple2<LongWritable, Text>> records;
    private Text current;

    Cursor(DumpFile file, long start, Iterator<Tuple2<LongWritable, Text>> records) {
      this.file = file;
      this.start = start;
      this.records = records;
    }

    @Override
    public boolean next() {
      try {
        if (!records.hasNext()) {
          return false;
        }
        current = records.next()._2();
        return true;
      } catch (Exception e) { // also Hadoop's IOException, thrown undeclared through Scala's iterator
        throw new DumpReadException(file.path(), "reading the piece at byte " + start + ": " + e, e);
      }
    }

    @Override
    public byte[] bytes() {
      return current.getBytes();
    }

    @Override
    public int length() {
      return current.getLength();
    }
  }
}
