package io.github.sessionkit.examples.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Call latencies of the last minute, per named series ("lookup", "redis", "postgresql"...), in
 * one-second buckets, for the admin page's chart. Thread-safe; recording costs a short lock on one
 * series.
 */
final class LatencyRecorder {

  static final int WINDOW_SECONDS = 60;

  private final Map<String, Series> series = new ConcurrentHashMap<>();

  void record(String name, long nanos) {
    record(name, nanos, System.currentTimeMillis());
  }

  void record(String name, long nanos, long nowMillis) {
    series.computeIfAbsent(name, n -> new Series()).add(nowMillis / 1000, nanos);
  }

  /**
   * The last {@value #WINDOW_SECONDS} seconds up to {@code nowMillis}, oldest first, per series:
   * each second is {@code [calls, average ms, maximum ms]}, or null when there were no calls.
   */
  Map<String, List<double @Nullable []>> snapshot(long nowMillis) {
    long newest = nowMillis / 1000;
    Map<String, List<double @Nullable []>> out = new LinkedHashMap<>();
    series.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.put(e.getKey(), e.getValue().window(newest)));
    return out;
  }

  /** One series: a ring of per-second buckets, each remembering which second it holds. */
  private static final class Series {
    private final long[] second = new long[WINDOW_SECONDS];
    private final long[] count = new long[WINDOW_SECONDS];
    private final long[] sumNanos = new long[WINDOW_SECONDS];
    private final long[] maxNanos = new long[WINDOW_SECONDS];

    Series() {
      java.util.Arrays.fill(second, -1);
    }

    synchronized void add(long epochSecond, long nanos) {
      int slot = (int) Math.floorMod(epochSecond, (long) WINDOW_SECONDS);
      if (second[slot] != epochSecond) {
        second[slot] = epochSecond;
        count[slot] = 0;
        sumNanos[slot] = 0;
        maxNanos[slot] = 0;
      }
      count[slot]++;
      sumNanos[slot] += nanos;
      maxNanos[slot] = Math.max(maxNanos[slot], nanos);
    }

    synchronized List<double @Nullable []> window(long newestSecond) {
      List<double @Nullable []> points = new ArrayList<>(WINDOW_SECONDS);
      for (long s = newestSecond - WINDOW_SECONDS + 1; s <= newestSecond; s++) {
        int slot = (int) Math.floorMod(s, (long) WINDOW_SECONDS);
        if (second[slot] != s || count[slot] == 0) {
          points.add(null);
        } else {
          points.add(
              new double[] {
                count[slot],
                millis(sumNanos[slot] / (double) count[slot]),
                millis((double) maxNanos[slot])
              });
        }
      }
      return points;
    }

    private static double millis(double nanos) {
      return Math.round(nanos / 1_000.0) / 1_000.0;
    }
  }
}
