/**
 * Memory and scale figures: {@link io.github.sessionkit.bench.scale.ScaleFigures} measures the
 * bytes one 1 KB session takes in each store and how find and save latency change between a small
 * and a large number of stored sessions. Everything but the entry point is package-private.
 */
@NullMarked
package io.github.sessionkit.bench.scale;

import org.jspecify.annotations.NullMarked;
