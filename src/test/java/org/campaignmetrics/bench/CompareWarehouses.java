package org.campaignmetrics.bench;

import java.io.File;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/compare-warehouses.sh A B SNAPSHOT}: whether two warehouses hold the same datasets with
 * the same schemas and the same rows (as multisets: {@code exceptAll} both ways), whatever the
 * Parquet files' names, row order or footers. Prints one line per dataset; exits 1 on a difference.
 */
public final class CompareWarehouses {
  private CompareWarehouses() {}

  public static void main(String[] args) {
    String a = args[0];
    String b = args[1];
    String snapshot = args[2];
    TreeSet<String> names = new TreeSet<>();
    for (String root : List.of(a, b)) {
      File[] dirs = new File(root).listFiles(f -> f.isDirectory() && !f.getName().startsWith("_")
          && !f.getName().equals("csv") && new File(f, "snapshot=" + snapshot).isDirectory());
      for (File dir : dirs == null ? new File[0] : dirs) {
        names.add(dir.getName());
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("compare-warehouses")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    int differences = 0;
    for (String name : names) {
      String pathA = a + "/" + name + "/snapshot=" + snapshot;
      String pathB = b + "/" + name + "/snapshot=" + snapshot;
      if (!new File(pathA).isDirectory() || !new File(pathB).isDirectory()) {
        System.out.println(name + ": only in " + (new File(pathA).isDirectory() ? a : b));
        differences++;
        continue;
      }
      Dataset<Row> left = spark.read().parquet(pathA);
      Dataset<Row> right = spark.read().parquet(pathB);
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
    System.out.println(names.size() + " datasets compared, " + differences + " differ");
    System.exit(differences == 0 ? 0 : 1);
  }
}
