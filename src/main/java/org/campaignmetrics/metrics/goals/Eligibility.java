package org.campaignmetrics.metrics.goals;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Events;

/**
 * Whether an event may track contributions ({@code EventFactory::validateContributionsTracking},
 * docs/metrics.md "Event goals"): at least one type of the contributions group; not a
 * country in {@code campaignevents.disallowed_countries} (checked only for events with a
 * country, i.e. not online-only ones); at least one wiki. {@code ineligibility_reason} lists
 * every rule the event fails, separated by "; ".
 */
public final class Eligibility {
  private Eligibility() {}

  /** {@code events} with {@code eligible_for_contribution_statistics} and {@code ineligibility_reason}. */
  public static Dataset<Row> events(Dataset<Row> events, List<String> disallowedCountries) {
    Column types = split(col("event_types"), ",");
    Column contributionType = arrays_overlap(types,
        literals(Events.CONTRIBUTION_TYPES));
    Column disallowed = disallowed(col("country_code"), disallowedCountries);
    Column noWikis = col("wikis").isNull().or(col("wikis").equalTo(""));
    Column reason = concat_ws("; ",
        when(not(contributionType), lit("no event type of the contributions group (editing-event, "
            + "media-upload-event, backlog-drive, contest)")),
        // the reason is published: it must not name the country it hides
        when(disallowed, lit("the country is in campaignevents.disallowed_countries")),
        when(noWikis, lit("no wikis")));
    return events
        .withColumn("eligible_for_contribution_statistics", contributionType.and(not(disallowed)).and(not(noWikis)))
        .withColumn("ineligibility_reason", when(reason.equalTo(""), lit(null).cast("string")).otherwise(reason));
  }

  /**
   * The events as published: an event in a disallowed country carries no country (the country
   * must appear in no public output, docs/metrics.md "Events kept").
   */
  public static Dataset<Row> published(Dataset<Row> events, List<String> disallowedCountries) {
    return events.withColumn("country_code", when(disallowed(col("country_code"), disallowedCountries),
        lit(null).cast("string")).otherwise(col("country_code")));
  }

  /** True when the country is set and disallowed (null country: false). */
  public static Column disallowed(Column country, List<String> disallowedCountries) {
    if (disallowedCountries.isEmpty()) {
      return lit(false);
    }
    return coalesce(array_contains(literals(disallowedCountries), country), lit(false));
  }

  private static Column literals(List<String> values) {
    return array(values.stream().map(v -> lit(v)).toArray(Column[]::new));
  }
}
