package org.campaignmetrics.source.dumps;

import java.util.List;

/**
 * The fields of one decoded dump line that the canonical datasets use. For a revision the
 * user fields describe its performer ({@code event_user_*}); for a user event they describe
 * the user acted upon ({@code user_*}). Timestamps are microseconds since the epoch, UTC.
 * Mutable and reused by {@link DumpLineDecoder}.
 */
public final class DumpEvent {
  public String wikiDb;
  public Long eventTs;

  public Long userId;
  public Long userCentralId;
  public String userName;
  /**
   * {@link #userName} as the line's own bytes {@code userNameBytes[userNameOffset..+userNameLength)}
   * when the dump wrote it without escapes (null otherwise); valid until the next line is decoded.
   */
  byte[] userNameBytes;
  int userNameOffset;
  int userNameLength;
  public Boolean userIsAnonymous;
  public Boolean userIsTemporary;
  public boolean userIsBot;
  public List<String> userGroups;
  public String createdBy;
  public Long registrationTs;
  public Long creationTs;
  public Long firstEditTs;

  public Long revisionId;
  public Long pageId;
  public Integer pageNamespace;
  public Boolean pageNamespaceIsContent;
  public Boolean isPageCreation;
  public Long bytesDiff;
  public Boolean pageIsDeleted;
  public Boolean isReverted;

  /** A registered account (not an IP edit, has a local user id). */
  public boolean hasRegisteredUser() {
    return userId != null && userId > 0 && !Boolean.TRUE.equals(userIsAnonymous);
  }

  void clear() {
    wikiDb = null;
    eventTs = null;
    userId = null;
    userCentralId = null;
    userName = null;
    userNameBytes = null;
    userIsAnonymous = null;
    userIsTemporary = null;
    userIsBot = false;
    userGroups = null;
    createdBy = null;
    registrationTs = null;
    creationTs = null;
    firstEditTs = null;
    revisionId = null;
    pageId = null;
    pageNamespace = null;
    pageNamespaceIsContent = null;
    isPageCreation = null;
    bytesDiff = null;
    pageIsDeleted = null;
    isReverted = null;
  }
}
