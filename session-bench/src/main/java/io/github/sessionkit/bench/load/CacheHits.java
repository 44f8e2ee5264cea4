package io.github.sessionkit.bench.load;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.spi.TierView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads of the fastest tier of a tiered store during a run (the local tier, unless it is turned
 * off): the cache hit ratio the thresholds grade.
 *
 * @param tier the tier's name
 * @param hits reads it answered with a session
 * @param misses reads it answered without one
 */
record CacheHits(String tier, long hits, long misses) {

  /** Hits over reads; 0 without reads. */
  double ratio() {
    long reads = hits + misses;
    return reads == 0 ? 0 : (double) hits / reads;
  }

  long reads() {
    return hits + misses;
  }

  /**
   * The tiers' counters now, or an empty list when the store is not tiered. Read from the store
   * rather than through {@code SessionManager.stats()}, which (the same tier counters aside) also
   * counts the stored sessions: a scan of a whole Redis keyspace that a load test has no business
   * adding to the load.
   */
  static List<TierStats> snapshot(SessionManager manager) {
    return manager.store().tiers().map(TierView::tierStats).orElse(List.of());
  }

  /** What the fastest tier did between two snapshots, or null when the store is not tiered. */
  static @Nullable CacheHits between(List<TierStats> before, List<TierStats> after) {
    if (after.isEmpty()) {
      return null;
    }
    TierStats first = after.get(0);
    long hits = first.hits();
    long misses = first.misses();
    for (TierStats earlier : before) {
      if (earlier.name().equals(first.name()) && earlier.role() == first.role()) {
        hits -= earlier.hits();
        misses -= earlier.misses();
        break;
      }
    }
    return new CacheHits(
        first.name() + " (" + first.role().name().toLowerCase(java.util.Locale.ROOT) + ")",
        Math.max(0, hits),
        Math.max(0, misses));
  }
}
