package org.campaignmetrics.format.dumps;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The column layouts of the MediaWiki history dumps, told apart by field count
 * (https://wikitech.wikimedia.org/wiki/Analytics/Data_Lake/Edits/Mediawiki_history_dumps, "Schema details", and
 * docs/datasets.md). Every layout is the 78-column one with some columns
 * missing; {@link #position(Column)} gives a column's 0-based field index or -1.
 */
public enum DumpLayout {
  L70(70, Column.EVENT_LOG_ID, Column.EVENT_USER_CENTRAL_ID, Column.EVENT_USER_IS_TEMPORARY,
      Column.EVENT_USER_IS_PERMANENT, Column.EVENT_USER_IS_CROSS_WIKI, Column.USER_CENTRAL_ID,
      Column.USER_IS_TEMPORARY, Column.USER_IS_PERMANENT),
  L74(74, Column.EVENT_LOG_ID, Column.EVENT_USER_CENTRAL_ID, Column.EVENT_USER_IS_CROSS_WIKI,
      Column.USER_CENTRAL_ID),
  L76(76, Column.EVENT_LOG_ID, Column.EVENT_USER_IS_CROSS_WIKI),
  /** Ambiguous in the sources; taken as 78 without event_user_is_cross_wiki (committed last). */
  L77(77, Column.EVENT_USER_IS_CROSS_WIKI),
  L78(78);

  /** The 78 columns in their current order. */
  public enum Column {
    WIKI_DB, EVENT_LOG_ID, EVENT_ENTITY, EVENT_TYPE, EVENT_TIMESTAMP, EVENT_COMMENT,
    EVENT_USER_ID, EVENT_USER_CENTRAL_ID, EVENT_USER_TEXT_HISTORICAL, EVENT_USER_TEXT,
    EVENT_USER_BLOCKS_HISTORICAL, EVENT_USER_BLOCKS, EVENT_USER_GROUPS_HISTORICAL, EVENT_USER_GROUPS,
    EVENT_USER_IS_BOT_BY_HISTORICAL, EVENT_USER_IS_BOT_BY, EVENT_USER_IS_CREATED_BY_SELF,
    EVENT_USER_IS_CREATED_BY_SYSTEM, EVENT_USER_IS_CREATED_BY_PEER, EVENT_USER_IS_ANONYMOUS,
    EVENT_USER_IS_TEMPORARY, EVENT_USER_IS_PERMANENT, EVENT_USER_IS_CROSS_WIKI,
    EVENT_USER_REGISTRATION_TIMESTAMP, EVENT_USER_CREATION_TIMESTAMP, EVENT_USER_FIRST_EDIT_TIMESTAMP,
    EVENT_USER_REVISION_COUNT, EVENT_USER_SECONDS_SINCE_PREVIOUS_REVISION,
    PAGE_ID, PAGE_TITLE_HISTORICAL, PAGE_TITLE, PAGE_NAMESPACE_HISTORICAL,
    PAGE_NAMESPACE_IS_CONTENT_HISTORICAL, PAGE_NAMESPACE, PAGE_NAMESPACE_IS_CONTENT, PAGE_IS_REDIRECT,
    PAGE_IS_DELETED, PAGE_CREATION_TIMESTAMP, PAGE_FIRST_EDIT_TIMESTAMP, PAGE_REVISION_COUNT,
    PAGE_SECONDS_SINCE_PREVIOUS_REVISION,
    USER_ID, USER_CENTRAL_ID, USER_TEXT_HISTORICAL, USER_TEXT, USER_BLOCKS_HISTORICAL, USER_BLOCKS,
    USER_GROUPS_HISTORICAL, USER_GROUPS, USER_IS_BOT_BY_HISTORICAL, USER_IS_BOT_BY,
    USER_IS_CREATED_BY_SELF, USER_IS_CREATED_BY_SYSTEM, USER_IS_CREATED_BY_PEER, USER_IS_ANONYMOUS,
    USER_IS_TEMPORARY, USER_IS_PERMANENT, USER_REGISTRATION_TIMESTAMP, USER_CREATION_TIMESTAMP,
    USER_FIRST_EDIT_TIMESTAMP,
    REVISION_ID, REVISION_PARENT_ID, REVISION_MINOR_EDIT, REVISION_DELETED_PARTS,
    REVISION_DELETED_PARTS_ARE_SUPPRESSED, REVISION_TEXT_BYTES, REVISION_TEXT_BYTES_DIFF,
    REVISION_TEXT_SHA1, REVISION_CONTENT_MODEL, REVISION_CONTENT_FORMAT,
    REVISION_IS_DELETED_BY_PAGE_DELETION, REVISION_DELETED_BY_PAGE_DELETION_TIMESTAMP,
    REVISION_IS_IDENTITY_REVERTED, REVISION_FIRST_IDENTITY_REVERTING_REVISION_ID,
    REVISION_SECONDS_TO_IDENTITY_REVERT, REVISION_IS_IDENTITY_REVERT,
    REVISION_IS_FROM_BEFORE_PAGE_CREATION, REVISION_TAGS;

    /** The dump's own (Hive) column name. */
    public String dumpName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static {
    if (Column.values().length != 78) {
      throw new AssertionError("the current layout has 78 columns");
    }
  }

  private final int fieldCount;
  private final int[] positions = new int[Column.values().length];

  DumpLayout(int fieldCount, Column... missing) {
    this.fieldCount = fieldCount;
    List<Column> absent = Arrays.asList(missing);
    int next = 0;
    for (Column column : Column.values()) {
      positions[column.ordinal()] = absent.contains(column) ? -1 : next++;
    }
    if (next != fieldCount) {
      throw new AssertionError(name() + ": " + next + " positions for " + fieldCount + " fields");
    }
  }

  public int fieldCount() {
    return fieldCount;
  }

  /** 0-based field index of the column in this layout, or -1 when the layout lacks it. */
  public int position(Column column) {
    return positions[column.ordinal()];
  }

  /** The layout with this many fields, or null. */
  public static DumpLayout forFieldCount(int fields) {
    switch (fields) {
      case 70: return L70;
      case 74: return L74;
      case 76: return L76;
      case 77: return L77;
      case 78: return L78;
      default: return null;
    }
  }
}
