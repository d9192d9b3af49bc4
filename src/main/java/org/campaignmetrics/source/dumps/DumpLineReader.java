package org.campaignmetrics.source.dumps;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one place that turns bz2 dump files into lines. A file is cut into pieces read by
 * separate tasks (one RDD partition per piece); every line of every file reaches exactly one
 * piece. Implementations differ only in how they decompress.
 */
public interface DumpLineReader extends Serializable {
  <R> JavaRDD<R> mapPieces(JavaSparkContext jsc, List<DumpFile> files, PieceFunction<R> function);

  /** For the run log: which decoder, and how files are cut. */
  String describe();
}
