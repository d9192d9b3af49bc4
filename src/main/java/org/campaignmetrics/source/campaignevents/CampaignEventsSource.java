package org.campaignmetrics.source.campaignevents;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config.CampaignEventsConfig;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Events;
import org.campaignmetrics.spark.Frames;
import org.campaignmetrics.source.campaignevents.CampaignEventsInput.Table;

/**
 * The CampaignEvents tables → the canonical {@code events}, {@code event_participants},
 * {@code event_organizers}, {@code event_contributions}, {@code event_goals} and
 * {@code event_global_users} (docs/datasets.md; CampaignEvents,
 * https://gerrit.wikimedia.org/g/mediawiki/extensions/CampaignEvents): test events and soft-deleted events
 * dropped
 * with everything attached to them; event types decoded from the bitmask; the meeting type as
 * the database stores it (1 in person, 2 online, 3 both); the country from the address (none
 * for online events); {@code *all*} kept as the wiki list's value; one goal per event (the
 * newest {@code ceeg_id}: the store deletes and re-inserts). Every row read is counted in
 * {@link #stats} under one outcome.
 */
public final class CampaignEventsSource {
  /** The canonical datasets, and the count of every input row by outcome. */
  /**
   * The tables as frames, and the stats of their rows.
   *
   * @param frames the frames made from the rows read (each table's kept rows), the ones above are
   *     built on: what {@link #release} gives back
   */
  public record Data(Dataset<Row> events, Dataset<Row> participants, Dataset<Row> organizers,
      Dataset<Row> contributions, Dataset<Row> goals, Dataset<Row> globalUsers, List<Row> stats,
      List<Dataset<Row>> frames) {
    /**
     * Gives back what the tables kept ({@link Frames#ofRows}: from 10,000 rows; on a cluster a
     * checkpoint's files under the snapshot's {@code _tmp/}). Call it when the run has no further use
     * for them, after the last step that reads them.
     */
    public void release() {
      frames.forEach(Frames::release);
    }
  }

  private CampaignEventsSource() {}

  public static Data read(SparkSession spark, CampaignEventsConfig config) {
    return of(spark, CampaignEventsInput.read(spark.sparkContext().hadoopConfiguration(), config));
  }

