package org.campaignmetrics.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.dumps.DumpLayout;
import org.campaignmetrics.spark.SparkSessions;

/**
 * The naive baseline of bench/ingest.sh: Spark's built-in CSV reader on the bz2 files (Hadoop's
 * codec, default splits), all 78 columns as text, the edits projection cast and written as
 * Parquet by wiki. No rejects, no line numbers, no users: it does less than our ingest.
 * Usage: NaiveCsvIngest OUTPUT_DIR FILE...
 */
public final class NaiveCsvIngest {
  private NaiveCsvIngest() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSessions.create("naive csv ingest", null, List.of());
    StructType schema = new StructType();
    for (DumpLayout.Column column : DumpLayout.Column.values()) {
      schema = schema.add(column.dumpName(), DataTypes.StringType);
    }
    String[] files = java.util.Arrays.copyOfRange(args, 1, args.length);
    Dataset<Row> lines = spark.read().option("sep", "\t").option("quote", "").option("escape", "")
        .schema(schema).csv(files);
    Dataset<Row> edits = lines.where(col("event_entity").equalTo("revision")).select(
        col("revision_id").try_cast(DataTypes.LongType).as("revision_id"),
        col("event_timestamp").try_cast(DataTypes.TimestampType).as("event_ts"),
        col("event_user_id").try_cast(DataTypes.LongType).as("user_id"),
        col("event_user_central_id").try_cast(DataTypes.LongType).as("user_central_id"),
        col("event_user_text").as("user_name"),
        col("event_user_is_anonymous").try_cast(DataTypes.BooleanType).as("user_is_anonymous"),
        col("event_user_is_temporary").try_cast(DataTypes.BooleanType).as("user_is_temporary"),
        coalesce(size(split(col("event_user_is_bot_by"), ",")).gt(0), lit(false)).as("user_is_bot"),
        col("page_id").try_cast(DataTypes.LongType).as("page_id"),
        col("page_namespace_historical").try_cast(DataTypes.IntegerType).as("page_namespace"),
        col("page_namespace_is_content_historical").try_cast(DataTypes.BooleanType).as("page_namespace_is_content"),
        when(col("revision_parent_id").equalTo("0"), true).otherwise(false).as("is_page_creation"),
        col("revision_text_bytes_diff").try_cast(DataTypes.LongType).as("bytes_diff"),
        col("page_is_deleted").try_cast(DataTypes.BooleanType).as("page_is_deleted"),
        col("revision_is_identity_reverted").try_cast(DataTypes.BooleanType).as("is_reverted"),
        col("wiki_db"));
    edits.write().mode(SaveMode.Overwrite).partitionBy("wiki_db").parquet(args[0]);
    spark.stop();
  }
}
