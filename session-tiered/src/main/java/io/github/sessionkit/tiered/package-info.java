/**
 * The tiered store: a local cache, a shared cache and a record of truth chained behind circuit
 * breakers. See {@link io.github.sessionkit.tiered.TieredSessionStore}.
 */
@NullMarked
package io.github.sessionkit.tiered;

import org.jspecify.annotations.NullMarked;
