/** Micrometer metrics for sessionkit: {@link io.github.sessionkit.micrometer.SessionMetrics}. */
@NullMarked
package io.github.sessionkit.micrometer;

import org.jspecify.annotations.NullMarked;
