package io.github.sessionkit.spi;

/**
 * Durable agreement on cache generations, kept by a record of truth (PostgreSQL) for the caches
 * above it. Every node that reports the same dataset identity of a cache gets the same
 * generation; the first report of a new identity advances it by one, atomically across nodes.
 *
 * <p>Reached through {@link SessionStore#generationLedger()}. Thread-safe.
 */
public interface GenerationLedger {

  /**
   * The generation of {@code cache} (a name such as {@code redis}) while its dataset identity
   * is {@code identity}: unchanged for an identity already recorded, one more than before for a
   * new one, 1 for the first.
   *
   * @throws io.github.sessionkit.StoreUnavailableException if the ledger cannot be reached
   */
  long generationFor(String cache, String identity);
}
