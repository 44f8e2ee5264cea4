/**
 * The load-test tool: {@link io.github.sessionkit.bench.load.LoadTest} drives an application over
 * HTTP ({@code --target}) or a {@code SessionManager} configured by the environment with scenarios
 * and profiles, and grades the run against latency, success, cache-hit and cross-node thresholds.
 * Everything but the entry point is package-private.
 */
@NullMarked
package io.github.sessionkit.bench.load;

import org.jspecify.annotations.NullMarked;
