package io.github.sessionkit.spi;

/**
 * Receives change notifications from a store shared between nodes. Methods are called on a store's
 * notification thread and must return quickly; every method has a no-op default so hooks can be
 * added without breaking implementers.
 */
public interface StoreListener {

  /** Another node saved, touched, rotated or deleted the session under this key. */
  default void changed(SessionKey key) {}

  /**
   * The session under this key changed: after the change it has {@code version} and was last
   * accessed at {@code lastAccessedAt}. A copy at least as new in both is current (it is the change
   * itself, or a later one), so a node keeps its own fresh copy when its own notice comes back. A
   * deletion, a rotation away from the key, or a change the store cannot describe reports {@link
   * #UNKNOWN_VERSION}: every copy is outdated. The default calls {@link #changed(SessionKey)}.
   */
  default void changed(SessionKey key, long version, long lastAccessedAt) {
    changed(key);
  }

  /** The version of a change notice that says nothing of the new state: drop every copy. */
  long UNKNOWN_VERSION = Long.MAX_VALUE;

  /**
   * Another node changed or deleted this session in the record of truth but could not update the
   * caches above it ({@link GenerationLedger#announceStale}): a cache copy of it may be outdated
   * and should be replaced from the record of truth.
   */
  default void staleInCaches(SessionKey key) {}

  /**
   * The notification channel was lost: changes may have been missed from now until {@link
   * #reconnected()}. A local cache should stop trusting its copies.
   */
  default void disconnected() {}

  /** The notification channel is back; changes are delivered again. */
  default void reconnected() {}
}
