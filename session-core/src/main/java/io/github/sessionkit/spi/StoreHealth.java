package io.github.sessionkit.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a store's backend answers, with details for operators.
 *
 * @param store the store's {@link SessionStore#name() name}
 * @param available whether the backend answered the check
 * @param error why it did not, without secrets, or null when available
 * @param details backend facts safe to show (server version, pool sizes...); never secrets
 */
public record StoreHealth(
    String store, boolean available, @Nullable String error, Map<String, Object> details) {

  public StoreHealth {
    Objects.requireNonNull(store, "store");
    details = Map.copyOf(details);
  }

  /** A healthy store with details. */
  public static StoreHealth up(String store, Map<String, Object> details) {
    return new StoreHealth(store, true, null, details);
  }

  /** An unreachable store and why ({@code error} is null when the failure carried no message). */
  public static StoreHealth down(String store, @Nullable String error) {
    return new StoreHealth(store, false, error, Map.of());
  }
}
