package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.TierListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one node's tiered store reports: each tier call's latency goes to the node's chart, each
 * breaker transition to a short log shown on the admin page. Thread-safe.
 */
final class TierEvents implements TierListener {

  /** A breaker transition, as the admin page shows it. */
  record BreakerChange(long atMillis, String tier, String from, String to) {}

  private static final int KEPT_CHANGES = 20;

  private final LatencyRecorder latencies;
  private final Deque<BreakerChange> changes = new ArrayDeque<>();

  TierEvents(LatencyRecorder latencies) {
    this.latencies = latencies;
  }

  @Override
  public void breakerStateChanged(String tier, String fromState, String toState) {
    synchronized (changes) {
      changes.addFirst(new BreakerChange(System.currentTimeMillis(), tier, fromState, toState));
      while (changes.size() > KEPT_CHANGES) {
        changes.removeLast();
      }
    }
  }

  @Override
  public void callCompleted(
      String tier, String operation, long nanos, @Nullable StoreException failure) {
    latencies.record(tier, nanos);
  }

  /** The latest transitions, newest first. */
  List<BreakerChange> recentChanges() {
    synchronized (changes) {
      return new ArrayList<>(changes);
    }
  }
}
