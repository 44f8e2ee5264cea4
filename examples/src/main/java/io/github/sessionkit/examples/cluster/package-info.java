/**
 * The two-node cluster demo: {@link io.github.sessionkit.examples.cluster.ClusterDemo} starts
 * PostgreSQL and Redis (embedded, unless {@code DATABASE_URL} / {@code REDIS_URL} name real
 * servers) and two web nodes, each with its own tiered store (local memory, Redis, PostgreSQL), a
 * login page, a session page and a live admin page that can stop and start Redis to show the
 * fallback.
 */
@NullMarked
package io.github.sessionkit.examples.cluster;

import org.jspecify.annotations.NullMarked;
