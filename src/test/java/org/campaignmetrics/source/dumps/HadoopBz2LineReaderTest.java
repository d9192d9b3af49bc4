package org.campaignmetrics.source.dumps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.campaignmetrics.testing.DumpFixtures;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple3;

/**
 * A bz2 file larger than a split is read by several tasks and every line reaches exactly
 * one of them: lines cross bz2 block boundaries (level 1 = 100 kB blocks) and split
 * boundaries, hold multi-byte UTF-8, and the file is two concatenated streams.
 */
class HadoopBz2LineReaderTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static List<String> lines(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder line = new StringBuilder("line ").append(i).append(' ');
      int words = rng.nextInt(40);
      for (int w = 0; w < words; w++) {
        line.append(w % 7 == 0 ? "Zoë—日本語 " : Long.toString(rng.nextLong(), 36)).append(' ');
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private List<Tuple3<Long, Long, String>> readAll(Path file, long splitBytes) {
    DumpFile dump = new DumpFile(file.toUri().toString().replace("file:///", "file:/"), "enwiki", "all-time",
        file.toFile().length(), file.toFile().lastModified());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Tuple3<Long, Long, String>> read = new ArrayList<>(new HadoopBz2LineReader(splitBytes)
        .mapPieces(jsc, List.of(dump), (f, start, cursor) -> {
          List<Tuple3<Long, Long, String>> out = new ArrayList<>();
          long n = 0;
          while (cursor.next()) {
            out.add(new Tuple3<>(start, n++, new String(cursor.bytes(), cursor.offset(), cursor.length(), StandardCharsets.UTF_8)));
          }
          return out.iterator();
        }).collect());
    read.sort(Comparator.comparing((Tuple3<Long, Long, String> t) -> t._1()).thenComparing(Tuple3::_2));
    return read;
  }

  @Test
  void multiBlockMultiStreamFileReadInPiecesLosesAndDuplicatesNothing() throws IOException {
    List<String> first = lines(6_000, 1);
    List<String> second = lines(4_000, 2);
    Path file = DumpFixtures.writeBz2(dir.resolve("multi.tsv.bz2"), 1, first, second);
    long size = Files.size(file);
    assertTrue(size > 200_000, "fixture spans several bz2 blocks: " + size);

    long splitBytes = 16 * 1024;
    List<Tuple3<Long, Long, String>> read = readAll(file, splitBytes);
    long pieces = read.stream().map(Tuple3::_1).distinct().count();
    assertTrue(pieces >= 4, "read by several tasks, got " + pieces + " pieces");

    List<String> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertEquals(expected.size(), read.size());
    assertEquals(expected, read.stream().map(Tuple3::_3).toList());
  }

  @Test
  void aTruncatedFileFailsNamingIt() throws IOException {
    Path file = DumpFixtures.writeBz2(dir.resolve("cut.tsv.bz2"), 1, lines(3_000, 3));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Exception e = assertThrows(Exception.class, () -> readAll(file, 1L << 26));
    assertEquals(file.getFileName().toString(),
        Path.of(java.net.URI.create(DumpIngest.unreadableFile(e))).getFileName().toString());
  }

  @Test
  void aCorruptBlockFailsNamingIt() throws IOException {
    Path file = DumpFixtures.writeBz2(dir.resolve("corrupt.tsv.bz2"), 1, lines(3_000, 4));
    byte[] bytes = Files.readAllBytes(file);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(file, bytes);
    Exception e = assertThrows(Exception.class, () -> readAll(file, 1L << 26));
    assertTrue(DumpIngest.unreadableFile(e).endsWith("corrupt.tsv.bz2"), DumpIngest.unreadableFile(e));
  }
}
