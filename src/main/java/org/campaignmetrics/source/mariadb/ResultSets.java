package org.campaignmetrics.source.mariadb;

import java.sql.ResultSet;
import java.sql.SQLException;

/** SQL NULL as Java null for the numeric columns JDBC hands back as primitives. */
public final class ResultSets {
  private ResultSets() {}

  public static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  public static Integer nullableInt(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }
}
