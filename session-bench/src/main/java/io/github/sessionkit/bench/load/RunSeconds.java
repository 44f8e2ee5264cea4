package io.github.sessionkit.bench.load;

/**
 * The seconds of a run, the timeline's slots: which second a moment on the {@link
 * System#nanoTime()} scale falls in.
 *
 * @param startNanos the run's start on the {@link System#nanoTime()} scale
 * @param seconds how many seconds the run lasts, at least 1
 */
record RunSeconds(long startNanos, int seconds) {

  private static final long SECOND = 1_000_000_000L;

  RunSeconds {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
    }
  }

  /** The second of the run a moment falls in, or -1 outside the run. */
  int secondOf(long nanos) {
    long offset = nanos - startNanos;
    if (offset < 0) {
      return -1;
    }
    long second = offset / SECOND;
    return second < seconds ? (int) second : -1;
  }
}
