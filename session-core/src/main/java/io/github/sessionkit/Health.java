package io.github.sessionkit;

import io.github.sessionkit.spi.StoreHealth;
import java.util.List;

/**
 * Whether a manager can serve sessions now. Contains no secrets; safe for a health endpoint.
 *
 * @param up whether the store answers
 * @param store the store's name
 * @param stores health of the store and, for a composed store, of each part
 */
public record Health(boolean up, String store, List<StoreHealth> stores) {

  public Health {
    stores = List.copyOf(stores);
  }
}
