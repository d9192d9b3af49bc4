package org.campaignmetrics.model;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * {@code events}: one row per CampaignEvents event kept (test and deleted events dropped), with
 * its decoded types, meeting type, wikis and country; docs/datasets.md. The vocabulary below is
 * CampaignEvents' own (docs/metrics.md "Event goals"; CampaignEvents' {@code EventTypesRegistry}).
 */
public final class Events {
  public static final String NAME = "events";

  /** The wiki list's value for an event on every wiki ({@code ce_event_wikis.ceew_wiki}). */
  public static final String ALL_WIKIS_VALUE = "*all*";

  /** Event types by bit ({@code EventTypesRegistry}); 0 is {@code other}. */
  public static final Map<Integer, String> TYPE_BITS;
  /** The types of the "contributions" group: only these events may track contributions. */
  public static final List<String> CONTRIBUTION_TYPES =
      List.of("editing-event", "media-upload-event", "backlog-drive", "contest");

  static {
    Map<Integer, String> bits = new LinkedHashMap<>();
    bits.put(1, "editing-event");
    bits.put(2, "media-upload-event");
    bits.put(4, "backlog-drive");
    bits.put(8, "contest");
    bits.put(16, "workshop");
    bits.put(32, "training-seminar");
    bits.put(64, "meetup");
    bits.put(128, "hackathon");
    bits.put(256, "conference");
    TYPE_BITS = Collections.unmodifiableMap(bits);
  }

  public static final String EVENT_ID = "event_id";
  public static final String EVENT_NAME = "event_name";
  public static final String EVENT_PAGE_WIKI = "event_page_wiki";
  public static final String EVENT_PAGE = "event_page";
  public static final String EVENT_STATUS = "event_status";
  public static final String EVENT_TIMEZONE = "event_timezone";
  public static final String EVENT_START = "event_start";
  public static final String EVENT_END = "event_end";
  public static final String EVENT_TYPES_BITMASK = "event_types_bitmask";
  public static final String EVENT_TYPES = "event_types";
  public static final String TRACK_CONTRIBUTIONS = "track_contributions";
  public static final String MEETING_TYPE = "meeting_type";
  public static final String MEETING_TYPE_NAME = "meeting_type_name";
  public static final String COUNTRY_CODE = "country_code";
  public static final String WIKIS = "wikis";
  public static final String ALL_WIKIS = "all_wikis";
  public static final String TOPICS = "topics";
  public static final String HAS_GOAL = "has_goal";
  public static final String ELIGIBLE_FOR_CONTRIBUTION_STATISTICS = "eligible_for_contribution_statistics";
  public static final String INELIGIBILITY_REASON = "ineligibility_reason";

  public static final StructType SCHEMA = new StructType()
      .add(EVENT_ID, LongType, false)
      .add(EVENT_NAME, StringType, false)
      .add(EVENT_PAGE_WIKI, StringType, false)
      .add(EVENT_PAGE, StringType, false)
      .add(EVENT_STATUS, StringType, false)
      .add(EVENT_TIMEZONE, StringType, false)
      .add(EVENT_START, TimestampType, false)
      .add(EVENT_END, TimestampType, false)
      .add(EVENT_TYPES_BITMASK, IntegerType, false)
      .add(EVENT_TYPES, StringType, false)
      .add(TRACK_CONTRIBUTIONS, BooleanType, false)
      .add(MEETING_TYPE, IntegerType, false)
      .add(MEETING_TYPE_NAME, StringType)
      .add(COUNTRY_CODE, StringType)
      .add(WIKIS, StringType)
      .add(ALL_WIKIS, BooleanType, false)
      .add(TOPICS, StringType)
      .add(HAS_GOAL, BooleanType, false)
      .add(ELIGIBLE_FOR_CONTRIBUTION_STATISTICS, BooleanType)
      .add(INELIGIBILITY_REASON, StringType);

  private Events() {}
}
