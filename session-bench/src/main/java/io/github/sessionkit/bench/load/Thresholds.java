package io.github.sessionkit.bench.load;

import java.time.Duration;

/**
 * The limits a run is graded against; the defaults are the ones the users' teams test against.
 *
 * @param maxAverage the average latency of all operations must be below this
 * @param maxP95 the 95th percentile must be below this
 * @param maxP99 the 99th percentile must be below this
 * @param minSuccessPercent the share of operations that succeed must be above this
 * @param minHitRatioPercent the cache tier's hit ratio must be above this (tiered stores only)
 */
record Thresholds(
    Duration maxAverage,
    Duration maxP95,
    Duration maxP99,
    double minSuccessPercent,
    double minHitRatioPercent) {

  static final Thresholds DEFAULTS =
      new Thresholds(
          Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), 99.5, 80);
}
