package org.campaignmetrics.model;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code campaignevents_stats}: every CampaignEvents row read, counted under one outcome per table. */
public final class CampaignEventsStats {
  public static final String NAME = "campaignevents_stats";

  public static final String TABLE_NAME = "table_name";
  public static final String OUTCOME = "outcome";
  public static final String ROWS = "rows";

  public static final StructType SCHEMA = new StructType()
      .add(TABLE_NAME, DataTypes.StringType, false)
      .add(OUTCOME, DataTypes.StringType, false)
      .add(ROWS, DataTypes.LongType, false);

  private CampaignEventsStats() {}
}
