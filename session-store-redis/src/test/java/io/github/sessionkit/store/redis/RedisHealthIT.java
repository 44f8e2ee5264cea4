package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.testkit.redis.RedisTestCluster;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What operators see in health(), and the warning when Redis may evict sessions. */
class RedisHealthIT {

  private final Clock clock = Clock.systemUTC();

  @Test
  void detailsDescribeTheServerAndCountOnlySessionKeys() {
    try (RedisProcess server = RedisProcess.builder().password("health-secret").start();
        RedisSessionStore store =
            RedisSessionStore.builder().url(server.url()).keyPrefix("hp").build();
        RawRedis raw = new RawRedis(server.url())) {
      String tenant = randomTenant();
      for (int i = 0; i < 5; i++) {
        store.insert(record(newKey(tenant), "alice", Map.of(), clock));
      }
      raw.client().set("unrelated:key", "x");
      raw.client().set("hp:not-a-session", "x");

      StoreHealth health = store.health();

      assertThat(health.available()).isTrue();
      assertThat(health.details())
          .containsEntry("connected", true)
          .containsEntry("mode", "standalone")
          .containsEntry("role", "master")
          .containsEntry("keyPrefix", "hp")
          .containsEntry("maxmemoryPolicy", "noeviction")
          .containsEntry("evictionRisk", false)
          .containsEntry("sessionKeys", 5L)
          .containsEntry("sessionKeysExact", true)
          .containsKeys(
              "serverVersion", "usedMemoryBytes", "connectedClients", "keyCountMethod", "pool");
      assertThat((String) health.details().get("serverVersion")).startsWith("6.");
      assertThat((Long) health.details().get("usedMemoryBytes")).isPositive();
      assertThat((Long) health.details().get("connectedClients")).isPositive();
      assertThat(health.toString()).doesNotContain("health-secret").contains("****");
      assertThat(store.evictionWarningLogged()).isFalse();

      try (RedisSessionStore bounded =
          RedisSessionStore.builder()
              .url(server.url())
              .keyPrefix("hp")
              .healthScanLimit(0)
              .build()) {
        assertThat(bounded.health().details())
            .containsEntry("sessionKeysExact", false)
            .containsEntry("sessionKeys", 0L);
      }
      try (RedisSessionStore dedicated =
          RedisSessionStore.builder()
              .url(server.url())
              .keyPrefix("hp")
              .dedicatedDatabase(true)
              .build()) {
        assertThat(dedicated.health().details())
            .containsEntry("sessionKeys", 8L)
            .containsEntry("keyCountMethod", "DBSIZE (dedicated database)");
      }
    }
  }

  @Test
  void anEvictingPolicyIsWarnedAboutOnceWhenRedisIsTheOnlyStore() {
    try (RedisProcess server =
        RedisProcess.builder().setting("maxmemory-policy", "volatile-lru").start()) {
      try (RedisSessionStore sole = RedisSessionStore.builder().url(server.url()).build()) {
        assertThat(sole.evictionWarningLogged()).as("warned at start").isTrue();
        StoreHealth health = sole.health();
        assertThat(health.details())
            .containsEntry("maxmemoryPolicy", "volatile-lru")
            .containsEntry("evictionRisk", true);
      }
      StoreContext tiered =
          new StoreContext(
              "REDIS_URL",
              server.url(),
              Settings.of(Map.of("SESSION_STORE", "tiered")),
              clock,
              "session");
      try (RedisSessionStore tier =
          (RedisSessionStore) new RedisSessionStoreProvider().create(tiered)) {
        assertThat(tier.evictionWarningLogged())
            .as("a tier with a durable store behind it")
            .isFalse();
        assertThat(tier.health().details()).containsEntry("evictionRisk", true);
      }
    }
  }

  @Test
  void aServerWithoutConfigCommandStillReportsItsHealth() {
    try (RedisProcess server =
            RedisProcess.builder()
                .setting("rename-command", "CONFIG", "\"\"")
                .setting("maxmemory-policy", "allkeys-lru")
                .start();
        RedisSessionStore store = RedisSessionStore.builder().url(server.url()).build()) {
      StoreHealth health = store.health();
      assertThat(health.available()).isTrue();
      assertThat(health.details()).containsEntry("maxmemoryPolicy", "allkeys-lru");
      assertThat(store.evictionWarningLogged()).isTrue();
    }
  }

  @Test
  void aClusterReportsItsPrimaries() {
    try (RedisTestCluster cluster = RedisTestCluster.start();
        RedisSessionStore store =
            RedisSessionStore.builder().url(cluster.url()).keyPrefix("hc").build()) {
      String tenant = randomTenant();
      for (int i = 0; i < 12; i++) {
        store.insert(record(newKey(tenant), null, Map.of(), clock));
      }
      StoreHealth health = store.health();
      assertThat(health.available()).isTrue();
      assertThat(health.details())
          .containsEntry("mode", "cluster")
          .containsEntry("role", "cluster of 3 primaries")
          .containsEntry("sessionKeys", 12L);
    }
  }

  @Test
  void aStoppedServerIsReportedDownWithoutSecrets() {
    try (RedisProcess server = RedisProcess.builder().password("down-secret").start();
        RedisSessionStore store =
            RedisSessionStore.builder()
                .url(server.url())
                .connectTimeout(Duration.ofMillis(300))
                .commandTimeout(Duration.ofSeconds(1))
                .build()) {
      server.stop();
      StoreHealth health = store.health();
      assertThat(health.available()).isFalse();
      assertThat(health.error())
          .contains("redis://:****@127.0.0.1:" + server.port())
          .doesNotContain("down-secret");
    }
  }
}
