package io.github.sessionkit.tiered;

/**
 * A source of nanoseconds for measuring elapsed time (breaker call durations, verification
 * windows), like Caffeine's {@code Ticker}: tests pass one they move by hand instead of sleeping.
 * Only differences between two readings mean anything.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary origin. */
  long read();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
