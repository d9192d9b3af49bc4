package org.campaignmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system the sessions use: the modes Hadoop's own would set, without a process. */
class SpawnFreeLocalFileSystemTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void modesMapBitForBit() {
    assertEquals("rw-r--r--", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0644)));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0755)));
    assertEquals("rw-r-----", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0640)));
    assertEquals("-w---x--x", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0211)));
    assertEquals("---------", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0)));
    assertEquals("rwxrwxrwx", PosixFilePermissions.toString(SpawnFreeLocalFileSystem.posix(0777)));
  }

  @Test
  void theSessionsUseItForFileUris() {
    assertEquals(SpawnFreeLocalFileSystem.class.getName(),
        spark.sparkContext().hadoopConfiguration().get(SpawnFreeLocalFileSystem.CONFIG_KEY));
  }

  @Test
  void createdFilesAndDirectoriesGetTheUmaskedModesAndChecksums() throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027");
    FileSystem fs = new SpawnFreeLocalFileSystem();
    fs.initialize(URI.create("file:///"), conf);
    org.apache.hadoop.fs.Path sub = new org.apache.hadoop.fs.Path(dir.resolve("a/b").toString());
    assertTrue(fs.mkdirs(sub));
    assertEquals("rwxr-x---", mode(dir.resolve("a/b")));
    assertEquals("rwxr-x---", mode(dir.resolve("a")));

    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(sub, "f.txt");
    try (OutputStream out = fs.create(file, true)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r-----", mode(dir.resolve("a/b/f.txt")));
    assertTrue(Files.exists(dir.resolve("a/b/.f.txt.crc")), "still a checksummed file system");
    assertEquals("hello", new String(Files.readAllBytes(dir.resolve("a/b/f.txt")), StandardCharsets.UTF_8));

    fs.setPermission(file, new FsPermission((short) 0600));
    assertEquals("rw-------", mode(dir.resolve("a/b/f.txt")));
    assertEquals(new FsPermission((short) 0600), fs.getFileStatus(file).getPermission());
    assertInstanceOf(SpawnFreeLocalFileSystem.Raw.class, ((SpawnFreeLocalFileSystem) fs).getRawFileSystem());
    fs.close();
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
