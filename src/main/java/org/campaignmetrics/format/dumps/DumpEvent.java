package org.campaignmetrics.format.dumps;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fields of one decoded dump line that the canonical datasets use. For a revision the
 * user fields describe its performer ({@code event_user_*}); for a user event they describe
 * the user acted upon ({@code user_*}). Timestamps are microseconds since the epoch, UTC.
 * Mutable and reused by {@link DumpLineDecoder}. Ids, times and sizes are {@code long}s, {@link
 * #NONE} when the line has none (no allocation per field and line).
 */
public final class DumpEvent {
  /**
   * An absent id, time or size: no dump value parses to it (the decoder rejects a number beyond
   * the {@code long} range, and {@link DumpTimestamps#INVALID} is the same value).
   */
  public static final long NONE = Long.MIN_VALUE;

  public String wikiDb;
  public long eventTs = NONE;

  public long userId = NONE;
  public long userCentralId = NONE;
  /**
   * The user name when the dump escaped it, or when set by hand; a name written without escapes
   * is only the line's own bytes {@code userNameBytes[userNameOffset..+userNameLength)}, valid
   * until the next line is decoded. {@link #userName()} gives either as a String.
   */
  public String userName;
  public byte[] userNameBytes;
  public int userNameOffset;
  public int userNameLength;
  public Boolean userIsAnonymous;
  public Boolean userIsTemporary;
  public boolean userIsBot;
  /**
   * The user's groups as the line's own field (escaped, joined by commas), null when empty:
   * {@code userGroupsBytes[userGroupsOffset..+userGroupsLength)}, valid until the next line is
   * decoded; split into a list by {@link #userGroups()} only when asked.
   */
  public byte[] userGroupsBytes;
  public int userGroupsOffset;
  public int userGroupsLength;
  public String createdBy;
  public long registrationTs = NONE;
  public long creationTs = NONE;
  public long firstEditTs = NONE;

  public long revisionId = NONE;
  public long pageId = NONE;
  public Integer pageNamespace;
  public Boolean pageNamespaceIsContent;
  public Boolean isPageCreation;
  public long bytesDiff = NONE;
  public Boolean pageIsDeleted;
  public Boolean isReverted;

  /** The user name (unescaped), or null. */
  public String userName() {
    if (userName == null && userNameBytes != null) {
      return new String(userNameBytes, userNameOffset, userNameLength, StandardCharsets.UTF_8);
    }
    return userName;
  }

  /** The user's groups, split and unescaped, or null when the field is empty. */
  public List<String> userGroups() {
    return userGroupsBytes == null ? null : TsvEscapes.splitArray(userGroupsBytes, userGroupsOffset, userGroupsLength);
  }

  /** A registered account (not an IP edit, has a local user id). */
  public boolean hasRegisteredUser() {
    return userId > 0 && !Boolean.TRUE.equals(userIsAnonymous); // NONE is negative
  }

  void clear() {
    wikiDb = null;
    eventTs = NONE;
    userId = NONE;
    userCentralId = NONE;
    userName = null;
    userNameBytes = null;
    userIsAnonymous = null;
    userIsTemporary = null;
    userIsBot = false;
    userGroupsBytes = null;
    createdBy = null;
    registrationTs = NONE;
    creationTs = NONE;
    firstEditTs = NONE;
    revisionId = NONE;
    pageId = NONE;
    pageNamespace = null;
    pageNamespaceIsContent = null;
    isPageCreation = null;
    bytesDiff = NONE;
    pageIsDeleted = null;
    isReverted = null;
  }
}
