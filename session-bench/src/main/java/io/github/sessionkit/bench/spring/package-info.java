/**
 * JMH benchmarks of sessionkit beside Spring Session on the same embedded servers, and
 * {@link io.github.sessionkit.bench.spring.SpringComparison}, which runs them and prints the
 * comparison table. Benchmark-only code: never part of a published artifact.
 */
@org.jspecify.annotations.NullMarked
package io.github.sessionkit.bench.spring;
