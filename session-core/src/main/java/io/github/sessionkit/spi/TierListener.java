package io.github.sessionkit.spi;

import io.github.sessionkit.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * Told when the circuit breaker of a tier changes state and when a call to a tier completes, for
 * alerts and metrics. Called on the thread whose call caused the event; must return quickly.
 * Exceptions are logged and swallowed. Methods have no-op defaults.
 */
public interface TierListener {

  /**
   * A tier's breaker moved, for example from {@code CLOSED} to {@code OPEN} when the tier failed,
   * or from {@code HALF_OPEN} to {@code CLOSED} when it recovered.
   */
  default void breakerStateChanged(String tier, String fromState, String toState) {}

  /**
   * A call to a tier finished.
   *
   * @param tier the tier's store name
   * @param operation the store operation ({@code load}, {@code merge}, {@code touch}...)
   * @param nanos how long it took
   * @param failure why it failed, or null if it succeeded
   */
  default void callCompleted(
      String tier, String operation, long nanos, @Nullable StoreException failure) {}
}