  /**
   * From the typed rows of every table ({@link CampaignEventsInput#read}). The rows are already on
   * the driver, so which rows belong to a kept event, and the count of each outcome, are worked
   * out there; only the kept rows become datasets.
   */
  public static Data of(SparkSession spark, Map<String, List<Row>> tables) {
    List<Row> stats = new ArrayList<>();
    List<Dataset<Row>> made = new ArrayList<>();
    Table eventsTable = CampaignEventsInput.EVENTS;
    int eventId = eventsTable.index("event_id");
    int deletedAt = eventsTable.index("event_deleted_at");
    int isTest = eventsTable.index("event_is_test_event");
    Set<Long> keptIds = new HashSet<>();
    List<Row> keptEvents = new ArrayList<>();
    Map<String, Long> eventOutcomes = new TreeMap<>();
    for (Row row : rows(tables, eventsTable)) {
      String outcome = !row.isNullAt(deletedAt) ? "dropped: deleted event"
          : row.getBoolean(isTest) ? "dropped: test event" : "kept";
      eventOutcomes.merge(outcome, 1L, Long::sum);
      if (outcome.equals("kept")) {
        keptIds.add(row.getLong(eventId));
        keptEvents.add(row);
      }
    }
    count(stats, eventsTable, eventOutcomes);
    Dataset<Row> kept = frame(made, spark, eventsTable, keptEvents);

    Dataset<Row> wikis = attached(stats, made, spark, tables, CampaignEventsInput.WIKIS, "ceew_event_id", keptIds)
        .groupBy(col("ceew_event_id").as("event_id"))
        .agg(concat_ws(",", array_sort(collect_set(col("ceew_wiki")))).as("wikis"));
    Dataset<Row> topics = attached(stats, made, spark, tables, CampaignEventsInput.TOPICS, "ceet_event_id", keptIds)
        .groupBy(col("ceet_event_id").as("event_id"))
        .agg(concat_ws(",", array_sort(collect_set(col("ceet_topic")))).as("topics"));
    List<Row> addressRows = rows(tables, CampaignEventsInput.ADDRESS);
    count(stats, CampaignEventsInput.ADDRESS, readCount(addressRows));
    Dataset<Row> addresses = frame(made, spark, CampaignEventsInput.ADDRESS, withCountryCodes(addressRows));
    Dataset<Row> eventAddress = attached(stats, made, spark, tables, CampaignEventsInput.EVENT_ADDRESS,
        "ceea_event", keptIds);
    // CE keeps one address per event; should there be more, the first (lowest ceea_id) counts
    Dataset<Row> countries = eventAddress
        .join(addresses, eventAddress.col("ceea_address").equalTo(addresses.col("cea_id")))
        .groupBy(col("ceea_event").as("event_id"))
        .agg(min(struct(col("ceea_id"), col("cea_country_code"))).as("first"))
        .select(col("event_id"), col("first.cea_country_code").as("address_country"));

    // the store deletes and re-inserts an event's goal: the newest ceeg_id is the goal
    Table goalsTable = CampaignEventsInput.GOALS;
    int goalId = goalsTable.index("ceeg_id");
    int goalEvent = goalsTable.index("ceeg_event_id");
    Map<Long, Long> newestGoal = new HashMap<>();
    for (Row row : rows(tables, goalsTable)) {
      newestGoal.merge(row.getLong(goalEvent), row.getLong(goalId), Math::max);
    }
    Dataset<Row> goals = attached(stats, made, spark, tables, goalsTable, "ceeg_event_id", keptIds,
        row -> row.getLong(goalId) != newestGoal.get(row.getLong(goalEvent))
            ? "superseded: an older goal row of the same event" : null)
        .select(col("ceeg_event_id").as("event_id"), col("ceeg_id").as("goal_id"), col("ceeg_goals").as("goal_blob"));

    Column meeting = col("event_meeting_type");
    Dataset<Row> events = kept
        .join(wikis, Columns.names("event_id"), "left")
        .join(topics, Columns.names("event_id"), "left")
        .join(countries, Columns.names("event_id"), "left")
        .join(goals.select(col("event_id"), lit(true).as("goal_row")), Columns.names("event_id"), "left")
        .select(
            col("event_id"),
            col("event_name"),
            col("event_page_wiki"),
            col("event_page_prefixedtext").as("event_page"),
            when(col("event_status").equalTo(1), lit("open")).when(col("event_status").equalTo(2), lit("closed"))
                .when(col("event_status").equalTo(3), lit("draft")).when(col("event_status").equalTo(4),
                    lit("canceled")).otherwise(concat(lit("status "),
                    col("event_status").cast("string"))).as("event_status"),
            col("event_timezone"),
            col("event_start_utc").as("event_start"),
            col("event_end_utc").as("event_end"),
            col("event_types").as("event_types_bitmask"),
            types(col("event_types")).as("event_types"),
            col("event_track_contributions").as("track_contributions"),
            meeting.as("meeting_type"),
            when(meeting.equalTo(1), lit("in person")).when(meeting.equalTo(2), lit("online"))
                .when(meeting.equalTo(3), lit("in person and online")).as("meeting_type_name"),
            when(meeting.equalTo(2), lit(null).cast("string")).otherwise(col("address_country")).as("country_code"),
            col("wikis"),
            coalesce(array_contains(
                split(col("wikis"), ","), Events.ALL_WIKIS_VALUE), lit(false)).as("all_wikis"),
            col("topics"),
            coalesce(col("goal_row"), lit(false)).as("has_goal"));

    Dataset<Row> participants = attached(stats, made, spark, tables, CampaignEventsInput.PARTICIPANTS,
        "cep_event_id", keptIds).select(col("cep_event_id").as("event_id"), col("cep_user_id").as("user_central_id"),
        col("cep_private").as("is_private"), col("cep_registered_at").as("registered_at"),
        col("cep_unregistered_at").as("unregistered_at"));
    int removedAt = CampaignEventsInput.ORGANIZERS.index("ceo_deleted_at");
    int roles = CampaignEventsInput.ORGANIZERS.index("ceo_roles");
    // OrganizersStore ROLES_MAP: creator 1, organizer 2, test 4; only the organizer role organizes
    Dataset<Row> organizers = attached(stats, made, spark, tables, CampaignEventsInput.ORGANIZERS,
        "ceo_event_id", keptIds, row -> !row.isNullAt(removedAt) ? "dropped: organizer removed (ceo_deleted_at)"
            : (row.getLong(roles) & ORGANIZER_ROLE) == 0 ? "dropped: no organizer role in ceo_roles (e.g. test only)"
            : null)
        .select(col("ceo_event_id").as("event_id"), col("ceo_user_id").as("user_central_id"),
            col("ceo_roles").as("roles_bitmask"));
    Dataset<Row> contributions = attached(stats, made, spark, tables, CampaignEventsInput.CONTRIBUTIONS,
        "cec_event_id", keptIds).select(col("cec_event_id").as("event_id"), col("cec_user_id").as("user_central_id"),
        col("cec_wiki").as("wiki_db"), col("cec_page_id").as("page_id"), col("cec_revision_id").as("revision_id"),
        col("cec_edit_flags").bitwiseAND(1).notEqual(0).as("is_page_creation"),
        col("cec_bytes_delta").as("bytes_delta"), col("cec_links_delta").as("links_delta"),
        col("cec_timestamp").as("event_ts"), col("cec_deleted").as("is_deleted"));
    // only the accounts the events name (over JDBC only those are read; a file holds more)
    Set<Long> named = CampaignEventsInput.centralIdsNamed(tables);
    List<Row> globalUserRows = new ArrayList<>();
    long notNamed = 0;
    for (Row row : rows(tables, CampaignEventsInput.GLOBALUSER)) {
      if (named.contains(row.getLong(0))) {
        globalUserRows.add(row);
      } else {
        notNamed++;
      }
    }
    count(stats, CampaignEventsInput.GLOBALUSER, readCount(globalUserRows));
    if (notNamed > 0) {
      count(stats, CampaignEventsInput.GLOBALUSER, Map.of(NOT_NAMED, notNamed));
    }
    Dataset<Row> globalUsers = frame(made, spark, CampaignEventsInput.GLOBALUSER, globalUserRows)
        .select(col("gu_id").as("user_central_id"), col("gu_name").as("user_name"),
            col("gu_registration").as("registration_ts"));
    return new Data(events, participants, organizers, contributions, goals, globalUsers, List.copyOf(stats),
        List.copyOf(made));
  }

