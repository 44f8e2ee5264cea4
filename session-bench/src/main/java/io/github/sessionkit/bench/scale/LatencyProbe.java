package io.github.sessionkit.bench.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times one operation on one thread: a warm-up, then every call timed with {@link
 * System#nanoTime()} on a uniformly random stored session until the measurement time is up or
 * {@link #MAX_SAMPLES} calls are recorded. A plain timed loop, not JMH. The sample array is
 * allocated once, up front, so it is not part of any heap measurement. Not thread-safe.
 */
final class LatencyProbe {

  /** The most calls recorded per measurement. */
  static final int MAX_SAMPLES = 5_000_000;

  /** One call of the measured operation on a stored session. */
  @FunctionalInterface
  interface Operation {
    void run(String id, long iteration);
  }

  /**
   * The latencies of one operation.
   *
   * @param operation what was measured
   * @param stored how many sessions were stored
   * @param medianNanos the median call
   * @param p99Nanos the 99th percentile call
   * @param count how many calls were recorded
   */
  record Latency(String operation, int stored, long medianNanos, long p99Nanos, int count) {}

  private final long[] samples = new long[MAX_SAMPLES];
  private final Duration warmup;
  private final Duration measurement;

  LatencyProbe(Duration warmup, Duration measurement) {
    this.warmup = warmup;
    this.measurement = measurement;
  }

  /** Measures an operation on sessions {@code 0} to {@code stored - 1} of the id table. */
  Latency measure(String operation, IdTable ids, int stored, Operation op) {
    SplittableRandom random = new SplittableRandom(31L * stored + operation.hashCode());
    long iteration = 0;
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    while (System.nanoTime() - warmupEnd < 0) {
      op.run(ids.get(random.nextInt(stored)), iteration++);
    }
    int n = 0;
    long end = System.nanoTime() + measurement.toNanos();
    while (n < samples.length) {
      String id = ids.get(random.nextInt(stored));
      long start = System.nanoTime();
      op.run(id, iteration++);
      long stop = System.nanoTime();
      samples[n++] = stop - start;
      if (stop - end >= 0) {
        break;
      }
    }
    Arrays.sort(samples, 0, n);
    return new Latency(
        operation, stored, samples[(n - 1) / 2], samples[percentileIndex(n, 0.99)], n);
  }

  /** The index of the {@code p} quantile in a sorted array of {@code n} values (nearest rank). */
  static int percentileIndex(int n, double p) {
    return Math.max(0, Math.min(n - 1, (int) Math.ceil(p * n) - 1));
  }
}
