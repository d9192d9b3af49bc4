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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.campaignmetrics.cli.Main;
import org.campaignmetrics.testing.ChildJvm;
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

  /**
   * The whole command as users start it, in a JVM of its own (the file system Hadoop caches per
   * JVM is the first one made): with a {@code chmod} on PATH that records each call, the sample's
   * run starts none. {@code run} reads the participant lists before the session exists; when that
   * read made the JVM's {@code file://} file system Hadoop's own, every later file and directory
   * cost a {@code chmod} process (693 in the sample's run).
   */
  @Test
  void aCommandInItsOwnJvmStartsNoChmodProcess() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path calls = dir.resolve("chmod-calls.txt");
    Path chmod = bin.resolve("chmod");
    Files.writeString(chmod, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec /bin/chmod \"$@\"\n");
    assertTrue(chmod.toFile().setExecutable(true));
    List<String> command = new ArrayList<>(ChildJvm.command("2g"));
    command.addAll(List.of("-Duser.timezone=UTC", "-Dlog4j.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        Main.class.getName(), "run", "--config", "conf/sample.yaml", "--warehouse",
        dir.resolve("warehouse").toString(), "--conf", "spark.ui.enabled=false"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the run did not end in 5 minutes");
    assertEquals(0, process.exitValue(), Files.readString(dir.resolve("out.txt")));
    assertTrue(Files.readString(dir.resolve("out.txt")).contains("55 files read"), "the ingest ran");
    assertEquals("", Files.exists(calls) ? Files.readString(calls) : "", "chmod processes started");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
