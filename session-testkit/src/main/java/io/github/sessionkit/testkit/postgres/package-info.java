/**
 * Real PostgreSQL servers for tests: {@link io.github.sessionkit.testkit.postgres.PostgresServer}
 * (external by environment, else embedded; restartable), per-class schemas and databases, and
 * {@link io.github.sessionkit.testkit.postgres.CountingDataSource} to count the statements code
 * under test sends.
 */
@NullMarked
package io.github.sessionkit.testkit.postgres;

import org.jspecify.annotations.NullMarked;
