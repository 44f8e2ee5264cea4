package io.github.sessionkit.bench.suite;

/**
 * One benchmark's result: a request (or a floor operation) on a subject (or a raw client) at a
 * number of threads, as the latency distribution of every sampled operation.
 *
 * @param request {@code find}, {@code create}, {@code typical}, {@code readOnly}, {@code mixed}, or
 *     for a floor {@code read} and {@code write}
 * @param subject a {@link Subjects subject} name, or for a floor {@code caffeine}, {@code jedis} or
 *     {@code jdbc}
 * @param threads how many threads ran it at once
 * @param meanNanos mean time per operation; throughput is {@code threads / mean}
 * @param medianNanos median time per operation
 * @param p99Nanos 99th percentile time per operation
 * @param samples how many operations were timed
 * @param stealPercent CPU steal over its measured iterations ({@link StealProfiler}), NaN if not
 *     measured
 */
record Measurement(
    String request,
    String subject,
    int threads,
    double meanNanos,
    double medianNanos,
    double p99Nanos,
    long samples,
    double stealPercent) {

  /** Operations per second across all threads. */
  double opsPerSecond() {
    return threads * 1e9 / meanNanos;
  }
}
