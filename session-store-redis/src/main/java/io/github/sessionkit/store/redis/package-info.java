/**
 * The Redis session store: {@link io.github.sessionkit.store.redis.RedisSessionStore} on Jedis for
 * standalone Redis, Sentinel and Cluster, found by {@code java.util.ServiceLoader} through {@link
 * io.github.sessionkit.store.redis.RedisSessionStoreProvider} for {@code redis://}, {@code
 * rediss://}, {@code redis-sentinel://} and {@code redis-cluster://} URLs.
 */
@NullMarked
package io.github.sessionkit.store.redis;

import org.jspecify.annotations.NullMarked;
