package io.github.sessionkit.spi;

import java.util.List;

/**
 * What a store made of other stores (a tiered store) shows about its tiers: counters, breaker
 * states and which tier serves reads. Reached through {@link SessionStore#tiers()}, so callers need
 * not know the store's class. Implementations are thread-safe.
 */
public interface TierView {

  /** Per-tier counters and breaker states, fastest tier first. */
  List<TierStats> tierStats();

  /** The name of the tier that would answer a read now. */
  String servingTier();

  /**
   * Adds a listener for breaker changes and tier calls (metrics, alerts). It sees what happens from
   * then on; its exceptions are logged and never reach the caller.
   */
  void addListener(TierListener listener);
}
