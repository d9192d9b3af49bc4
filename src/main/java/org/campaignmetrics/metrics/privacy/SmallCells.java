package org.campaignmetrics.metrics.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.RetentionCells;

/**
 * Censoring and small-cell suppression of a retention table, then its rate
 * (docs/metrics.md "Censoring", "Small cells"): a censored window has null retained and rate;
 * a count c with 0 &lt; c &lt; min_cell_size is null and its row suppressed; when cohort_size is
 * suppressed retained and rate are null too; zero is published as zero; a rate is computed
 * only from published counts.
 */
public final class SmallCells {
  public static final String COHORT_SIZE = RetentionCells.COHORT_SIZE;
  public static final String RETAINED = RetentionCells.RETAINED;
  public static final String RATE = RetentionCells.RATE;
  public static final String CENSORED = RetentionCells.CENSORED;
  public static final String SUPPRESSED = RetentionCells.SUPPRESSED;

  private SmallCells() {}

  static Column small(Column count, int minCellSize) {
    return count.gt(0).and(count.lt(minCellSize));
  }

  /** Input: cohort_size, retained (raw counts), censored; output adds rate and suppressed. */
  public static Dataset<Row> apply(Dataset<Row> table, int minCellSize) {
    Columns.require(table, COHORT_SIZE, RETAINED, CENSORED);
    Column sizeSmall = small(col(COHORT_SIZE), minCellSize);
    Column retainedSmall = small(col(RETAINED), minCellSize).and(col(CENSORED).equalTo(false));
    Column suppressed = sizeSmall.or(retainedSmall);
    Column size = when(sizeSmall, lit(null).cast(DataTypes.LongType)).otherwise(col(COHORT_SIZE));
    Column retained = when(col(CENSORED).or(sizeSmall).or(retainedSmall), lit(null).cast(DataTypes.LongType))
        .otherwise(col(RETAINED));
    return table
        .withColumn(SUPPRESSED, suppressed)
        .withColumn("published_size", size)
        .withColumn("published_retained", retained)
        .withColumn(RATE, when(col("published_retained").isNotNull().and(col("published_size").gt(0)),
            col("published_retained").cast(DataTypes.DoubleType).divide(col("published_size"))))
        .drop(COHORT_SIZE, RETAINED)
        .withColumnRenamed("published_size", COHORT_SIZE)
        .withColumnRenamed("published_retained", RETAINED);
  }
}
