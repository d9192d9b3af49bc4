package org.campaignmetrics.source.dumps;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.campaignmetrics.source.dumps.bz2.Bz2BlockDecoder;
import org.campaignmetrics.source.dumps.bz2.Bz2FormatException;
import org.campaignmetrics.source.dumps.bz2.Bz2PieceReader;
import org.campaignmetrics.source.dumps.bz2.NativeBz2;

/**
 * Reads dumps with our block-parallel bz2 reader ({@link Bz2PieceReader}): each piece is
 * decoded on its own from the first block magic in it, on any bit boundary. With
 * {@code nativeTool} on, a piece's blocks go through {@code lbzip2}/{@code bzip2} when the
 * executor has one (pure Java otherwise, e.g. on a cluster without the tools): a piece that is a
 * whole local file is read by the tool itself, any other piece's blocks are framed as a stream of
 * their own and piped to it ({@link NativeBz2}); every block's
 * CRC is checked either way, and a bad block fails the run naming the file and its bit offset.
 */
public final class BlockBz2LineReader extends PiecedLineReader {
  private static final long serialVersionUID = 1L;
  private static final ThreadLocal<Bz2BlockDecoder> DECODERS = ThreadLocal.withInitial(Bz2BlockDecoder::new);
  /** Looked up once per JVM (executor). */
  private static final String TOOL = NativeBz2.findTool();

  private final boolean nativeTool;

  public BlockBz2LineReader(long splitBytes, boolean nativeTool) {
    super(splitBytes);
    this.nativeTool = nativeTool;
  }

  @Override
  public String describe() {
    String pieces = "pieces of " + (splitBytes >= 1 << 20 ? (splitBytes >> 20) + " MiB" : splitBytes + " B");
    if (!nativeTool) {
      return "block-parallel bz2, pure Java, " + pieces;
    }
    return "block-parallel bz2, " + (TOOL == null ? "pure Java (no lbzip2 or bzip2 on this machine's PATH)"
        : TOOL + " per piece (pure Java on executors without it)") + ", " + pieces;
  }

  private static String toolArgs(String tool) {
    return tool.endsWith("lbzip2") ? "-d -c -n 1" : "-d -c";
  }

  @Override
  LineCursor open(Piece piece, Configuration conf) {
    try {
      Path path = new Path(piece.file().path());
      FileSystem fs = path.getFileSystem(conf);
      FSDataInputStream in = fs.open(path, 1 << 16);
      Bz2PieceReader reader;
      File whole = nativeTool && TOOL != null ? wholeLocalFile(fs, path, piece) : null;
      if (whole != null) {
        // the common case (a file of at most split_mb): the tool reads the file, nothing to frame
        reader = new Bz2PieceReader(in, 0, piece.end(), DECODERS.get(),
            NativeBz2.startWholeFile(TOOL, toolArgs(TOOL), whole));
      } else if (nativeTool && TOOL != null) {
        NativeBz2.Owned owned = NativeBz2.start(TOOL, toolArgs(TOOL), piece.file().name(), () -> {
          try {
            return fs.open(path, 1 << 16);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, in, piece.file().bytes(), piece.start(), piece.end());
        reader = new Bz2PieceReader(in, piece.start(), piece.end(), DECODERS.get(), owned);
      } else {
        reader = new Bz2PieceReader(in, piece.start(), piece.end(), DECODERS.get());
      }
      return new Cursor(piece, in, reader, conf);
    } catch (Exception e) {
      throw blockFailure(piece, e);
    }
  }

  /** The piece's file on the local file system when the piece is the whole file, else null. */
  private static File wholeLocalFile(FileSystem fs, Path path, Piece piece) {
    if (piece.start() != 0 || piece.end() < piece.file().bytes() || !(fs instanceof LocalFileSystem local)) {
      return null;
    }
    return local.pathToFile(path);
  }

  static DumpReadException blockFailure(Piece piece, Exception e) {
    if (e instanceof Bz2FormatException bad) {
      return new DumpReadException(piece.file().path(), "corrupt bz2 block at bit " + bad.bitOffset() + ": "
          + bad.getMessage(), e);
    }
    return failure(piece, e);
  }

  /** A native tool failed: decode the piece in Java to say which block is bad. */
  private static DumpReadException diagnose(Piece piece, Configuration conf, Exception nativeFailure) {
    try {
      Path path = new Path(piece.file().path());
      try (FSDataInputStream in = path.getFileSystem(conf).open(path, 1 << 16)) {
        Bz2PieceReader reader = new Bz2PieceReader(in, piece.start(), piece.end(), DECODERS.get());
        while (reader.nextLine()) {
          // only the failure matters
        }
      }
    } catch (Exception javaFailure) {
      return blockFailure(piece, javaFailure);
    }
    return failure(piece, nativeFailure);
  }

  private final class Cursor implements LineCursor {
    private final Piece piece;
    private final FSDataInputStream in;
    private final Bz2PieceReader reader;
    private final Configuration conf;
    private boolean closed;

    Cursor(Piece piece, FSDataInputStream in, Bz2PieceReader reader, Configuration conf) {
      this.piece = piece;
      this.in = in;
      this.reader = reader;
      this.conf = conf;
    }

    @Override
    public boolean next() {
      if (closed) {
        return false;
      }
      try {
        if (reader.nextLine()) {
          return true;
        }
        closed = true;
        in.close();
        return false;
      } catch (Exception e) {
        closed = true;
        reader.abort();
        try {
          in.close();
        } catch (IOException ignored) {
          // the read failure is what matters
        }
        throw nativeTool && TOOL != null && !(e instanceof Bz2FormatException) ? diagnose(piece, conf, e)
            : blockFailure(piece, e);
      }
    }

    @Override
    public byte[] bytes() {
      return reader.lineBytes();
    }

    @Override
    public int offset() {
      return reader.lineOffset();
    }

    @Override
    public int length() {
      return reader.lineLength();
    }
  }
}
