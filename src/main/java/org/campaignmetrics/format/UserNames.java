package org.campaignmetrics.format;

/**
 * MediaWiki's user-name normalisation, as {@code Title}/{@code UserNameUtils} apply it to a name
 * typed by a person: underscores are spaces, no spaces at either end, the first letter upper case
 * (https://www.mediawiki.org/wiki/Manual:$wgCapitalLinks; user names are always capitalised).
 * Names read from the history or the replicas are already in this form.
 */
public final class UserNames {
  private UserNames() {}

  /** The name as MediaWiki stores it, or null for a null or blank name. */
  public static String normalise(String name) {
    if (name == null) {
      return null;
    }
    String trimmed = name.replace('_', ' ').strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    int first = trimmed.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
        .append(trimmed.substring(Character.charCount(first))).toString();
  }
}
