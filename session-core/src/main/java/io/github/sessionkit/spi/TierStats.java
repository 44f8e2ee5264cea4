package io.github.sessionkit.spi;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one tier of a tiered store has done, for operators.
 *
 * @param name the tier's store name
 * @param role its place in the chain
 * @param breakerState {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (or {@code NONE} for the
 *     local tier)
 * @param hits reads this tier answered with a session
 * @param misses reads this tier answered without one
 * @param errors calls to this tier that failed
 * @param skipped calls not made because the breaker was open or the key awaited repair
 * @param pendingRepairs keys this node wrote while the tier missed the write, to be repaired
 */
public record TierStats(
    String name,
    Role role,
    String breakerState,
    long hits,
    long misses,
    long errors,
    long skipped,
    long pendingRepairs) {

  /** Where a tier sits in the chain. */
  public enum Role {
    /** The in-process cache, first to be asked. */
    LOCAL,
    /** A shared cache (Redis) between the local tier and the record of truth. */
    CACHE,
    /** The last tier: the record of truth (PostgreSQL, or Redis when there is no database). */
    DURABLE
  }

  /** Hits over reads, or 0 before the first read. Included when the record is written as JSON. */
  @JsonProperty("hitRatio")
  public double hitRatio() {
    long reads = hits + misses;
    return reads == 0 ? 0 : (double) hits / reads;
  }
}
