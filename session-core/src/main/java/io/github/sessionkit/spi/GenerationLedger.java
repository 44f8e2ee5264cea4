package io.github.sessionkit.spi;

/**
 * Durable agreement on cache generations, kept by a record of truth (PostgreSQL) for the caches
 * above it. Every node that reports the same dataset identity of a cache gets the same generation;
 * the first report of a new identity advances it by one, atomically across nodes. It also carries
 * word of single copies that a node could not update in its caches ({@link #announceStale}), so
 * that nodes which can reach those caches repair them at once.
 *
 * <p>Reached through {@link SessionStore#generationLedger()}. Thread-safe.
 */
public interface GenerationLedger {

  /**
   * The generation of {@code cache} (a name such as {@code redis}) while its dataset identity is
   * {@code identity}: unchanged for an identity already recorded, one more than before for a new
   * one, 1 for the first.
   *
   * @throws io.github.sessionkit.StoreUnavailableException if the ledger cannot be reached
   */
  long generationFor(String cache, String identity);

  /**
   * Tells every node subscribed to this store that the cache copies of {@code key} may be outdated:
   * this node changed or deleted the session here but could not write the caches above (they were
   * unreachable from this node). Subscribers receive {@link StoreListener#staleInCaches}. Best
   * effort; the default does nothing.
   *
   * @throws io.github.sessionkit.StoreUnavailableException if the store cannot be reached
   */
  default void announceStale(SessionKey key) {}
}
