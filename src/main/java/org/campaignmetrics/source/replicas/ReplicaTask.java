package org.campaignmetrics.source.replicas;

import java.io.Serializable;
import java.util.List;

/**
 * One bounded unit of extraction on one wiki: the revisions, the archived revisions or the
 * users either of a batch of named users (participants known) or of an id range
 * {@code (lo, hi]} (full read). Each is read in keyset pages by {@link WikiSession}.
 */
public record ReplicaTask(Kind kind, String wiki, List<String> names, long lo, long hi) implements Serializable {
  public enum Kind { REVISIONS, ARCHIVE, USERS }

  public static ReplicaTask byNames(Kind kind, String wiki, List<String> names) {
    return new ReplicaTask(kind, wiki, List.copyOf(names), 0, 0);
  }

  public static ReplicaTask byRange(Kind kind, String wiki, long lo, long hi) {
    return new ReplicaTask(kind, wiki, null, lo, hi);
  }

  public boolean byNames() {
    return names != null;
  }
}
