package org.campaignmetrics.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.format.FormatException;
import org.campaignmetrics.format.campaignevents.GoalBlob;
import org.campaignmetrics.format.dumps.DumpLineDecoder;
import org.campaignmetrics.format.mariadb.BatchTsv;
import org.campaignmetrics.source.dumps.bz2.BitInput;
import org.campaignmetrics.source.dumps.bz2.Bz2BlockDecoder;
import org.campaignmetrics.source.dumps.bz2.ByteSink;

/**
 * Issue 17, item 8: fuzz targets for the parsers that read what users hand us. Each may end only
 * in a result or in our own error type; anything else (an index out of bounds, a null pointer, a
 * stack overflow) is a crash Jazzer reports. Without {@code JAZZER_FUZZ} each target runs its
 * seeds (src/test/resources/org/campaignmetrics/fuzz/FuzzTargetsTestInputs/<target>/, found
 * inputs among them) as a regression test; {@code bench/fuzz.sh} fuzzes each for longer.
 */
class FuzzTargetsTest {
  @FuzzTest(maxDuration = "30s")
  void dumpLineDecoder(byte[] line) {
    DumpLineDecoder decoder = new DumpLineDecoder("enwiki");
    DumpLineDecoder.Kind kind = decoder.decode(line, line.length);
    if (kind == null) {
      throw new IllegalStateException("no kind for a line");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void bz2BlockDecoder(byte[] block) {
    // a block as it follows its 48-bit magic in a file: the decoder must end in a Bz2FormatException
    BitInput in = new BitInput(new ByteArrayInputStream(block), 0);
    try {
      new Bz2BlockDecoder().decode(in, new ByteSink(1 << 16), 0);
    } catch (IOException expected) {
      // Bz2FormatException (corrupt) or EOFException (truncated): our errors for a damaged file
    }
  }

  @FuzzTest(maxDuration = "30s")
  void goalBlobParser(byte[] blob) {
    try {
      GoalBlob.parse(new String(blob, java.nio.charset.StandardCharsets.UTF_8));
    } catch (GoalBlob.BadGoal expected) {
      // the event's error column
    }
  }

  @FuzzTest(maxDuration = "30s")
  void batchTsvReader(FuzzedDataProvider data) {
    try {
      BatchTsv.unescape(data.consumeRemainingAsString(), "fuzz line 1");
    } catch (FormatException expected) {
      // names the line
    }
  }

  @FuzzTest(maxDuration = "30s")
  void configLoader(byte[] yaml) {
    try {
      ConfigLoader.parse(new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
    } catch (ConfigException expected) {
      // names the key
    }
  }
}
