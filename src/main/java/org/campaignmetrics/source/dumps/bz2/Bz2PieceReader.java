package org.campaignmetrics.source.dumps.bz2;

import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.campaignmetrics.format.dumps.Bytes;

/**
 * The lines of one piece {@code [start, end)} of a bz2 file, decoded in pure Java.
 *
 * <p>A piece owns the blocks whose magic starts in it (at a bit offset in {@code [start*8,
 * end*8)}). Unless it is the first piece of the file, it drops the bytes of its blocks' output
 * up to and including the first newline; and it reads on past its blocks up to the first
 * newline there (finishing its last line, or reading the line the next piece dropped). As in
 * Hadoop's line reader, this holds however the lines fall on the boundaries. So
 * every line belongs to exactly one piece, whatever the block and piece boundaries, concatenated
 * streams included. Every block's CRC is checked.
 */
public final class Bz2PieceReader {
  private final FSDataInputStream in;
  private final long endBit;
  private final Bz2BlockDecoder decoder;
  private final ByteSink sink = new ByteSink(1 << 21);
  private BitInput bits;
  private boolean skipping;
  private boolean finished;
  private boolean owned = true;
  private boolean lastLineEmitted;
  private int lineStart;
  private int scanFrom;
  private int lineOffset;
  private int lineLength;
  private NativeBz2.Owned nativeOwned;
  /** Reads from the native tool's pipe of at most a pipe's capacity (a larger read only costs a bigger copy buffer). */
  private static final int NATIVE_CHUNK = 1 << 16;
  private static final long NEWLINES = Bytes.repeat((byte) '\n');

  /**
   * @param in    the file, opened (this reader seeks it)
   * @param start first byte of the piece
   * @param end   first byte after the piece
   */
  public Bz2PieceReader(FSDataInputStream in, long start, long end, Bz2BlockDecoder decoder) throws IOException {
    this.in = in;
    this.endBit = end * 8;
    this.decoder = decoder;
    this.skipping = start > 0;
    if (start == 0) {
      in.seek(0);
      byte[] header = new byte[4];
      if (in.read(header) < 4 || !Bz2BlockDecoder.isStreamHeader(header[0], header[1], header[2], header[3])) {
        throw new Bz2FormatException(0, "not a bzip2 file (no BZh header)");
      }
      bits = new BitInput(in, 4);
    } else {
      in.seek(start);
      MagicScanner.Found first = MagicScanner.next(in, start, end, true);
      if (first == null) {
        finished = true; // no block starts here: every byte of the piece belongs to a neighbour
        return;
      }
      in.seek(first.bit() >>> 3);
      bits = new BitInput(in, first.bit() >>> 3);
      bits.skipTo(first.bit());
    }
  }

  /**
   * The same piece with its own blocks decompressed by a native tool ({@link NativeBz2}); the
   * blocks after it, where the last line ends, are decoded here in Java. {@code owned} null: the
   * piece has no block.
   */
  public Bz2PieceReader(FSDataInputStream in, long start, long end, Bz2BlockDecoder decoder,
      NativeBz2.Owned owned) {
    this.in = in;
    this.endBit = end * 8;
    this.decoder = decoder;
    this.skipping = start > 0;
    this.nativeOwned = owned;
    this.finished = owned == null;
  }

  public byte[] lineBytes() {
    return sink.array();
  }

  public int lineOffset() {
    return lineOffset;
  }

  public int lineLength() {
    return lineLength;
  }

  /** Advances to the next line of this piece; false when there is none. */
  public boolean nextLine() throws IOException {
    while (true) {
      if (lastLineEmitted) {
        return false;
      }
      int newline = indexOfNewline();
      if (newline >= 0) {
        int from = lineStart;
        lineStart = newline + 1;
        scanFrom = lineStart;
        if (skipping) {
          skipping = false; // the previous piece's last line ends here
          continue;
        }
        lineOffset = from;
        lineLength = newline - from;
        if (!owned) {
          lastLineEmitted = true; // the line this piece started, finished in a following block
        }
        return true;
      }
      scanFrom = sink.size();
      if (finished || (!owned && skipping)) {
        return emitRest();
      }
      compact();
      if (!decodeNextBlock()) {
        finished = true;
        return emitRest();
      }
    }
  }

  /** At the end of the file: a last line without a newline is still a line. */
  private boolean emitRest() {
    if (!skipping && !lastLineEmitted && lineStart < sink.size() && (owned || finished)) {
      lineOffset = lineStart;
      lineLength = sink.size() - lineStart;
      lineStart = sink.size();
      lastLineEmitted = true;
      return true;
    }
    lastLineEmitted = true;
    return false;
  }

  /** The first newline from {@code scanFrom} on, eight bytes a step; -1 if none. */
  private int indexOfNewline() {
    byte[] bytes = sink.array();
    int size = sink.size();
    int i = scanFrom;
    for (; i + 8 <= size; i += 8) {
      long newlines = Bytes.matches((long) Bytes.LONGS.get(bytes, i), NEWLINES);
      if (newlines != 0) {
        return i + (Long.numberOfTrailingZeros(newlines) >>> 3);
      }
    }
    for (; i < size; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void compact() {
    if (lineStart > 0) {
      sink.discard(lineStart);
      scanFrom -= lineStart;
      lineStart = 0;
    }
  }

  /** Decodes the next block of the file into the sink; false at the end of the file. */
  private boolean decodeNextBlock() throws IOException {
    if (nativeOwned != null) {
      if (sink.readFrom(nativeOwned.output(), NATIVE_CHUNK) > 0) {
        return true;
      }
      nativeOwned.finish();
      if (nativeOwned.wholeFileLength >= 0) {
        NativeBz2.checkStreams(in, nativeOwned.wholeFileLength);
      }
      long continuation = nativeOwned.continuationBit;
      nativeOwned = null;
      if (continuation < 0) {
        return false;
      }
      in.seek(continuation >>> 3);
      bits = new BitInput(in, continuation >>> 3);
      bits.skipTo(continuation);
    }
    while (true) {
      long at = bits.position();
      long magic;
      try {
        magic = bits.bits48();
      } catch (EOFException e) {
        return false;
      }
      if (magic == Bz2BlockDecoder.BLOCK_MAGIC) {
        if (at >= endBit) {
          // Past our blocks. The next piece drops everything up to its first newline, so we
          // read on to that newline: the rest of our last line, or, when our output ended
          // with a newline, the whole line the next piece starts with.
          owned = false;
          if (skipping) {
            return false; // no line starts in our blocks
          }
        }
        decoder.decode(bits, sink, at);
        return true;
      }
      if (magic == Bz2BlockDecoder.END_MAGIC) {
        bits.bits(32); // the stream's combined CRC
        bits.alignToByte();
        try {
          int b = bits.bits(8);
          int z = bits.bits(8);
          int h = bits.bits(8);
          int level = bits.bits(8);
          if (!Bz2BlockDecoder.isStreamHeader(b, z, h, level)) {
            throw new Bz2FormatException(bits.position() - 32, "garbage after the end of a bz2 stream");
          }
        } catch (EOFException e) {
          return false; // the last stream of the file
        }
        continue; // a concatenated stream follows
      }
      throw new Bz2FormatException(at, "no block or end-of-stream magic where one must start");
    }
  }

  /** Stops a native decompressor still running (after a failure downstream). */
  public void abort() {
    if (nativeOwned != null) {
      nativeOwned.abort();
    }
  }

}
