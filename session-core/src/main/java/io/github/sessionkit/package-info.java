/**
 * sessionkit's public API: build a {@link io.github.sessionkit.SessionManager} and use it to
 * create, find, save, rotate and invalidate {@link io.github.sessionkit.Session}s kept in a
 * pluggable store.
 */
@NullMarked
package io.github.sessionkit;

import org.jspecify.annotations.NullMarked;
