package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * {@code event_contribution_summary}: CampaignEvents' contribution summary per event and
 * visibility; docs/datasets.md.
 */
public final class EventContributionSummary {
  public static final String NAME = "event_contribution_summary";

  public static final String EVENT_ID = "event_id";
  public static final String VISIBILITY = "visibility";
  public static final String PARTICIPANTS = "participants";
  public static final String WIKIS = "wikis";
  public static final String ARTICLES_CREATED = "articles_created";
  public static final String ARTICLES_EDITED = "articles_edited";
  public static final String EDITS = "edits";
  public static final String BYTES_ADDED = "bytes_added";
  public static final String BYTES_REMOVED = "bytes_removed";
  public static final String LINKS_ADDED = "links_added";
  public static final String LINKS_REMOVED = "links_removed";

  public static final StructType SCHEMA = new StructType()
      .add(EVENT_ID, LongType, false)
      .add(VISIBILITY, StringType, false)
      .add(PARTICIPANTS, LongType, false)
      .add(WIKIS, LongType, false)
      .add(ARTICLES_CREATED, LongType, false)
      .add(ARTICLES_EDITED, LongType, false)
      .add(EDITS, LongType, false)
      .add(BYTES_ADDED, LongType, false)
      .add(BYTES_REMOVED, LongType, false)
      .add(LINKS_ADDED, LongType, false)
      .add(LINKS_REMOVED, LongType, false);

  private EventContributionSummary() {}
}
