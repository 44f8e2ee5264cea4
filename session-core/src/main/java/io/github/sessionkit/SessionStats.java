package io.github.sessionkit;

import io.github.sessionkit.spi.TierStats;
import java.util.List;

/**
 * Counts for operators: what the store holds, and what this manager has done since it started. A
 * store count the backend cannot produce cheaply is -1.
 *
 * @param store the store's name
 * @param serving the tier answering reads now (the store's name for a single store)
 * @param totalSessions sessions stored, expired ones not yet removed included
 * @param activeSessions sessions not expired
 * @param createdLast24Hours sessions created in the last 24 hours
 * @param created sessions this manager created
 * @param invalidated sessions this manager invalidated
 * @param expired expired sessions this manager found or purged
 * @param rotated id rotations by this manager
 * @param rejectedIds lookups refused because the id was malformed
 * @param limitRejections new sessions refused by the per-principal limit
 * @param tiers per-tier counters and breaker states of a tiered store, fastest first; empty
 *     otherwise
 */
public record SessionStats(
    String store,
    String serving,
    long totalSessions,
    long activeSessions,
    long createdLast24Hours,
    long created,
    long invalidated,
    long expired,
    long rotated,
    long rejectedIds,
    long limitRejections,
    List<TierStats> tiers) {

  public SessionStats {
    tiers = List.copyOf(tiers);
  }
}
