package org.campaignmetrics.source.dumps;

import java.io.Serializable;

/**
 * One dump file: {@code <root>/<snapshot>/<wiki>/<snapshot>.<wiki>.<bucket>.tsv.bz2}.
 *
 * @param path     fully qualified path (as Hadoop's FileSystem lists it)
 * @param wiki     the wiki named by the file
 * @param bucket   {@code YYYY-MM}, {@code YYYY} or {@code all-time}
 * @param bytes    size of the file
 * @param modified modification time, ms since the epoch (with the size, tells a re-downloaded file)
 */
public record DumpFile(String path, String wiki, String bucket, long bytes, long modified)
    implements Serializable {

  /** File name only: what users see in logs and in ingest_stats. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** Identity for resumable staging: the same name, size and mtime is the same input. */
  public String fingerprint() {
    return name() + ":" + bytes + ":" + modified;
  }
}
