package org.campaignmetrics.source.dumps.bz2;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Decompresses a piece's blocks with a native bzip2 decompressor found on the machine
 * ({@code lbzip2}, else {@code bzip2}): the piece's blocks, copied bit for bit out of the
 * file, are framed as a stream of their own (header, the blocks, end-of-stream magic and the
 * combined CRC computed from the blocks' CRCs) and piped through the tool. The tool checks
 * every block's CRC and the combined one.
 */
public final class NativeBz2 {
  private static final String[] TOOLS = {"lbzip2", "bzip2"};
  /** Tool processes started by this JVM: lets a test prove the native path ran (no silent fallback). */
  private static final AtomicLong STARTED = new AtomicLong();

  private NativeBz2() {}

  /** The absolute path of the first tool found on PATH, or null. */
  public static String findTool() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String tool : TOOLS) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, tool);
        if (candidate.isFile() && candidate.canExecute()) {
          return candidate.getAbsolutePath();
        }
      }
    }
    return null;
  }

  /** How many tool processes this JVM has started (each piece read natively starts one). */
  public static long processesStarted() {
    return STARTED.get();
  }

  /** A running decompression of a piece's own blocks. */
  public static final class Owned {
    private final Process process;
    private final Thread writer;
    private final AtomicReference<Throwable> writeFailure;
    private final String tool;
    /** Where the file goes on after the piece's blocks (a magic), or -1 at the end of the file. */
    final long continuationBit;
    /** The tool reads the whole file itself: its length, to check with {@link #checkStreams}; else -1. */
    final long wholeFileLength;

    Owned(Process process, Thread writer, AtomicReference<Throwable> writeFailure, String tool, long continuationBit,
        long wholeFileLength) {
      this.process = process;
      this.writer = writer;
      this.writeFailure = writeFailure;
      this.tool = tool;
      this.continuationBit = continuationBit;
      this.wholeFileLength = wholeFileLength;
    }

    InputStream output() {
      return process.getInputStream();
    }

    /** Waits for the tool; fails unless it and the feeding thread both succeeded. */
    void finish() throws IOException {
      try {
        int code = process.waitFor();
        if (writer != null) {
          writer.join();
        }
        if (writeFailure.get() != null) {
          throw new IOException("feeding " + tool + ": " + writeFailure.get(), writeFailure.get());
        }
        if (code != 0) {
          throw new IOException(tool + " exited with code " + code);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    void abort() {
      process.destroyForcibly();
    }
  }

  /**
   * Starts decompressing the blocks whose magic lies in {@code [start*8, end*8)}; null when
   * there is none.
   */
  public static Owned start(String tool, String toolArgs, String fileName, Supplier<FSDataInputStream> reopen,
      FSDataInputStream in, long fileLength, long start, long end) throws IOException {
    in.seek(start);
    List<MagicScanner.Found> magics = MagicScanner.all(in, start, end);
    List<long[]> blocks = new ArrayList<>(); // {start bit, end bit}
    long continuation = -1;
    for (int i = 0; i < magics.size(); i++) {
      MagicScanner.Found found = magics.get(i);
      if (found.bit() >= end * 8) {
        continuation = found.bit();
        break;
      }
      if (!found.endOfStream()) {
        long blockEnd = i + 1 < magics.size() ? magics.get(i + 1).bit() : fileLength * 8;
        blocks.add(new long[] {found.bit(), blockEnd});
      }
    }
    if (blocks.isEmpty()) {
      return null;
    }
    Process process = new ProcessBuilder(command(tool, toolArgs)).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    STARTED.incrementAndGet();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    FSDataInputStream source = reopen.get();
    Thread writer = new Thread(() -> {
      try (OutputStream stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16); source) {
        frame(source, blocks, stdin);
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "bz2-feed " + fileName + "@" + start);
    writer.setDaemon(true);
    writer.start();
    return new Owned(process, writer, failure, new File(tool).getName(), continuation, -1);
  }

  /**
   * Decompresses a whole local file, which the tool reads itself: no framing and no feeding
   * thread. The tool checks every block's CRC and each stream's combined CRC; what it does not
   * check, that nothing but whole streams follow each other to the end of the file, the reader
   * checks once the tool is done ({@link #checkStreams}).
   */
  public static Owned startWholeFile(String tool, String toolArgs, File file) throws IOException {
    List<String> command = command(tool, toolArgs);
    command.add(file.getAbsolutePath());
    Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    STARTED.incrementAndGet();
    return new Owned(process, null, new AtomicReference<>(), new File(tool).getName(), -1, file.length());
  }

  /** The tool and its arguments, to which a file name may be added. */
  private static List<String> command(String tool, String toolArgs) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(toolArgs.split(" ")));
    return command;
  }

  /**
   * Checks that a file is nothing but bz2 streams one after the other: each a {@code BZh1..9}
   * header, a first magic right after it, and, after its end-of-stream magic and combined CRC
   * (padded to a byte), the next stream or the end of the file. lbzip2 and bzip2 both stop at the
   * first bytes after a stream's end that do not start another stream, and still succeed: what
   * followed would be lost. Fails naming the bit where the unexpected bytes start.
   */
  static void checkStreams(FSDataInputStream in, long fileLength) throws IOException {
    in.seek(0);
    List<MagicScanner.Found> magics = MagicScanner.all(in, 0, fileLength);
    long streamStart = 0; // the byte where the next stream's header must be
    boolean inStream = false;
    byte[] header = new byte[4];
    for (MagicScanner.Found found : magics) {
      if (!inStream) {
        if (streamStart + 4 > fileLength) {
          break;
        }
        in.readFully(streamStart, header, 0, 4);
        if (!Bz2BlockDecoder.isStreamHeader(header[0], header[1], header[2], header[3])
            || found.bit() != (streamStart + 4) * 8) {
          throw new Bz2FormatException(streamStart * 8, "garbage after the end of a bz2 stream");
        }
        inStream = true;
      }
      if (found.endOfStream()) {
        streamStart = (found.bit() + 48 + 32 + 7) >>> 3;
        inStream = false;
      }
    }
    if (inStream) {
      throw new Bz2FormatException(fileLength * 8, "the last bz2 stream has no end-of-stream magic");
    }
    if (streamStart != fileLength) {
      throw new Bz2FormatException(streamStart * 8, "garbage after the end of a bz2 stream");
    }
  }

  /** Writes the blocks as one bz2 stream: "BZh9", the blocks' bits, end magic, combined CRC. */
  static void frame(FSDataInputStream source, List<long[]> blocks, OutputStream out) throws IOException {
    out.write(new byte[] {'B', 'Z', 'h', '9'});
    BitOutput bits = new BitOutput(out);
    int combined = 0;
    byte[] crcBytes = new byte[5];
    for (long[] block : blocks) {
      long crcBit = block[0] + 48;
      source.readFully(crcBit >>> 3, crcBytes, 0, 5);
      long word = 0;
      for (byte b : crcBytes) {
        word = (word << 8) | (b & 0xff);
      }
      combined = Crc.combine(combined, (int) (word >>> (8 - (crcBit & 7))));
    }
    int i = 0;
    while (i < blocks.size()) {
      // a run of blocks that follow each other in the file is copied in one go
      int j = i;
      while (j + 1 < blocks.size() && blocks.get(j + 1)[0] == blocks.get(j)[1]) {
        j++;
      }
      long from = blocks.get(i)[0];
      long to = blocks.get(j)[1];
      source.seek(from >>> 3);
      bits.copy(source, (int) (from & 7), to - from);
      i = j + 1;
    }
    bits.write(24, Bz2BlockDecoder.END_MAGIC >>> 24);
    bits.write(24, Bz2BlockDecoder.END_MAGIC);
    bits.write(32, combined & 0xffffffffL);
    bits.finish();
  }
}
