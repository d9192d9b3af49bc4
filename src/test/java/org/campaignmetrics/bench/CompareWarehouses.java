package org.campaignmetrics.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/compare-warehouses.sh A B SNAPSHOT}: whether two warehouses hold the same datasets with
 * the same schemas and the same rows (as multisets: {@code exceptAll} both ways), whatever the
 * Parquet files' names, row order or footers, and the same CSV copies byte for byte. The datasets
 * are the folders with a {@code snapshot=S} partition at the top and under {@code internal/}; the
 * report's pages are not compared (they carry the commit's time). A and B are local paths or any
 * Hadoop file system's URIs ({@code hdfs://…}: jobs/smoke-standalone-cluster.sh). Prints one line
 * per dataset; exits 1 on a difference.
 */
public final class CompareWarehouses {
  private CompareWarehouses() {}

  public static void main(String[] args) throws IOException {
    String a = args[0];
    String b = args[1];
    String snapshot = args[2];
    Configuration conf = new Configuration();
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> csvs = new TreeSet<>();
    for (String root : List.of(a, b)) {
      FileSystem fs = new Path(root).getFileSystem(conf);
      for (String parent : List.of("", "internal/")) {
        Path dir = new Path(root + "/" + parent);
        if (!fs.isDirectory(dir)) {
          continue;
        }
        for (FileStatus status : fs.listStatus(dir)) {
          String name = status.getPath().getName();
          if (status.isDirectory() && !name.startsWith("_") && !List.of("csv", "report", "internal").contains(name)
              && fs.isDirectory(new Path(status.getPath(), "snapshot=" + snapshot))) {
            names.add(parent + name);
          }
        }
      }
      Path csv = new Path(root + "/csv");
      if (fs.isDirectory(csv)) {
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(csv, true);
        while (files.hasNext()) {
          Path file = files.next().getPath();
          if (file.getName().endsWith(".csv")) {
            csvs.add(file.toUri().getPath().substring(csv.toUri().getPath().length() + 1));
          }
        }
      }
    }
    int differences = 0;
    int csvSame = 0;
    for (String file : csvs) {
      Path pathA = new Path(a + "/csv/" + file);
      Path pathB = new Path(b + "/csv/" + file);
      if (Arrays.equals(bytes(pathA, conf), bytes(pathB, conf))) {
        csvSame++;
      } else {
        System.out.println("csv differs: " + file);
        differences++;
      }
    }
    System.out.println("csv: " + csvSame + " identical, " + (csvs.size() - csvSame) + " different");
    SparkSession spark = SparkSession.builder().master("local[2]").appName("compare-warehouses")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    for (String name : names) {
      Path pathA = new Path(a + "/" + name + "/snapshot=" + snapshot);
      Path pathB = new Path(b + "/" + name + "/snapshot=" + snapshot);
      boolean inA = pathA.getFileSystem(conf).isDirectory(pathA);
      boolean inB = pathB.getFileSystem(conf).isDirectory(pathB);
      if (!inA || !inB) {
        System.out.println(name + ": only in " + (inA ? a : b));
        differences++;
        continue;
      }
      Dataset<Row> left = spark.read().parquet(pathA.toString());
      Dataset<Row> right = spark.read().parquet(pathB.toString());
      if (!left.schema().equals(right.schema())) {
        System.out.println(name + ": schemas differ\n  " + left.schema().simpleString() + "\n  "
            + right.schema().simpleString());
        differences++;
        continue;
      }
      long rows = left.count();
      long onlyLeft = left.exceptAll(right).count();
      long onlyRight = right.exceptAll(left).count();
      boolean same = onlyLeft == 0 && onlyRight == 0 && rows == right.count();
      System.out.println(name + ": " + rows + " rows, " + (same ? "identical" : onlyLeft + " only in A, " + onlyRight
          + " only in B"));
      differences += same ? 0 : 1;
    }
    spark.stop();
    System.out.println(names.size() + " datasets and " + csvs.size() + " CSV files compared, " + differences
        + " differ");
    System.exit(differences == 0 ? 0 : 1);
  }

  /** The file's bytes, or none when it is missing (so that a file on one side only differs). */
  private static byte[] bytes(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      return null;
    }
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }
}
