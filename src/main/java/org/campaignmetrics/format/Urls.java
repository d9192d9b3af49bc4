package org.campaignmetrics.format;

import java.util.regex.Pattern;

/** Database URLs as they may be shown: never with credentials (docs/architecture.md "Conventions"). */
public final class Urls {
  /** {@code user:password@} after the scheme's {@code //}. */
  private static final Pattern USERINFO = Pattern.compile("(//)[^/@?#]*@");
  /** A password (or pwd) parameter, in the query or after a {@code ;}. */
  private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;](?:password|pwd)=)[^&;]*");

  private Urls() {}

  /** True when the URL carries credentials: a user-info part or a password parameter. */
  public static boolean hasCredentials(String url) {
    return USERINFO.matcher(url).find() || PASSWORD.matcher(url).find();
  }

  /** The URL with any user-info and password parameter replaced by {@code ***}. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    return PASSWORD.matcher(USERINFO.matcher(url).replaceAll("$1***@")).replaceAll("$1***");
  }
}
