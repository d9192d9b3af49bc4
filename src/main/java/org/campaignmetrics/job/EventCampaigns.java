package org.campaignmetrics.job;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.format.UserNames;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Events;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;
import org.campaignmetrics.source.participants.ParticipantLists;
import org.campaignmetrics.spark.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code campaigns_from: campaignevents}: every kept event as a campaign of the retention half.
 * Id {@code event-<event_id>}, the event's name, series {@code CampaignEvents}, start and end in
 * UTC, its country (none when it is in {@code disallowed_countries}) and wikis ({@code *all*}: any
 * wiki). Participants are the registrants who have not unregistered ({@code cep_unregistered_at} null), named through CentralAuth
 * ({@code globaluser.gu_name}); never private registrants (the cohorts feed public outputs).
 */
public final class EventCampaigns {
  private static final Logger LOG = LoggerFactory.getLogger(EventCampaigns.class);
  public static final String SERIES = "CampaignEvents";
  public static final String SOURCE = ParticipantLists.EVENT_REGISTRANTS;

  /**
   * The campaigns, and the registrants' central accounts (user_central_id, user_name,
   * registration_ts), read from {@code kept}: the registrations with their names, cached; give it
   * back ({@code Frames.release}) when the registrants are no longer read.
   */
  public record Result(List<CampaignConfig> campaigns, Dataset<Row> registrants, Dataset<Row> kept) {}

  private EventCampaigns() {}

  public static Result of(CampaignEventsSource.Data data, List<String> disallowedCountries) {
    Progress.step(data.participants().sparkSession(), "campaignevents: events as campaigns");
    Dataset<Row> active = data.participants().where(col("unregistered_at").isNull());
    Dataset<Row> named = active.join(data.globalUsers(), Columns.names("user_central_id"), "left").cache();
    // one pass: the private registrants only counted (whatever privacy.internal_outputs says: the
    // cohorts feed public outputs, which must not change with it), the others named or counted unnamed
    Set<List<Object>> privateRegistrations = new HashSet<>();
    long unnamed = 0;
    Map<Long, List<String>> names = new LinkedHashMap<>();
    for (Row row : named.orderBy("event_id", "user_name")
        .select("event_id", "user_central_id", "is_private", "user_name").collectAsList()) {
      long event = row.getLong(0);
      if (row.getBoolean(2)) {
        privateRegistrations.add(List.of(event, row.get(1))); // once, should globaluser repeat an id
      } else if (row.isNullAt(3)) {
        unnamed++;
      } else {
        names.computeIfAbsent(event, k -> new ArrayList<>()).add(UserNames.normalise(row.getString(3)));
      }
    }
    long privateLeftOut = privateRegistrations.size();
    List<CampaignConfig> campaigns = new ArrayList<>();
    for (Row e : data.events().orderBy(Events.EVENT_ID).select(Events.EVENT_ID, Events.EVENT_NAME, Events.EVENT_START,
        Events.EVENT_END, Events.COUNTRY_CODE, Events.WIKIS).collectAsList()) {
      long id = e.<Long>getAs(Events.EVENT_ID);
      String wikis = e.getAs(Events.WIKIS);
      List<String> wikiList = wikis == null || wikis.isEmpty() || List.of(wikis.split(",")).contains(
          Events.ALL_WIKIS_VALUE) ? List.of() : List.of(wikis.split(","));
      Instant start = instant(e.getAs(Events.EVENT_START));
      Instant end = instant(e.getAs(Events.EVENT_END));
      // an event in a disallowed country must not appear in per-country outputs (the retention rollup)
      String code = e.getAs(Events.COUNTRY_CODE);
      String country = code != null && disallowedCountries.contains(code) ? null : code;
      campaigns.add(new CampaignConfig("event-" + id, e.getAs(Events.EVENT_NAME), SERIES, start, end, country, wikiList,
          names.getOrDefault(id, List.of()), null, null, SOURCE));
    }
    LOG.info("campaignevents: {} events as campaigns, {} registrants named through CentralAuth, {} without a "
        + "globaluser row (left out), {} private registrants left out of public outputs",
        campaigns.size(), names.values().stream().mapToInt(List::size).sum(), unnamed, privateLeftOut);
    Dataset<Row> registrants = named.where(col("is_private").equalTo(false).and(col("user_name").isNotNull()))
        .select("user_central_id", "user_name", "registration_ts").distinct();
    return new Result(List.copyOf(campaigns), registrants, named);
  }

  private static Instant instant(Object value) {
    return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }
}
