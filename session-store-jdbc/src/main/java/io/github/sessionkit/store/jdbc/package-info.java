/**
 * The PostgreSQL session store: {@link io.github.sessionkit.store.jdbc.JdbcSessionStore} (built in
 * code or found by URL through {@link io.github.sessionkit.store.jdbc.JdbcSessionStoreProvider}),
 * its schema migration, and {@link io.github.sessionkit.store.jdbc.PurgeCommand} for cron.
 */
@NullMarked
package io.github.sessionkit.store.jdbc;

import org.jspecify.annotations.NullMarked;
