/**
 * The benchmark suite of issue 8: {@link io.github.sessionkit.bench.suite.SessionBenchmark}
 * (sessionkit's stores beside Spring Session's repositories), {@link
 * io.github.sessionkit.bench.suite.FloorBenchmark} (the raw clients under them) and {@link
 * io.github.sessionkit.bench.suite.BenchmarkSuite}, which runs both on one pair of servers and
 * writes the tables into {@code docs/benchmarks.md}.
 */
@NullMarked
package io.github.sessionkit.bench.suite;

import org.jspecify.annotations.NullMarked;
