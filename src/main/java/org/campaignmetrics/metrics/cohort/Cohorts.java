package org.campaignmetrics.metrics.cohort;

import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.GlobalUsers;
import org.campaignmetrics.model.Participants;
import org.campaignmetrics.model.Users;

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
 *   <li>In a cohort: found in the history, not a temporary account, not a bot (unless
 *       {@code exclude_bots} is false).</li>
 * </ul>
 */
public final class Cohorts {
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
   * account.
   *
   * @param centralNames user_central_id, user_name (e.g. CampaignEvents registrants named through globaluser)
   */
  public static Dataset<Row> withCentralIds(Dataset<Row> users, Dataset<Row> centralNames) {
    Dataset<Row> byName = centralNames.select(col(Users.USER_CENTRAL_ID).as("central_from_name"),
        col(Users.USER_NAME).as("name_for_central")).dropDuplicates("name_for_central");
    return users.join(byName, users.col(Users.USER_NAME).equalTo(byName.col("name_for_central")), "left")
        .withColumn(Users.USER_CENTRAL_ID, coalesce(col(Users.USER_CENTRAL_ID), col("central_from_name")))
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
   * The participants table: each listed name matched to a person, with why it is or is not in
   * its campaign's cohort and whether it is a newcomer.
   *
   * @param campaigns campaign_id, campaign_start, campaign_end
   */
  public static Dataset<Row> participants(Dataset<Row> listed, Dataset<Row> accounts, Dataset<Row> globalUsers,
      Dataset<Row> campaigns, int preregistrationDays, boolean excludeBots) {
    Columns.require(listed, Participants.CAMPAIGN_ID, Participants.USER_NAME, Participants.SOURCE);
    Dataset<Row> keyByName = accounts.select(col(Users.USER_NAME).as("account_name"), col(PERSON_KEY)).distinct();
    Dataset<Row> people = people(accounts, globalUsers);
    Dataset<Row> matched = listed
        .join(keyByName, listed.col(Participants.USER_NAME).equalTo(keyByName.col("account_name")), "left")
        .drop("account_name")
        .join(people, Columns.names(PERSON_KEY), "left")
        .join(campaigns, Participants.CAMPAIGN_ID);
    Column found = col(PERSON_KEY).isNotNull();
    Column bot = coalesce(col(Participants.IS_BOT), lit(false));
    Column temporary = coalesce(col(Participants.IS_TEMPORARY), lit(false));
    Column excluded = when(found.equalTo(false), lit("not found in the history"))
        .when(temporary, lit("temporary account"))
        .when(bot.and(lit(excludeBots)), lit("bot"));
    Column registration = col(Participants.GLOBAL_REGISTRATION_TS);
    Column windowStart = expr(
        "campaign_start - make_interval(0, 0, 0, " + preregistrationDays + ")");
    Column newcomer = coalesce(registration.geq(windowStart).and(registration.leq(col("campaign_end"))), lit(false));
    return Columns.project(matched
        .withColumn(Participants.MATCHED, found)
        .withColumn(Participants.IS_NEWCOMER, when(found, newcomer))
        .withColumn(Participants.EXCLUDED_BECAUSE, excluded)
        .withColumn(Participants.IN_COHORT, excluded.isNull()), Participants.SCHEMA);
  }

}
