package org.campaignmetrics.source.dumps;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads dumps with Hadoop's {@link LineRecordReader} and its splittable, pure-Java
 * {@code BZip2Codec}: a file is cut into byte ranges of {@code splitBytes}; Hadoop aligns each
 * range to the bz2 blocks in it and hands a line that crosses a range's end to the range it
 * starts in. Multi-stream (concatenated) files are read whole. Each range is one task, and the
 * task opens its reader itself so that any failure, even while opening, names the file.
 */
public final class HadoopBz2LineReader implements DumpLineReader {
  private static final long serialVersionUID = 1L;
  /** Like Hadoop's FileInputFormat: a last piece up to 10 % over the split size is not cut off. */
  private static final double SPLIT_SLOP = 1.1;

  private final long splitBytes;

  public HadoopBz2LineReader(long splitBytes) {
    this.splitBytes = splitBytes;
  }

  @Override
  public String describe() {
    return "Hadoop BZip2Codec (pure Java), pieces of " + (splitBytes >= 1 << 20 ? (splitBytes >> 20) + " MiB"
        : splitBytes + " B");
  }

  private record Piece(DumpFile file, long start, long length) implements Serializable {}

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
    HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());
    return jsc.parallelize(pieces, Math.max(1, pieces.size())).mapPartitions(assigned -> {
      if (!assigned.hasNext()) {
        return Collections.emptyIterator();
      }
      Piece piece = assigned.next();
      return function.apply(piece.file(), piece.start(), new Cursor(piece, conf.get()));
    });
  }

  private static final class Cursor implements LineCursor {
    private final Piece piece;
    private final LineRecordReader reader = new LineRecordReader();
    private Text current;
    private boolean closed;

    Cursor(Piece piece, Configuration conf) {
      this.piece = piece;
      try {
        reader.initialize(new FileSplit(new Path(piece.file().path()), piece.start(), piece.length(), null),
            new TaskAttemptContextImpl(conf, new TaskAttemptID()));
      } catch (Exception e) {
        throw failure(e);
      }
    }

    @Override
    public boolean next() {
      if (closed) {
        return false;
      }
      try {
        if (reader.nextKeyValue()) {
          current = reader.getCurrentValue();
          return true;
        }
        closed = true;
        reader.close();
        return false;
      } catch (Exception e) {
        throw failure(e);
      }
    }

    private DumpReadException failure(Exception e) {
      return new DumpReadException(piece.file().path(), "reading the piece at byte " + piece.start() + ": " + e, e);
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

  /** Ships the driver's Hadoop settings (spark.hadoop.*, s3a credentials providers, …) to the tasks. */
  private static final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    HadoopConf(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      conf.write(new DataOutputStream(out));
    }

    private void readObject(ObjectInputStream in) throws IOException {
      conf = new Configuration(false);
      conf.readFields(new DataInputStream(in));
    }
  }
}
