package io.github.sessionkit.spi;

/** What {@link SessionStore#fill} did with a copy of a record. */
public enum FillOutcome {
  /**
   * The copy was written where the store held no live copy: the key was absent (never cached,
   * evicted, lost in a restart) or held an expired or unreadable entry. A cache filler that races a
   * deletion checks the record of truth again after this outcome, since no tombstone stood in the
   * way.
   */
  CREATED,
  /** The copy replaced an older live copy. */
  REPLACED,
  /** Nothing was written: the store holds the same or a newer version, or a tombstone. */
  KEPT;

  /** Whether the copy was written. */
  public boolean written() {
    return this != KEPT;
  }
}