  /** The outcome of a {@code globaluser} row of a file that no registrant or organizer refers to. */
  public static final String NOT_NAMED = "skipped: no registrant or organizer has this central id";

  /** The organizer bit of {@code ce_organizers.ceo_roles}. */
  static final long ORGANIZER_ROLE = 2;

  /** The decoded types, comma-separated in bit order: 0, or only unknown bits, is {@code other}. */
  public static Column types(Column bitmask) {
    List<Column> names = new ArrayList<>();
    Events.TYPE_BITS.forEach((bit, name) -> names.add(when(bitmask.bitwiseAND(bit).equalTo(bit), lit(name))));
    Column known = concat_ws(",", names.toArray(new Column[0]));
    // 0, or only bits this version does not know: other, never an empty string
    return when(bitmask.equalTo(0).or(known.equalTo("")), lit("other")).otherwise(known);
  }

  private static List<Row> rows(Map<String, List<Row>> tables, Table table) {
    List<Row> rows = tables.get(table.name());
    if (rows == null) {
      throw new IllegalArgumentException("no rows for table " + table.name());
    }
    return rows;
  }

  /**
   * The address rows with each country code as it is compared and published: without the spaces
   * around it, in capitals ({@code " de"} is DE). Done here, on the rows the driver holds, rather than
   * with Spark's {@code upper}: in Spark 4 its first use builds ICU's case tables, 1–2 s of the
   * sample's run for a few two-letter codes.
   */
  static List<Row> withCountryCodes(List<Row> addresses) {
    int code = CampaignEventsInput.ADDRESS.index("cea_country_code");
    List<Row> out = new ArrayList<>(addresses.size());
    for (Row row : addresses) {
      Object[] values = new Object[row.length()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(i);
      }
      if (values[code] != null) {
        values[code] = countryCode((String) values[code]);
      }
      out.add(RowFactory.create(values));
    }
    return out;
  }

  /** {@code code} without the spaces (U+0020) around it, upper-cased in the root locale. */
  static String countryCode(String code) {
    int start = 0;
    int end = code.length();
    while (start < end && code.charAt(start) == ' ') {
      start++;
    }
    while (end > start && code.charAt(end - 1) == ' ') {
      end--;
    }
    return code.substring(start, end).toUpperCase(Locale.ROOT);
  }

  /** A table the driver read, as a frame: a large one kept at once ({@link Frames#ofRows}). */
  private static Dataset<Row> frame(List<Dataset<Row>> made, SparkSession spark, Table table, List<Row> rows) {
    Dataset<Row> frame = Frames.ofRows(spark, rows, table.schema());
    made.add(frame);
    return frame;
  }

  private static Dataset<Row> attached(List<Row> stats, List<Dataset<Row>> made, SparkSession spark,
      Map<String, List<Row>> tables, Table table, String eventColumn, Set<Long> keptIds) {
    return attached(stats, made, spark, tables, table, eventColumn, keptIds, row -> null);
  }

  /**
   * The rows that belong to a kept event and are not dropped (the reason {@code drop} gives, null:
   * kept), as a dataset; every row counted under its outcome.
   */
  private static Dataset<Row> attached(List<Row> stats, List<Dataset<Row>> made, SparkSession spark,
      Map<String, List<Row>> tables, Table table, String eventColumn, Set<Long> keptIds, Function<Row, String> drop) {
    int event = table.index(eventColumn);
    Map<String, Long> outcomes = new TreeMap<>();
    List<Row> kept = new ArrayList<>();
    for (Row row : rows(tables, table)) {
      String reason = keptIds.contains(row.getLong(event)) ? drop.apply(row) : null;
      String outcome = !keptIds.contains(row.getLong(event)) ? "dropped: of a test, deleted or unknown event"
          : reason != null ? reason : "kept";
      outcomes.merge(outcome, 1L, Long::sum);
      if (outcome.equals("kept")) {
        kept.add(row);
      }
    }
    count(stats, table, outcomes);
    return frame(made, spark, table, kept);
  }

  private static Map<String, Long> readCount(List<Row> rows) {
    return rows.isEmpty() ? Map.of() : Map.of("read", (long) rows.size());
  }

  private static void count(List<Row> stats, Table table, Map<String, Long> outcomes) {
    outcomes.forEach((outcome, rows) -> stats.add(RowFactory.create(table.name(), outcome, rows)));
  }
}
