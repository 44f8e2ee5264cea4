package io.github.sessionkit.bench.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Collects the latencies and outcomes of a run in HdrHistograms (nanoseconds, up to an hour; longer
 * ones count as an hour): one per scenario and operation for the whole run (3 significant digits:
 * percentiles within 0.1 %), and a {@link Recorder} of all operations whose interval histogram (2
 * digits) the runner turns into one second of the timeline once that second is over ({@link
 * #rollSecond}), with the errors, active users and timeline-header values of the second. A second
 * of the timeline holds the operations that ended in it.
 *
 * <p>Thread-safe: every virtual user records into the same instance; {@link #rollSecond} is called
 * by one thread, the runner's.
 */
final class LatencyRecorder {

  /** Distinct error descriptions kept; the rest are counted under one line. */
  static final int MAX_ERROR_KINDS = 20;

  static final String OTHER_ERRORS = "(other errors)";

  /** Distinct timeline-header values kept per second; the rest are counted under one. */
  static final int MAX_MARKS = 8;

  static final String OTHER_MARKS = "(other)";
  static final int RUN_DIGITS = 3;
  static final int SECOND_DIGITS = 2;

  /**
   * The longest latency told apart: an hour. A fixed range, so recording never resizes a histogram.
   */
  static final long MAX_NANOS = TimeUnit.HOURS.toNanos(1);

  /**
   * The latency figures of one second: the operations that ended in it.
   *
   * @param operations how many
   * @param errors how many of them failed
   */
  record SecondFigures(long operations, long errors, long p50Nanos, long p95Nanos, long p99Nanos) {
    static final SecondFigures NONE = new SecondFigures(0, 0, 0, 0, 0);
  }

  private final RunSeconds seconds;
  private final Map<Scenario, Map<Operation, Histogram>> histograms = new EnumMap<>(Scenario.class);
  private final Map<Scenario, Map<Operation, LongAdder>> errorCounts =
      new EnumMap<>(Scenario.class);
  private final Recorder interval = new Recorder(1, MAX_NANOS, SECOND_DIGITS);
  private final AtomicLong errorsInInterval = new AtomicLong();
  private final AtomicReferenceArray<SecondFigures> perSecond;
  private @Nullable Histogram recycled;
  private final AtomicIntegerArray usersPerSecond;
  private final AtomicReferenceArray<Map<String, LongAdder>> marksPerSecond;
  private final LongAdder total = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

  LatencyRecorder(RunSeconds seconds) {
    this.seconds = seconds;
    for (Scenario scenario : Scenario.values()) {
      Map<Operation, Histogram> byOperation = new EnumMap<>(Operation.class);
      Map<Operation, LongAdder> errorsByOperation = new EnumMap<>(Operation.class);
      for (Operation op : Operation.values()) {
        byOperation.put(op, new ConcurrentHistogram(1, MAX_NANOS, RUN_DIGITS));
        errorsByOperation.put(op, new LongAdder());
      }
      histograms.put(scenario, byOperation);
      errorCounts.put(scenario, errorsByOperation);
    }
    perSecond = new AtomicReferenceArray<>(seconds.seconds());
    usersPerSecond = new AtomicIntegerArray(seconds.seconds());
    marksPerSecond = new AtomicReferenceArray<>(seconds.seconds());
  }

  RunSeconds runSeconds() {
    return seconds;
  }

  int seconds() {
    return seconds.seconds();
  }

  /**
   * Records one operation.
   *
   * @param latencyNanos how long it took, failed or not; a negative value (a clock going back)
   *     counts as 0, one above an hour as an hour
   * @param error what went wrong, or null for a success
   */
  void record(Scenario scenario, Operation op, long latencyNanos, @Nullable String error) {
    long latency = Math.min(MAX_NANOS, Math.max(0, latencyNanos));
    histograms.get(scenario).get(op).recordValue(latency);
    interval.recordValue(latency);
    total.increment();
    if (error != null) {
      errors.increment();
      errorsInInterval.incrementAndGet();
      errorCounts.get(scenario).get(op).increment();
      count(errorKinds, op.label() + ": " + error, MAX_ERROR_KINDS, OTHER_ERRORS);
    }
  }

  /**
   * Closes a second of the timeline: what was recorded since the last call becomes that second's
   * figures. Called by the runner once the second is over; a second outside the run is dropped. One
   * thread only.
   */
  void rollSecond(int second) {
    Histogram h = interval.getIntervalHistogram(recycled);
    long failed = errorsInInterval.getAndSet(0);
    if (second >= 0 && second < seconds.seconds()) {
      perSecond.set(
          second,
          h.getTotalCount() == 0
              ? new SecondFigures(0, failed, 0, 0, 0)
              : new SecondFigures(
                  h.getTotalCount(),
                  failed,
                  h.getValueAtPercentile(50),
                  h.getValueAtPercentile(95),
                  h.getValueAtPercentile(99)));
    }
    recycled = h;
  }

  /**
   * Notes a value of the timeline header (which tier served, which node) in the second {@code
   * atNanos} falls in.
   */
  void mark(long atNanos, String value) {
    int second = seconds.secondOf(atNanos);
    if (second >= 0) {
      count(slot(marksPerSecond, second, ConcurrentHashMap::new), value, MAX_MARKS, OTHER_MARKS);
    }
  }

  /**
   * Counts {@code key}, or {@code other} once {@code max} distinct keys are counted: the map stays
   * small.
   */
  private static void count(Map<String, LongAdder> counts, String key, int max, String other) {
    LongAdder counter = counts.get(key);
    if (counter == null) {
      counter = counts.computeIfAbsent(counts.size() < max ? key : other, k -> new LongAdder());
    }
    counter.increment();
  }

  private static <T> T slot(
      AtomicReferenceArray<T> slots, int index, java.util.function.Supplier<T> create) {
    T value = slots.get(index);
    if (value == null) {
      slots.compareAndSet(index, null, create.get());
      value = slots.get(index);
    }
    return value;
  }

  /**
   * Notes how many virtual users were active in the second {@code atNanos} falls in (the highest
   * seen wins).
   */
  void sampleUsers(long atNanos, int users) {
    int second = seconds.secondOf(atNanos);
    if (second >= 0) {
      usersPerSecond.accumulateAndGet(second, users, Math::max);
    }
  }

  /** Operations recorded so far, failed ones included. */
  long total() {
    return total.sum();
  }

  /** Failed operations recorded so far. */
  long errors() {
    return errors.sum();
  }

  /**
   * The latencies of one operation of one scenario (a live histogram: copy it to read it while
   * users run).
   */
  Histogram histogram(Scenario scenario, Operation op) {
    return histograms.get(scenario).get(op);
  }

  long errors(Scenario scenario, Operation op) {
    return errorCounts.get(scenario).get(op).sum();
  }

  /** The figures of a second, empty for one not rolled yet. */
  SecondFigures second(int second) {
    SecondFigures figures = perSecond.get(second);
    return figures != null ? figures : SecondFigures.NONE;
  }

  int usersInSecond(int second) {
    return usersPerSecond.get(second);
  }

  /** The timeline header's values in the second, with their counts, most frequent first. */
  Map<String, Long> marksInSecond(int second) {
    Map<String, LongAdder> marks = marksPerSecond.get(second);
    return marks == null ? Map.of() : sorted(marks);
  }

  /** Error descriptions and their counts, most frequent first. */
  Map<String, Long> errorKinds() {
    return sorted(errorKinds);
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
    return sorted;
  }
}
