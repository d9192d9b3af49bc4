package org.campaignmetrics.source.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.campaignmetrics.source.dumps.bz2.MagicScanner;
import org.campaignmetrics.source.dumps.bz2.NativeBz2;
import org.campaignmetrics.testing.DumpFixtures;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple3;

/**
 * The block-parallel decoder: every line reaches exactly one piece whatever the boundaries —
 * blocks that end inside a line or inside a multi-byte UTF-8 character, pieces smaller than a
 * block, concatenated streams, a last line without a newline — and a bad block names its bit.
 */
class BlockBz2LineReaderTest extends SparkTestBase {
  @TempDir
  Path dir;

  /** Set when the test asked for the native tool: it must then have run (bin/test installs lbzip2). */
  private boolean nativeAsked;
  private long nativeStartedBefore;

  private BlockBz2LineReader reader(long splitBytes, boolean nativeTool) {
    if (nativeTool && !nativeAsked) {
      assertNotNull(NativeBz2.findTool(), "no lbzip2 or bzip2 on PATH: the native path cannot be tested "
          + "(bin/test installs lbzip2)");
      nativeAsked = true;
      nativeStartedBefore = NativeBz2.processesStarted();
    }
    return new BlockBz2LineReader(splitBytes, nativeTool);
  }

  @AfterEach
  void theNativeToolRanWhereAsked() {
    if (nativeAsked) {
      assertTrue(NativeBz2.processesStarted() > nativeStartedBefore,
          "a native reader was asked for, but no " + NativeBz2.findTool() + " process was started");
    }
  }

