package io.github.sessionkit;

/** What a manager does when a principal would exceed its maximum number of sessions. */
public enum SessionLimitPolicy {
  /** Refuse the new session with {@link SessionLimitExceededException}. */
  REJECT_NEW,
  /** Invalidate the principal's oldest sessions to make room. */
  EVICT_OLDEST
}
