package org.campaignmetrics.cli;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.sample.SampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Write synthetic history dumps in the real layout and 78-column encoding "
        + "(<out>/mediawiki_history/<snapshot>/…) and the sample campaigns' participant lists "
        + "(<out>/participants/). Deterministic by seed; size grows linearly with --scale."})
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write (created if missing).")
  Path out;

  @Option(names = "--scale", defaultValue = "1", paramLabel = "N",
      description = "Size multiplier: 1 is about 16 k lines (~1 MB of bz2); lines grow linearly (default ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--snapshot", defaultValue = "2026-09", paramLabel = "YYYY-MM",
      description = "Snapshot the dumps belong to; history runs from 2024-01 to its month (default ${DEFAULT-VALUE}).")
  String snapshot;

  @Option(names = "--threads", paramLabel = "N", description = "Files compressed in parallel (default: the cores).")
  Integer threads;

  @Override
  public Integer call() {
    if (scale < 1) {
      throw new ConfigException("--scale: must be 1 or more");
    }
    if (!snapshot.matches("\\d{4}-\\d{2}")) {
      throw new ConfigException("--snapshot: '" + snapshot + "' is not a month in the form YYYY-MM");
    }
    YearMonth month = YearMonth.parse(snapshot);
    if (month.isBefore(SampleGenerator.FIRST_MONTH.plusMonths(12))) {
      throw new ConfigException("--snapshot: must be " + SampleGenerator.FIRST_MONTH.plusMonths(12) + " or later");
    }
    long started = System.nanoTime();
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    System.err.println("sample: writing scale " + scale + ", seed " + seed + " to " + out + " …");
    long lines = new SampleGenerator(out, scale, seed, month).generate(cores);
    System.out.println(SampleGenerator.describe(lines, out) + String.format(" in %.0f s",
        (System.nanoTime() - started) / 1e9));
    return Main.OK;
  }
}
