package io.github.sessionkit;

import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.TierStats;
import java.util.List;

/**
 * Whether a manager can serve sessions now. Contains no secrets; safe for a health endpoint.
 *
 * <p>For a tiered store, {@code up} means the record of truth answers; reads of sessions held by
 * the tiers above may still succeed when it does not.
 *
 * @param up whether the store (for a tiered store: its record of truth) answers
 * @param store the store's name
 * @param serving the tier answering reads now (the store's name for a single store)
 * @param stores health of the store, with each tier's details for a tiered store
 * @param tiers per-tier counters and breaker states of a tiered store; empty otherwise
 */
public record Health(
    boolean up, String store, String serving, List<StoreHealth> stores, List<TierStats> tiers) {

  public Health {
    stores = List.copyOf(stores);
    tiers = List.copyOf(tiers);
  }
}
