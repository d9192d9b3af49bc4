package org.campaignmetrics.source.dumps;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Reads dumps with Hadoop's {@link LineRecordReader} and its splittable, pure-Java
 * {@code BZip2Codec}: Hadoop aligns each piece to the bz2 blocks in it and hands a line that
 * crosses a piece's end to the piece it starts in. Multi-stream files are read whole. Kept as
 * the reference the block reader is compared with ({@code ingest.decoder: hadoop}).
 */
public final class HadoopBz2LineReader extends PiecedLineReader {
  private static final long serialVersionUID = 1L;

  public HadoopBz2LineReader(long splitBytes) {
    super(splitBytes);
  }

  @Override
  public String describe() {
    return "Hadoop BZip2Codec (pure Java), pieces of " + (splitBytes >= 1 << 20 ? (splitBytes >> 20) + " MiB"
        : splitBytes + " B");
  }

  @Override
  LineCursor open(Piece piece, Configuration conf) {
    return new Cursor(piece, conf);
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
        throw failure(piece, e);
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
        throw failure(piece, e);
      }
    }

    @Override
    public byte[] bytes() {
      return current.getBytes();
    }

    @Override
    public int offset() {
      return 0;
    }

    @Override
    public int length() {
      return current.getLength();
    }
  }
}
