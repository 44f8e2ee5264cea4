package io.github.sessionkit.bench.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Collects the latencies and outcomes of a run: one histogram per operation for the whole run,
 * and one histogram (all operations) plus an error count per second, for the charts.
 * Operations are placed in the second they started in; those starting outside the run's
 * seconds count for their operation only.
 *
 * <p>Thread-safe: every virtual user records into the same instance.
 */
final class LatencyRecorder {

  /** Distinct error descriptions kept; the rest are counted under one line. */
  static final int MAX_ERROR_KINDS = 20;
  static final String OTHER_ERRORS = "(other errors)";

  private final long startNanos;
  private final int seconds;
  private final Map<Operation, Histogram> operations = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> operationErrors = new EnumMap<>(Operation.class);
  private final AtomicReferenceArray<Histogram> perSecond;
  private final AtomicLongArray errorsPerSecond;
  private final AtomicIntegerArray usersPerSecond;
  private final LongAdder total = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

  /**
   * @param startNanos the run's start on the {@link System#nanoTime()} scale
   * @param seconds how many seconds the run lasts (the length of the timeline)
   */
  LatencyRecorder(long startNanos, int seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
    }
    this.startNanos = startNanos;
    this.seconds = seconds;
    for (Operation op : Operation.values()) {
      operations.put(op, new Histogram());
      operationErrors.put(op, new LongAdder());
    }
    perSecond = new AtomicReferenceArray<>(seconds);
    errorsPerSecond = new AtomicLongArray(seconds);
    usersPerSecond = new AtomicIntegerArray(seconds);
  }

  int seconds() {
    return seconds;
  }

  /**
   * Records one operation.
   *
   * @param startedNanos when it started, on the {@link System#nanoTime()} scale
   * @param latencyNanos how long it took, failed or not
   * @param error what went wrong, or null for a success
   */
  void record(Operation op, long startedNanos, long latencyNanos, @Nullable String error) {
    operations.get(op).record(latencyNanos);
    total.increment();
    int second = secondOf(startedNanos);
    if (second >= 0) {
      secondHistogram(second).record(latencyNanos);
    }
    if (error != null) {
      errors.increment();
      operationErrors.get(op).increment();
      if (second >= 0) {
        errorsPerSecond.incrementAndGet(second);
      }
      countErrorKind(op.label() + ": " + error);
    }
  }

  private void countErrorKind(String kind) {
    LongAdder counter = errorKinds.get(kind);
    if (counter == null) {
      // Messages can carry per-session details; a cap keeps a failing run from growing the map.
      String key = errorKinds.size() < MAX_ERROR_KINDS ? kind : OTHER_ERRORS;
      counter = errorKinds.computeIfAbsent(key, k -> new LongAdder());
    }
    counter.increment();
  }

  /** Notes how many virtual users were active in the second {@code atNanos} falls in (the highest seen wins). */
  void sampleUsers(long atNanos, int users) {
    int second = secondOf(atNanos);
    if (second >= 0) {
      usersPerSecond.accumulateAndGet(second, users, Math::max);
    }
  }

  /** The second of the run a moment falls in, or -1 outside the run. */
  int secondOf(long nanos) {
    long offset = nanos - startNanos;
    if (offset < 0) {
      return -1;
    }
    long second = offset / 1_000_000_000L;
    return second < seconds ? (int) second : -1;
  }

  private Histogram secondHistogram(int second) {
    Histogram h = perSecond.get(second);
    if (h == null) {
      perSecond.compareAndSet(second, null, new Histogram());
      h = perSecond.get(second);
    }
    return h;
  }

  /** Operations recorded so far, failed ones included. */
  long total() {
    return total.sum();
  }

  /** Failed operations recorded so far. */
  long errors() {
    return errors.sum();
  }

  Histogram operation(Operation op) {
    return operations.get(op);
  }

  long errors(Operation op) {
    return operationErrors.get(op).sum();
  }

  /** All operations of the second, empty for a second without any. */
  Histogram second(int second) {
    Histogram h = perSecond.get(second);
    return h != null ? h : new Histogram();
  }

  long errorsInSecond(int second) {
    return errorsPerSecond.get(second);
  }

  int usersInSecond(int second) {
    return usersPerSecond.get(second);
  }

  /** Error descriptions and their counts, most frequent first. */
  Map<String, Long> errorKinds() {
    Map<String, Long> sorted = new LinkedHashMap<>();
    errorKinds.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
    return sorted;
  }
}
