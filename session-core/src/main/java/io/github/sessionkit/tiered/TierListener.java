package io.github.sessionkit.tiered;

/**
 * Told when the circuit breaker of a tier changes state, for alerts and metrics. Called on
 * the thread whose call caused the change; must return quickly. Exceptions are logged and
 * swallowed. Methods have no-op defaults.
 */
public interface TierListener {

  /**
   * A tier's breaker moved, for example from {@code CLOSED} to {@code OPEN} when the tier
   * failed, or from {@code HALF_OPEN} to {@code CLOSED} when it recovered.
   */
  default void breakerStateChanged(String tier, String fromState, String toState) {}
}
