package org.campaignmetrics.job;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.Config.HistoryConfig;
import org.campaignmetrics.source.HistoryRequest;
import org.campaignmetrics.source.HistorySource;
import org.campaignmetrics.source.dumps.BlockBz2LineReader;
import org.campaignmetrics.source.dumps.DumpIngest;
import org.campaignmetrics.source.dumps.DumpLineReader;
import org.campaignmetrics.source.dumps.HadoopBz2LineReader;
import org.campaignmetrics.source.replicas.ReplicaIngest;
import org.campaignmetrics.source.table.HistoryTableSource;

/**
 * The one registry of history sources: each value of {@code history.source} and the
 * {@link HistorySource} that reads it. A new source is one line here (docs/architecture.md).
 */
public final class HistorySources {
  private static final Map<HistoryConfig.Source, Function<HistoryRequest, HistorySource>> SOURCES =
      new EnumMap<>(HistoryConfig.Source.class);

  static {
    SOURCES.put(HistoryConfig.Source.DUMPS, request -> new DumpIngest(request, reader(request.config())));
    SOURCES.put(HistoryConfig.Source.TABLE, HistoryTableSource::new);
    SOURCES.put(HistoryConfig.Source.REPLICAS, ReplicaIngest::new);
  }

  private HistorySources() {}

  /** The source {@code history.source} names, ready to ingest the request. */
  public static HistorySource of(HistoryRequest request) {
    HistoryConfig.Source kind = request.config().history().source();
    Function<HistoryRequest, HistorySource> factory = SOURCES.get(kind);
    if (factory == null) {
      throw new IllegalStateException("history.source " + kind + " has no reader (registered: " + SOURCES.keySet()
          + ")");
    }
    return factory.apply(request);
  }

  /** The dumps' line reader {@code ingest.decoder} and {@code ingest.split_mb} ask for. */
  static DumpLineReader reader(Config config) {
    long splitBytes = (long) config.ingest().splitMb() << 20;
    return switch (config.ingest().decoder()) {
      case HADOOP -> new HadoopBz2LineReader(splitBytes);
      case JAVA -> new BlockBz2LineReader(splitBytes, false);
      case AUTO -> new BlockBz2LineReader(splitBytes, true);
    };
  }
}
