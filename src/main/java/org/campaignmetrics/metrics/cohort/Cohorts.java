package org.campaignmetrics.metrics.cohort;

import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listed participants → people → cohorts (docs/metrics.md "Who is a participant", "Newcomers").
 *
 * <ul>
 *   <li>A person is a global account: {@code user_central_id} where any account of that name
 *       has one, otherwise the name (SUL makes names global): {@code person_key}.</li>
 *   <li>Global registration = the earliest of {@code registration_ts}, else {@code creation_ts},
 *       else {@code first_edit_ts}, over the person's accounts created by the user or a peer
 *       (CentralAuth's {@code gu_registration} instead, where the replicas gave it);
 *       auto-created accounts are no evidence; none known: registered before any history read.</li>
 *   <li>In a cohort: found in the history, or an account known to exist from the source that
 *       listed it (then registered before the history read unless CentralAuth says otherwise);
 *       not a temporary account, not a bot (unless {@code exclude_bots} is false).</li>
 * </ul>
 */
public final class Cohorts {
  private static final Logger LOG = LoggerFactory.getLogger(Cohorts.class);
  public static final String PERSON_KEY = Participants.PERSON_KEY;

  private Cohorts() {}

  /** Every account of {@code users} with its person key. */
  public static Dataset<Row> accounts(Dataset<Row> users) {
    Columns.require(users, Users.WIKI_DB, Users.USER_ID, Users.USER_NAME, Users.USER_CENTRAL_ID);
    Dataset<Row> centralByName = users.where(col(Users.USER_CENTRAL_ID).isNotNull())
        .groupBy(col(Users.USER_NAME).as("name_for_central"))
        .agg(min(Users.USER_CENTRAL_ID).as("central_by_name"));
    return users.join(centralByName, users.col(Users.USER_NAME).equalTo(centralByName.col("name_for_central")), "left")
        .withColumn(PERSON_KEY, personKey(coalesce(col(Users.USER_CENTRAL_ID), col("central_by_name")),
            col(Users.USER_NAME)))
        .drop("name_for_central", "central_by_name");
  }

  /**
   * {@code users} with {@code user_central_id} filled from CentralAuth names where the history
   * gave none (the dumps have no central ids): SUL names are global, so a name is one central
   * account. A name given two central ids takes the lowest (the same on every run).
   *
   * @param byName {@link #centralByName} of CentralAuth's accounts (e.g. the CampaignEvents registrants
   *     named through globaluser)
   */
  public static Dataset<Row> withCentralIds(Dataset<Row> users, Dataset<Row> byName) {
    return users.join(byName, users.col(Users.USER_NAME).equalTo(byName.col("name_for_central")), "left")
        .withColumn(Users.USER_CENTRAL_ID, coalesce(col(Users.USER_CENTRAL_ID), col("central_from_name")))
        .drop("central_from_name", "name_for_central");
  }

  /**
   * name_for_central → central_from_name: the lowest central id of each name (conflicts logged
   * once); what {@link #withCentralIds} and {@link #withCentralAccounts} join to.
   *
   * @param centralNames user_central_id, user_name
   */
  public static Dataset<Row> centralByName(Dataset<Row> centralNames) {
    Dataset<Row> byName = centralNames.where(col(Users.USER_CENTRAL_ID).isNotNull())
        .groupBy(col(Users.USER_NAME).as("name_for_central"))
        .agg(min(Users.USER_CENTRAL_ID).as("central_from_name"), countDistinct(Users.USER_CENTRAL_ID).as("ids"));
    long conflicts = byName.where(col("ids").gt(1)).count();
    if (conflicts > 0) {
      LOG.warn("cohorts: {} name(s) are held by more than one central id; each takes its lowest id", conflicts);
    }
    return byName.drop("ids");
  }

  /**
   * The listed names with the central id CentralAuth gives them where their source gave none; a
   * name CentralAuth has is an account known to exist ({@code account_known}).
   *
   * @param byName {@link #centralByName} of CentralAuth's global accounts
   */
  public static Dataset<Row> withCentralAccounts(Dataset<Row> listed, Dataset<Row> byName) {
    return listed.join(byName, listed.col(Participants.USER_NAME).equalTo(byName.col("name_for_central")), "left")
        .withColumn(Participants.USER_CENTRAL_ID,
            coalesce(col(Participants.USER_CENTRAL_ID), col("central_from_name")))
        .withColumn(Participants.ACCOUNT_KNOWN,
            col(Participants.ACCOUNT_KNOWN).or(col("central_from_name").isNotNull()))
        .drop("central_from_name", "name_for_central");
  }

  static Column personKey(Column centralId, Column name) {
    return when(centralId.isNotNull(), concat(lit("c:"), centralId.cast("string")))
        .otherwise(concat(lit("n:"), name));
  }

  /**
   * One row per person: bot ever, temporary, global registration — CentralAuth's
   * {@code gu_registration} from {@code globalUsers} where known (null: none read), else the
   * earliest self/peer-created account's.
   */
  public static Dataset<Row> people(Dataset<Row> accounts, Dataset<Row> globalUsers) {
    Column registration = coalesce(col(Users.REGISTRATION_TS), col(Users.CREATION_TS), col(Users.FIRST_EDIT_TS));
    Dataset<Row> people = accounts.groupBy(col(PERSON_KEY)).agg(
        bool_or(coalesce(col(Users.IS_BOT), lit(false))).as(Participants.IS_BOT),
        bool_or(coalesce(col(Users.IS_TEMPORARY), lit(false))).as(Participants.IS_TEMPORARY),
        min(when(col(Users.CREATED_BY).isin("self", "peer"), registration)).as("local_registration_ts"));
    if (globalUsers == null) {
      return people.withColumnRenamed("local_registration_ts", Participants.GLOBAL_REGISTRATION_TS);
    }
    Dataset<Row> central = globalUsers.select(
        personKey(col(GlobalUsers.USER_CENTRAL_ID), lit(null).cast("string")).as("central_key"),
        col(GlobalUsers.REGISTRATION_TS).as("central_registration_ts"));
    return people.join(central, col(PERSON_KEY).equalTo(col("central_key")), "left")
        .withColumn(Participants.GLOBAL_REGISTRATION_TS,
            coalesce(col("central_registration_ts"), col("local_registration_ts")))
        .drop("central_key", "central_registration_ts", "local_registration_ts");
  }

  /**
   * The participants table: each listed name (once per campaign, whatever number of sources listed
   * it) matched to a person, with why it is or is not in its campaign's cohort and whether it is a
   * newcomer (docs/metrics.md "Who is a participant").
   *
   * @param campaigns campaign_id, campaign_start, campaign_end
   * @param everyAccount the history's {@code users} holds every account of the wikis read, so a name
   *     in no source's account list and not in it is known not to exist ({@code unmatched}); otherwise
   *     such a name is {@code unverified}
   */
  public static Dataset<Row> participants(Dataset<Row> listed, Dataset<Row> accounts, Dataset<Row> globalUsers,
      Dataset<Row> campaigns, int preregistrationDays, boolean excludeBots, boolean everyAccount) {
    Columns.require(listed, Participants.CAMPAIGN_ID, Participants.USER_NAME, Participants.SOURCE,
        Participants.ACCOUNT_KNOWN, Participants.USER_CENTRAL_ID);
    Dataset<Row> names = listed.groupBy(col(Participants.CAMPAIGN_ID), col(Participants.USER_NAME)).agg(
        concat_ws(",", sort_array(collect_set(col(Participants.SOURCE)))).as(Participants.SOURCE),
        bool_or(col(Participants.ACCOUNT_KNOWN)).as(Participants.ACCOUNT_KNOWN),
        min(col(Participants.USER_CENTRAL_ID)).as(Participants.USER_CENTRAL_ID));
    Dataset<Row> keyByName = accounts.select(col(Users.USER_NAME).as("account_name"), col(PERSON_KEY).as("history_key"))
        .distinct();
    Dataset<Row> people = people(accounts, globalUsers).withColumnRenamed(PERSON_KEY, "history_key");
    Column known = col(Participants.ACCOUNT_KNOWN);
    Dataset<Row> matched = names
        .join(keyByName, names.col(Participants.USER_NAME).equalTo(keyByName.col("account_name")), "left")
        .drop("account_name")
        .join(people, Columns.names("history_key"), "left")
        .withColumn(PERSON_KEY, coalesce(col("history_key"),
            when(known, personKey(col(Participants.USER_CENTRAL_ID), col(Participants.USER_NAME)))))
        .join(campaigns, Participants.CAMPAIGN_ID);
    if (globalUsers != null) {
      // an account known to exist but not in the history read: CentralAuth's registration where known
      Dataset<Row> central = globalUsers.select(
          personKey(col(GlobalUsers.USER_CENTRAL_ID), lit(null).cast("string")).as("central_key"),
          col(GlobalUsers.REGISTRATION_TS).as("central_registration_ts"));
      matched = matched.join(central, col(PERSON_KEY).equalTo(col("central_key")), "left")
          .withColumn(Participants.GLOBAL_REGISTRATION_TS,
              coalesce(col(Participants.GLOBAL_REGISTRATION_TS), col("central_registration_ts")))
          .drop("central_key", "central_registration_ts");
    }
    Column inHistory = col("history_key").isNotNull();
    Column ip = col(Participants.USER_NAME).rlike(IP_ADDRESS);
    Column status = when(inHistory, lit(Participants.STATUS_HISTORY))
        .when(known.and(not(ip)), lit(Participants.STATUS_ACCOUNT))
        .when(ip.or(lit(everyAccount)), lit(Participants.STATUS_UNMATCHED))
        .otherwise(lit(Participants.STATUS_UNVERIFIED));
    Column found = status.isin(Participants.STATUS_HISTORY, Participants.STATUS_ACCOUNT);
    Column bot = coalesce(col(Participants.IS_BOT), lit(false));
    Column temporary = coalesce(col(Participants.IS_TEMPORARY), lit(false));
    Column excluded = when(status.equalTo(Participants.STATUS_UNMATCHED), lit("no such account"))
        .when(status.equalTo(Participants.STATUS_UNVERIFIED), lit("unverified: in no history read and no account list"))
        .when(temporary, lit(Participants.EXCLUDED_TEMPORARY))
        .when(bot.and(lit(excludeBots)), lit(Participants.EXCLUDED_BOT));
    Column registration = col(Participants.GLOBAL_REGISTRATION_TS);
    Column windowStart = expr(
        "campaign_start - make_interval(0, 0, 0, " + preregistrationDays + ")");
    Column newcomer = coalesce(registration.geq(windowStart).and(registration.leq(col("campaign_end"))), lit(false));
    return Columns.project(matched
        .withColumn(Participants.MATCH_STATUS, status)
        .withColumn(Participants.MATCHED, found)
        .withColumn(Participants.IS_NEWCOMER, when(found, newcomer))
        .withColumn(Participants.EXCLUDED_BECAUSE, excluded)
        .withColumn(Participants.IN_COHORT, excluded.isNull()), Participants.SCHEMA);
  }

  /** An IPv4 or IPv6 address: an IP editor, never an account. */
  static final String IP_ADDRESS = "^(\\d{1,3}(\\.\\d{1,3}){3}|(?i)[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7})$";
}
