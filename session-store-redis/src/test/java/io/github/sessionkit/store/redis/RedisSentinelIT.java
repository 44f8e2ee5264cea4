package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.eventually;
import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-sentinel://}: the store asks a real sentinel for the master and works against it.
 */
class RedisSentinelIT {

  @Test
  void theStoreFindsTheMasterThroughTheSentinel() throws Exception {
    try (RedisProcess master = RedisProcess.builder().password("sentinel-master-secret").start();
        RedisProcess sentinel = RedisProcess.builder().sentinelFor("sessions", master).start()) {
      assertThat(sentinel.url())
          .startsWith("redis-sentinel://:sentinel-master-secret@127.0.0.1:")
          .endsWith("/sessions");
      StoreContext context =
          new StoreContext(
              "REDIS_URL", sentinel.url(), Settings.empty(), Clock.systemUTC(), "sentinel");
      try (RedisSessionStore store =
              (RedisSessionStore) new RedisSessionStoreProvider().create(context);
          RawRedis onMaster = new RawRedis(master.url())) {
        RecordingListener listener = new RecordingListener();
        try (StoreSubscription subscription = store.subscribe(listener)) {
          SessionRecord record =
              record(newKey(randomTenant()), "alice", Map.of("a", "1"), Clock.systemUTC());
          assertThat(store.insert(record)).isTrue();
          assertThat(store.load(record.key())).isEqualTo(record);
          assertThat(onMaster.client().exists(new RedisKeys("sentinel").session(record.key())))
              .as("written to the master the sentinel named")
              .isTrue();
          store.delete(record.key());
          assertThat(
                  eventually(Duration.ofSeconds(5), () -> listener.changed.contains(record.key())))
              .isTrue();
          assertThat(subscription).isNotNull();
        }
        StoreHealth health = store.health();
        assertThat(health.available()).isTrue();
        assertThat(health.details())
            .containsEntry("mode", "sentinel")
            .containsEntry("role", "master");
        assertThat(health.toString()).doesNotContain("sentinel-master-secret");
      }
    }
  }
}
