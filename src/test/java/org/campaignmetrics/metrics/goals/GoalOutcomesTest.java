package org.campaignmetrics.metrics.goals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.EventGoalProgress;
import org.campaignmetrics.model.Events;
import org.campaignmetrics.testing.SparkTestBase;
import org.campaignmetrics.testing.Tables;
import org.junit.jupiter.api.Test;

/**
 * The cross-event goal outcome reports on table literals (docs/metrics.md "Event goals"): an event
 * counts under each of its values, a goal blob that is not valid counts as an error and never in
 * the median, the median of an even count is the mean of the middle two, events in a disallowed
 * country never appear by country.
 */
class GoalOutcomesTest extends SparkTestBase {
  private static final Map<String, Object> EVENT = Map.ofEntries(Map.entry(Events.EVENT_NAME, "An event"),
      Map.entry(Events.EVENT_PAGE_WIKI, "metawiki"), Map.entry(Events.EVENT_PAGE, "Event:An event"),
      Map.entry(Events.EVENT_STATUS, "open"), Map.entry(Events.EVENT_TIMEZONE, "UTC"),
      Map.entry(Events.EVENT_START, Instant.parse("2026-05-01T00:00:00Z")),
      Map.entry(Events.EVENT_END, Instant.parse("2026-05-02T00:00:00Z")), Map.entry(Events.EVENT_TYPES_BITMASK, 1),
      Map.entry(Events.TRACK_CONTRIBUTIONS, true), Map.entry(Events.MEETING_TYPE, 2),
      Map.entry(Events.ALL_WIKIS, false), Map.entry(Events.HAS_GOAL, true));

  private static Dataset<Row> events() {
    return Tables.of(spark, Events.SCHEMA, EVENT,
        "event_id  event_types                wikis          country_code",
        "1         editing-event              enwiki,dewiki  IN",
        "2         editing-event,contest      enwiki         DE",
        "3         contest                    null           AQ");
  }

  private static Dataset<Row> progress() {
    return Tables.of(spark, EventGoalProgress.SCHEMA,
        "event_id  visibility  error        reached  percent",
        "1         public      null         true     100",
        "2         public      null         false    40",
        "3         public      \"bad blob\"  null     null");
  }

  @Test
  void byEventTypeAnEventCountsUnderEachOfItsTypes() {
    Tables.assertRows(GoalOutcomes.report("event_type", progress(), events(), List.of()),
        "visibility  event_type     events_with_goals  reached  not_reached  goal_errors  median_percent",
        "public      editing-event  2                  1        1            0            70.0",
        "public      contest        2                  0        1            1            40.0");
  }

  @Test
  void byWikiAnEventWithoutWikisCountsUnderNull() {
    Tables.assertRows(GoalOutcomes.report("wiki", progress(), events(), List.of()),
        "visibility  wiki    events_with_goals  reached  not_reached  goal_errors  median_percent",
        "public      enwiki  2                  1        1            0            70.0",
        "public      dewiki  1                  1        0            0            100.0",
        "public      null    1                  0        0            1            null");
  }

  @Test
  void byCountryADisallowedCountryIsLeftOut() {
    Tables.assertRows(GoalOutcomes.report("country", progress(), events(), List.of("AQ")),
        "visibility  country  events_with_goals  reached  not_reached  goal_errors  median_percent",
        "public      IN       1                  1        0            0            100.0",
        "public      DE       1                  0        1            0            40.0");
  }

  @Test
  void goalsOfEventsThatDoNotTrackContributionsOrAreIneligibleCarryAnErrorAndAreLeftOutOfTheReports() {
    Dataset<Row> events = Tables.of(spark, Events.SCHEMA, EVENT,
        "event_id  event_types    wikis   track_contributions  eligible_for_contribution_statistics  ineligibility_reason",
        "1         editing-event  enwiki  true                 true                                  null",
        "4         editing-event  enwiki  false                true                                  null",
        "5         workshop       enwiki  true                 false                                 \"no contribution type\"");
    Dataset<Row> progress = GoalProgress.withEventChecks(Tables.of(spark, EventGoalProgress.SCHEMA,
        "event_id  visibility  error  reached  percent  ratio",
        "1         public      null   true     100      1.0",
        "4         public      null   false    40       0.4",
        "5         public      null   true     100      1.0"), events);
    Tables.assertRows(progress,
        "event_id  reached  percent  in_reports  error",
        "1         true     100      true        null",
        "4         null     null     false       \"not counted: the event does not track contributions (event_track_contributions = 0)\"",
        "5         null     null     false       \"not counted: the event is not eligible for contribution statistics (no contribution type)\"");
    Tables.assertRows(GoalOutcomes.report("wiki", progress, events, List.of()),
        "visibility  wiki    events_with_goals  reached  not_reached  goal_errors  median_percent",
        "public      enwiki  1                  1        0            0            100.0");
  }
}
