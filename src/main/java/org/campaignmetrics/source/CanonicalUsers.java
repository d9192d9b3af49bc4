package org.campaignmetrics.source;

import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.campaignmetrics.model.Columns;
import org.campaignmetrics.model.Users;

/**
 * Builds {@code users} from observations of users (one row per event, or per piece already
 * merged with the same rules — the merge is associative): the latest non-null name, central
 * id, groups and created_by; the earliest registration, creation and first-edit times; bot
 * if any observation says so now or in the past; temporary if any says so.
 *
 * <p>Input columns: wiki_db, user_id, user_name, user_central_id, registration_ts,
 * creation_ts, first_edit_ts, created_by, groups, is_bot, is_temporary, event_ts.
 */
public final class CanonicalUsers {
  public static final String OBSERVED_AT = "event_ts";

  private CanonicalUsers() {}

  public static Dataset<Row> merge(Dataset<Row> observations) {
    Columns.require(observations, Users.WIKI_DB, Users.USER_ID, Users.USER_NAME, Users.USER_CENTRAL_ID,
        Users.REGISTRATION_TS, Users.CREATION_TS, Users.FIRST_EDIT_TS, Users.CREATED_BY, Users.GROUPS,
        Users.IS_BOT, Users.IS_TEMPORARY, OBSERVED_AT);
    Column at = col(OBSERVED_AT);
    Dataset<Row> merged = observations
        .groupBy(col(Users.USER_ID), col(Users.WIKI_DB)) // the long first: cheaper sort comparisons
        .agg(latestNonNull(Users.USER_NAME, at),
            latestNonNull(Users.USER_CENTRAL_ID, at),
            min(Users.REGISTRATION_TS).as(Users.REGISTRATION_TS),
            min(Users.CREATION_TS).as(Users.CREATION_TS),
            min(Users.FIRST_EDIT_TS).as(Users.FIRST_EDIT_TS),
            latestNonNull(Users.CREATED_BY, at),
            latestNonNull(Users.GROUPS, at),
            bool_or(col(Users.IS_BOT)).as(Users.IS_BOT),
            bool_or(col(Users.IS_TEMPORARY)).as(Users.IS_TEMPORARY),
            max(at).as(Users.LAST_EVENT_TS));
    return Columns.project(merged, Users.SCHEMA);
  }

  /** max_by skips rows whose ordering is null: order only the rows that have a value. */
  private static Column latestNonNull(String column, Column at) {
    return max_by(col(column), when(col(column).isNotNull(), at)).as(column);
  }
}
