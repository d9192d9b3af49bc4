package org.campaignmetrics.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code events}: one row per CampaignEvents event kept (test and deleted events dropped), with
 * its decoded types, meeting type, wikis and country; docs/datasets.md. The vocabulary below is
 * CampaignEvents' own (docs/metrics.md "Event goals"; CampaignEvents' {@code EventTypesRegistry}).
 */
public final class Events {
  public static final String NAME = "events";

  /** The wiki list's value for an event on every wiki. */
  public static final String ALL_WIKIS = "*all*";

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

  private Events() {}
}
