package org.campaignmetrics.job;

import org.campaignmetrics.format.UserNames;
import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.campaignmetrics.model.Events;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.source.campaignevents.CampaignEventsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code campaigns_from: campaignevents}: every kept event as a campaign of the retention half.
 * Id {@code event-<event_id>}, the event's name, series {@code CampaignEvents}, start and end in
 * UTC, its country (none when it is in {@code disallowed_countries}) and wikis ({@code *all*}: any wiki). Participants are the registrants who
 * have not unregistered ({@code cep_unregistered_at} null), named through CentralAuth
 * ({@code globaluser.gu_name}); private registrants only when the outputs are internal.
 */
public final class EventCampaigns {
  private static final Logger LOG = LoggerFactory.getLogger(EventCampaigns.class);
  public static final String SERIES = "CampaignEvents";
  public static final String SOURCE = "campaignevents";

  /** The campaigns, and the registrants' central accounts (user_central_id, user_name, registration_ts). */
  public record Result(List<CampaignConfig> campaigns, Dataset<Row> registrants) {}

  private EventCampaigns() {}

  public static Result of(CampaignEventsSource.Data data, boolean internal, List<String> disallowedCountries) {
    Dataset<Row> active = data.participants().where(col("unregistered_at").isNull());
    long privateLeftOut = internal ? 0 : active.where(col("is_private")).count();
    Dataset<Row> counted = internal ? active : active.where(col("is_private").equalTo(false));
    Dataset<Row> named = counted.join(data.globalUsers(), Columns.names("user_central_id"), "left").cache();
    long unnamed = named.where(col("user_name").isNull()).count();
    Map<Long, List<String>> names = new LinkedHashMap<>();
    for (Row row : named.where(col("user_name").isNotNull()).orderBy("event_id", "user_name")
        .select("event_id", "user_name").collectAsList()) {
      names.computeIfAbsent(row.getLong(0), k -> new ArrayList<>()).add(UserNames.normalise(row.getString(1)));
    }
    List<CampaignConfig> campaigns = new ArrayList<>();
    for (Row e : data.events().orderBy("event_id").select("event_id", "event_name", "event_start", "event_end",
        "country_code", "wikis").collectAsList()) {
      long id = e.getLong(0);
      String wikis = e.getString(5);
      List<String> wikiList = wikis == null || wikis.isEmpty() || List.of(wikis.split(",")).contains(
          Events.ALL_WIKIS_VALUE) ? List.of() : List.of(wikis.split(","));
      Instant start = instant(e.get(2));
      Instant end = instant(e.get(3));
      // an event in a disallowed country must not appear in per-country outputs (the retention rollup)
      String country = e.getString(4) != null && disallowedCountries.contains(e.getString(4)) ? null : e.getString(4);
      campaigns.add(new CampaignConfig("event-" + id, e.getString(1), SERIES, start, end, country, wikiList,
          names.getOrDefault(id, List.of()), null, null, SOURCE));
    }
    LOG.info("campaignevents: {} events as campaigns, {} registrants named through CentralAuth, {} without a "
        + "globaluser row (left out), {} private registrants left out of public outputs",
        campaigns.size(), names.values().stream().mapToInt(List::size).sum(), unnamed, privateLeftOut);
    Dataset<Row> registrants = named.where(col("user_name").isNotNull())
        .select("user_central_id", "user_name", "registration_ts").distinct();
    return new Result(List.copyOf(campaigns), registrants);
  }

  private static Instant instant(Object value) {
    return value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
  }
}
