package org.campaignmetrics.testing;

import java.net.URI;

/** The {@code user=} and {@code password=} of a test server's URL ({@code CM_TEST_MARIADB_URL}, {@code CM_TEST_POSTGRES_URL}). */
final class TestUrls {
  private TestUrls() {}

  /** {user, password}: from the query, else {@code defaultUser} and an empty password. */
  static String[] credentials(URI uri, String defaultUser) {
    String user = defaultUser;
    String password = "";
    if (uri.getQuery() != null) {
      for (String pair : uri.getQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals("user")) {
          user = kv.length > 1 ? kv[1] : "";
        } else if (kv[0].equals("password")) {
          password = kv.length > 1 ? kv[1] : "";
        }
      }
    }
    return new String[] {user, password};
  }
}
