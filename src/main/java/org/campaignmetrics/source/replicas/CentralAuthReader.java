package org.campaignmetrics.source.replicas;

import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.campaignmetrics.format.mariadb.MediaWikiTimestamps;
import org.campaignmetrics.source.mariadb.WikiSession;

/**
 * CentralAuth's {@code globaluser} ({@code centralauth_p} on the replicas): the global account
 * of each user name — {@code gu_id} (the central id) and {@code gu_registration} (the global
 * registration time), looked up by name in batches of {@code replicas.actor_batch}.
 */
public final class CentralAuthReader {
  public static final String NAME = "user_name";
  public static final String CENTRAL_ID = "user_central_id";
  public static final String REGISTRATION = "registration_ts";

  public static final StructType SCHEMA = new StructType()
      .add(NAME, StringType, false)
      .add(CENTRAL_ID, LongType, false)
      .add(REGISTRATION, TimestampType);

  private final WikiSession session;

  public CentralAuthReader(WikiSession session) {
    this.session = session;
  }

  public List<Row> lookup(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<Object[]> found = session.page("SELECT convert(gu_name using utf8mb4), gu_id, gu_registration FROM globaluser "
        + "WHERE gu_name IN " + WikiSession.placeholders(names.size()) + " ORDER BY gu_id", s -> {
          for (int i = 0; i < names.size(); i++) {
            s.setString(i + 1, names.get(i));
          }
        }, rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getBytes(3)});
    List<Row> rows = new ArrayList<>(found.size());
    for (Object[] f : found) {
      rows.add(RowFactory.create(f[0], f[1], MediaWikiTimestamps.parseOrNull((byte[]) f[2])));
    }
    return rows;
  }
}
