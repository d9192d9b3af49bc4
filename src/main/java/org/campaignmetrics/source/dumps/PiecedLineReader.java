package org.campaignmetrics.source.dumps;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.campaignmetrics.spark.SerializableHadoopConf;

/**
 * What every reader shares: files are cut into byte ranges of {@code splitBytes} (a last
 * range up to 10 % larger is not cut off, as Hadoop does), each range is one task, and the
 * task opens its cursor itself so that any failure, even while opening, names the file.
 */
abstract class PiecedLineReader implements DumpLineReader {
  private static final long serialVersionUID = 1L;
  private static final double SPLIT_SLOP = 1.1;

  protected final long splitBytes;

  PiecedLineReader(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  record Piece(DumpFile file, long start, long length) implements Serializable {
    long end() {
      return start + length;
    }
  }

  /** Opens the lines of one piece, in the task. */
  abstract LineCursor open(Piece piece, Configuration conf);

  static List<long[]> cut(long size, long splitBytes) {
    List<long[]> ranges = new ArrayList<>();
    long remaining = size;
    long start = 0;
    while ((double) remaining / splitBytes > SPLIT_SLOP) {
      ranges.add(new long[] {start, splitBytes});
      start += splitBytes;
      remaining -= splitBytes;
    }
    if (remaining > 0 || size == 0) {
      ranges.add(new long[] {start, remaining});
    }
    return ranges;
  }

  @Override
  public <R> JavaRDD<R> mapPieces(JavaSparkContext jsc, List<DumpFile> files, PieceFunction<R> function) {
    List<Piece> pieces = new ArrayList<>();
    for (DumpFile file : files) {
      for (long[] range : cut(file.bytes(), splitBytes)) {
        pieces.add(new Piece(file, range[0], range[1]));
      }
    }
    // largest first: the tail of the job is not one big piece started last
    pieces.sort((a, b) -> Long.compare(b.length(), a.length()));
    SerializableHadoopConf conf = SerializableHadoopConf.of(jsc);
    return jsc.parallelize(pieces, Math.max(1, pieces.size())).mapPartitions(assigned -> {
      if (!assigned.hasNext()) {
        return Collections.emptyIterator();
      }
      Piece piece = assigned.next();
      return function.apply(piece.file(), piece.start(), open(piece, conf.get()));
    });
  }

  static DumpReadException failure(Piece piece, Exception e) {
    return new DumpReadException(piece.file().path(), "reading the piece at byte " + piece.start() + ": " + e, e);
  }
}
