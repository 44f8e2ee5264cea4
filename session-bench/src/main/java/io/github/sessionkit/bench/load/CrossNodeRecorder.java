package io.github.sessionkit.bench.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Collects the outcomes of the cross-node probes of a run: how many of each check ran and failed,
 * the first failure's description, and failures per second for the timeline. Thread-safe.
 */
final class CrossNodeRecorder {

  /** What a probe checks, one request apart, on two different nodes. */
  enum Check {
    FOUND_ON_OTHER("session created on one node, found on the other"),
    LOGOUT_HONOURED("logout on one node, refused on the other");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private final RunSeconds seconds;
  private final Map<Check, LongAdder> runs = new EnumMap<>(Check.class);
  private final Map<Check, LongAdder> failures = new EnumMap<>(Check.class);
  private final Map<Check, AtomicReference<@Nullable String>> firstFailure =
      new EnumMap<>(Check.class);
  private final AtomicLongArray failuresPerSecond;
  private final AtomicLong slowestRefusalNanos = new AtomicLong();

  CrossNodeRecorder(RunSeconds seconds) {
    this.seconds = seconds;
    for (Check check : Check.values()) {
      runs.put(check, new LongAdder());
      failures.put(check, new LongAdder());
      firstFailure.put(check, new AtomicReference<>());
    }
    failuresPerSecond = new AtomicLongArray(seconds.seconds());
  }

  /**
   * @param atNanos when the probe ran, on the {@link System#nanoTime()} scale
   * @param failure what went wrong, or null when the check held
   */
  void record(Check check, long atNanos, @Nullable String failure) {
    runs.get(check).increment();
    if (failure != null) {
      failures.get(check).increment();
      firstFailure.get(check).compareAndSet(null, failure);
      int second = seconds.secondOf(atNanos);
      if (second >= 0) {
        failuresPerSecond.incrementAndGet(second);
      }
    }
  }

  /**
   * Notes how long after a logout the other node went on serving the session before it refused it.
   */
  void refusedAfter(long nanos) {
    slowestRefusalNanos.accumulateAndGet(nanos, Math::max);
  }

  /**
   * The longest another node served a logged-out session before refusing it; 0 when every refusal
   * was at once.
   */
  long slowestRefusalNanos() {
    return slowestRefusalNanos.get();
  }

  long runs(Check check) {
    return runs.get(check).sum();
  }

  long failures(Check check) {
    return failures.get(check).sum();
  }

  @Nullable String firstFailure(Check check) {
    return firstFailure.get(check).get();
  }

  long failuresInSecond(int second) {
    return failuresPerSecond.get(second);
  }
}
