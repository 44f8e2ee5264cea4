package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.SessionStoreContract;
import io.github.sessionkit.testkit.redis.RedisTestCluster;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract against a real Redis Cluster of three primaries, through {@code
 * redis-cluster://}. Corrupt data is a hash with garbage fields under the session key.
 */
class RedisClusterContractIT extends SessionStoreContract {

  private static final String PREFIX = "skcluster";
  private static RedisTestCluster cluster;
  private static RawRedis raw;

  @BeforeAll
  static void startCluster() {
    cluster = RedisTestCluster.start();
    raw = new RawRedis(cluster.url());
  }

  @AfterAll
  static void stopCluster() {
    if (raw != null) {
      raw.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected SessionStore newStore(Clock clock) {
    return RedisSessionStore.builder().url(cluster.url()).clock(clock).keyPrefix(PREFIX).build();
  }

  @Override
  protected void corruptStoredRecord(SessionStore store, SessionKey key) {
    raw.client()
        .hset(
            new RedisKeys(PREFIX).session(key),
            Map.of("#v", "not a number", "junk", "\u0000\u0001"));
  }
}
