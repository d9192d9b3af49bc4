package org.campaignmetrics.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file://}, checksummed as before) that sets permissions
 * through {@code java.nio} instead of starting a {@code chmod} process. Without Hadoop's native
 * library, {@link RawLocalFileSystem} runs {@code chmod} for every file it creates and every
 * directory it makes: some 500 processes in an ingest of 71 dump files, each blocking its
 * task for milliseconds. {@link org.campaignmetrics.spark.SparkSessions} registers it as
 * {@code fs.file.impl} (a setting of the user's own wins). A mode {@code java.nio} cannot set
 * (sticky bit) or a file store without POSIX attributes goes to Hadoop's own way.
 *
 * <p>Hadoop keeps one {@code file://} file system per JVM (its cache is keyed by scheme and user,
 * not by settings): the first one made is the one every later caller gets. So work done before a
 * session exists (the participant lists {@code run} checks first) takes its settings from
 * {@link #configuration()}, never a bare {@code new Configuration()} (ArchitectureTest): once that
 * read had made Hadoop's own the JVM's, the sample's run started 693 {@code chmod} processes.
 */
public final class SpawnFreeLocalFileSystem extends LocalFileSystem {
  /** The Hadoop setting that chooses the class behind {@code file://}. */
  public static final String CONFIG_KEY = "fs.file.impl";

  /** Hadoop's settings for work without a session: its defaults, with {@code file://} this file system. */
  public static Configuration configuration() {
    Configuration conf = new Configuration();
    if (conf.get(CONFIG_KEY) == null) {
      conf.set(CONFIG_KEY, SpawnFreeLocalFileSystem.class.getName());
    }
    return conf;
  }

  public SpawnFreeLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (unchecksummed) layer with the permission change in-process. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission.toShort()));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }
  }

  /** The nine rwx bits of a mode such as {@code 0644}. */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = { // from 0400 down to 0001, the order of PosixFilePermission
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