  /** Lines mostly of 3-byte characters, some longer than a 100 kB block. */
  private static List<String> lines(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder("行").append(i).append('\t');
      int chars = i % 197 == 5 ? 40_000 : rng.nextInt(300);
      for (int c = 0; c < chars; c++) {
        line.append((char) (0x4e00 + rng.nextInt(2000)));
        if (c % 11 == 0) {
          line.append(Long.toString(rng.nextLong(), 36));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private List<String> read(DumpLineReader reader, Path file) {
    DumpFile dump = new DumpFile("file:" + file, "enwiki", "all-time", file.toFile().length(), 0);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Tuple3<Long, Long, String>> read = new ArrayList<>(reader.mapPieces(jsc, List.of(dump), (f, start, cursor) -> {
      List<Tuple3<Long, Long, String>> out = new ArrayList<>();
      long n = 0;
      while (cursor.next()) {
        out.add(new Tuple3<>(start, n++, new String(cursor.bytes(), cursor.offset(), cursor.length(),
            StandardCharsets.UTF_8)));
      }
      return out.iterator();
    }).collect());
    read.sort(Comparator.comparing((Tuple3<Long, Long, String> t) -> t._1()).thenComparing(Tuple3::_2));
    return read.stream().map(Tuple3::_3).toList();
  }

  /** Bit offsets of every block magic in the file. */
  private static List<Long> blockStarts(Path file) throws IOException {
    List<Long> starts = new ArrayList<>();
    long from = 0;
    while (true) {
      try (InputStream in = Files.newInputStream(file)) {
        in.skipNBytes(from);
        MagicScanner.Found found = MagicScanner.next(in, from, Long.MAX_VALUE, true);
        if (found == null) {
          return starts;
        }
        starts.add(found.bit());
        from = (found.bit() >>> 3) + 1;
      }
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"9999, false", "1048576, false", "9999, true", "40000, true"})
  void everyLineOnceWhateverThePieceSize(long splitBytes, boolean nativeTool) throws IOException {
    List<String> first = lines(2_000, 1);
    List<String> second = lines(1_000, 2);
    Path file = DumpFixtures.writeBz2(dir.resolve("multi.tsv.bz2"), 1, first, second);
    List<Long> blocks = blockStarts(file);
    assertTrue(blocks.size() >= 8, "fixture has many blocks: " + blocks.size());
    List<String> expected = new ArrayList<>(first);
    expected.addAll(second);
    List<String> read = read(reader(splitBytes, nativeTool), file);
    assertEquals(expected.size(), read.size());
    assertEquals(expected, read);
  }

  @Test
  void blockBoundariesFallInsideLinesAndInsideCharacters() throws IOException {
    // Decode block by block with a piece per block: a piece's first bytes show where its block starts.
    List<String> lines = lines(2_000, 3);
    Path file = DumpFixtures.writeBz2(dir.resolve("chars.tsv.bz2"), 1, lines);
    byte[] all = String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8);
    List<Long> blocks = blockStarts(file);
    int insideLine = 0;
    int insideChar = 0;
    long uncompressed = 0;
    try (InputStream in = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
        Files.newInputStream(file))) {
      // block sizes are not known from outside: find each block's first byte by decoding it alone
      org.campaignmetrics.source.dumps.bz2.Bz2BlockDecoder decoder = new org.campaignmetrics.source.dumps.bz2.Bz2BlockDecoder();
      for (long bit : blocks) {
        try (InputStream raw = Files.newInputStream(file)) {
          raw.skipNBytes(bit >>> 3);
          org.campaignmetrics.source.dumps.bz2.BitInput bits = new org.campaignmetrics.source.dumps.bz2.BitInput(raw, bit >>> 3);
          bits.skipTo(bit);
          bits.bits48();
          org.campaignmetrics.source.dumps.bz2.ByteSink sink = new org.campaignmetrics.source.dumps.bz2.ByteSink(1 << 20);
          decoder.decode(bits, sink, bit);
          if (uncompressed > 0) {
            if (all[(int) uncompressed - 1] != '\n') {
              insideLine++;
            }
            if ((all[(int) uncompressed] & 0xc0) == 0x80) {
              insideChar++;
            }
          }
          uncompressed += sink.size();
        }
      }
      assertEquals(all.length, uncompressed, "the blocks decoded one by one make the whole file");
      assertEquals(all.length, in.readAllBytes().length);
    }
    assertTrue(insideLine > 0, "some block starts inside a line");
    assertTrue(insideChar > 0, "some block starts inside a UTF-8 character");
    assertEquals(lines, read(reader(30_000, false), file));
    assertEquals(lines, read(reader(30_000, true), file));
  }

  @Test
  void aLastLineWithoutNewlineIsKept() throws IOException {
    Path file = dir.resolve("nonl.tsv.bz2");
    try (var out = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(
        Files.newOutputStream(file), 1)) {
      out.write("a\nb\nlast".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(List.of("a", "b", "last"), read(reader(1 << 20, false), file));
    assertEquals(List.of("a", "b", "last"), read(reader(1 << 20, true), file));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCorruptBlockFailsNamingTheFileAndTheBlocksBitOffset(boolean nativeTool) throws IOException {
    Path file = DumpFixtures.writeBz2(dir.resolve("corrupt.tsv.bz2"), 1, lines(2_000, 4));
    List<Long> blocks = blockStarts(file);
    byte[] bytes = Files.readAllBytes(file);
    long target = blocks.get(blocks.size() / 2) + 2_000 * 8; // inside a block, after its header
    bytes[(int) (target >>> 3)] ^= 0x10;
    Files.write(file, bytes);
    long expectedBlock = blocks.stream().filter(b -> b <= target).max(Long::compare).orElseThrow();
    Exception e = assertThrows(Exception.class, () -> read(reader(1 << 20, nativeTool), file));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("unreadable dump file: file:" + file), message);
    assertTrue(message.contains("corrupt bz2 block at bit " + expectedBlock), message + " / expected " + expectedBlock);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTruncatedFileFailsNamingIt(boolean nativeTool) throws IOException {
    Path file = DumpFixtures.writeBz2(dir.resolve("cut.tsv.bz2"), 1, lines(2_000, 5));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Exception e = assertThrows(Exception.class, () -> read(reader(1 << 20, nativeTool), file));
    assertTrue(DumpIngest.unreadableFile(e).endsWith("cut.tsv.bz2"), String.valueOf(e.getMessage()));
  }

  /**
   * lbzip2 and bzip2 stop at bytes after a stream's end that start no stream, and succeed: the
   * reader must fail instead, as the Java decoder does, wherever the garbage is, and name its bit.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"between, false", "between, true", "after, false", "after, true"})
  void garbageAfterAStreamFailsNamingItsBit(String where, boolean nativeTool) throws IOException {
    Path first = DumpFixtures.writeBz2(dir.resolve("a.tsv.bz2"), 1, lines(300, 6));
    Path second = DumpFixtures.writeBz2(dir.resolve("b.tsv.bz2"), 1, lines(300, 7));
    byte[] a = Files.readAllBytes(first);
    byte[] b = Files.readAllBytes(second);
    byte[] garbage = "not bz2".getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
    joined.write(a);
    if (where.equals("between")) {
      joined.write(garbage);
      joined.write(b);
    } else {
      joined.write(b);
      joined.write(garbage);
    }
    Path file = Files.write(dir.resolve("garbage.tsv.bz2"), joined.toByteArray());
    long garbageBit = (where.equals("between") ? a.length : a.length + b.length) * 8L;
    Exception e = assertThrows(Exception.class, () -> read(reader(1 << 20, nativeTool), file));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("unreadable dump file: file:" + file), message);
    assertTrue(message.contains("at bit " + garbageBit) && message.contains("garbage after the end of a bz2 stream"),
        message + " / expected bit " + garbageBit);
  }

  @Test
  void wholeStreamsOneAfterTheOtherPassTheNativeReadersCheck() throws IOException {
    List<String> first = lines(300, 8);
    List<String> second = lines(200, 9);
    Path file = DumpFixtures.writeBz2(dir.resolve("two.tsv.bz2"), 1, first, second, List.of());
    List<String> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertEquals(expected, read(reader(1 << 20, true), file));
    assertEquals(expected, read(reader(1 << 20, false), file));
  }
}
