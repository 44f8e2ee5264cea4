/**
 * Real Redis servers for tests: {@link io.github.sessionkit.testkit.redis.RedisProcess} (one {@code
 * redis-server}, optionally with a password or TLS, restartable on its port), {@link
 * io.github.sessionkit.testkit.redis.RedisTestCluster} (a Redis Cluster of three primaries), {@link
 * io.github.sessionkit.testkit.redis.SelfSignedTls} (a certificate made with the JDK's {@code
 * keytool}) and {@link io.github.sessionkit.testkit.redis.RedisTestServers} (the shared server of a
 * test JVM: {@code SESSIONKIT_TEST_REDIS_URL} if set, else an embedded one). The binaries come from
 * the {@code com.github.codemonstur:embedded-redis} artifact.
 */
@NullMarked
package io.github.sessionkit.testkit.redis;

import org.jspecify.annotations.NullMarked;
