package org.campaignmetrics.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * Every dataset the job writes, by name, with its schema (without the {@code snapshot} partition
 * column): the contract that docs/datasets.md describes column by column and that readers
 * (notebooks, dashboards, DDL) may rely on. {@code SampleRunTest} checks that what a run writes
 * has exactly these schemas.
 */
public final class Datasets {
  /** The canonical staged datasets (the contract between sources and metrics). */
  public static final Map<String, StructType> STAGED = new LinkedHashMap<>();
  /** The aggregates published for everyone (and as CSV). */
  public static final Map<String, StructType> PUBLIC = new LinkedHashMap<>();
  /**
   * Per-person and private-inclusive datasets, under {@code <warehouse>/internal/} (Parquet only):
   * {@code ingest_rejects} always (the raw lines, with the names in them: the counts must add up),
   * the others only with {@code privacy.internal_outputs}. The goal tables' twins there have the
   * public schema and also the rows of visibility {@code all} (private registrants counted).
   */
  public static final Map<String, StructType> INTERNAL = new LinkedHashMap<>();

  static {
    STAGED.put(Edits.NAME, Edits.SCHEMA);
    STAGED.put(Users.NAME, Users.SCHEMA);
    STAGED.put(GlobalUsers.NAME, GlobalUsers.SCHEMA);
    PUBLIC.put(IngestStats.NAME, IngestStats.SCHEMA);
    PUBLIC.put(RetentionSummary.NAME, RetentionSummary.SCHEMA);
    PUBLIC.put(RetentionRollup.NAME, RetentionRollup.SCHEMA);
    PUBLIC.put(RetentionCurve.NAME, RetentionCurve.SCHEMA);
    PUBLIC.put(RetentionByWiki.NAME, RetentionByWiki.SCHEMA);
    PUBLIC.put(Campaigns.NAME, Campaigns.SCHEMA);
    PUBLIC.put(Events.NAME, Events.SCHEMA);
    PUBLIC.put(EventContributionSummary.NAME, EventContributionSummary.SCHEMA);
    PUBLIC.put(EventGoalProgress.NAME, EventGoalProgress.SCHEMA);
    for (String dimension : GoalOutcomesBy.DIMENSIONS) {
      PUBLIC.put(GoalOutcomesBy.name(dimension), GoalOutcomesBy.schema(dimension));
    }
    PUBLIC.put(CampaignEventsStats.NAME, CampaignEventsStats.SCHEMA);
    INTERNAL.put(IngestRejects.NAME, IngestRejects.SCHEMA);
    INTERNAL.put(Participants.NAME, Participants.PUBLISHED);
    INTERNAL.put(ParticipantRetention.NAME, ParticipantRetention.SCHEMA);
    INTERNAL.put(EventContributionSummary.NAME, EventContributionSummary.SCHEMA);
    INTERNAL.put(EventGoalProgress.NAME, EventGoalProgress.SCHEMA);
    for (String dimension : GoalOutcomesBy.DIMENSIONS) {
      INTERNAL.put(GoalOutcomesBy.name(dimension), GoalOutcomesBy.schema(dimension));
    }
    INTERNAL.put(GoalOutcomesBy.name(GoalOutcomesBy.ORGANIZER), GoalOutcomesBy.schema(GoalOutcomesBy.ORGANIZER));
  }

  private Datasets() {}

  /** The datasets of the internal tree that {@code retention} writes. */
  public static final List<String> INTERNAL_RETENTION = List.of(Participants.NAME, ParticipantRetention.NAME);

  /** The datasets of the internal tree that {@code goals} writes. */
  public static List<String> internalGoals() {
    return INTERNAL.keySet().stream()
        .filter(name -> !INTERNAL_RETENTION.contains(name) && !name.equals(IngestRejects.NAME)).toList();
  }

  /** The schema of any dataset we write, or null for a name we do not write. */
  public static StructType schema(String name) {
    for (Map<String, StructType> group : List.of(STAGED, PUBLIC, INTERNAL)) {
      if (group.containsKey(name)) {
        return group.get(name);
      }
    }
    return null;
  }
}
