package org.campaignmetrics.format;

import java.util.regex.Pattern;

/**
 * MediaWiki's user-name normalisation, as {@code Title}/{@code UserNameUtils} apply it to a name
 * typed by a person: underscores are spaces, no spaces at either end, the first letter upper case
 * (https://www.mediawiki.org/wiki/Manual:$wgCapitalLinks; user names are always capitalised).
 * Names read from the history or the replicas are already in this form.
 */
public final class UserNames {
  /** Bidi marks MediaWiki strips from titles (LRM, RLM, U+202A–U+202E), and a byte-order mark. */
  private static final Pattern INVISIBLE = Pattern.compile("[\u200E\u200F\u202A-\u202E\uFEFF]+");
  /** What MediaWiki reads as a space in a title; a run of them is one space. */
  private static final Pattern SPACES =
      Pattern.compile("[ _\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+");

  private UserNames() {}

  /**
   * The name as MediaWiki stores it (its title normalisation, {@code MediaWikiTitleCodec::splitTitleString}:
   * bidi marks removed, each run of spaces and underscores one space, trimmed, first letter upper
   * case), or null for a null or blank name. A byte-order mark is removed too.
   */
  public static String normalise(String name) {
    if (name == null) {
      return null;
    }
    String trimmed = SPACES.matcher(INVISIBLE.matcher(name).replaceAll("")).replaceAll(" ").strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    int first = trimmed.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
        .append(trimmed.substring(Character.charCount(first))).toString();
  }
}
