package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.GenerationalCache;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the tiered store relies on from Redis to keep a logout final and old copies away: a
 * tombstone even where the key was absent, a fill that says whether it created the entry, and cache
 * generations (entries of an older one are misses; a restart changes the identity).
 */
class RedisGenerationsIT {

  private static RedisProcess server;
  private static RedisSessionStore store;
  private static RedisSessionStore otherNode;
  private final Clock clock = Clock.systemUTC();
  private final String tenant = randomTenant();

  @BeforeAll
  static void start() {
    server = RedisProcess.builder().start();
    store = builder().build();
    otherNode = builder().build();
  }

  private static RedisSessionStore.Builder builder() {
    return RedisSessionStore.builder()
        .url(server.url())
        .keyPrefix("gen")
        .connectTimeout(Duration.ofMillis(500))
        .retries(1);
  }

  @AfterAll
  static void stop() {
    otherNode.close();
    store.close();
    server.close();
  }

  private SessionRecord record(SessionKey key, long version) {
    return StoreTestSupport.record(key, "alice", Map.of("v", Long.toString(version)), clock)
        .toBuilder()
        .version(version)
        .build();
  }

  @Test
  void aDeleteOfAnAbsentKeyStillStopsALateFill() {
    SessionKey key = newKey(tenant);
    assertThat(store.delete(key)).as("nothing was cached").isFalse();
    assertThat(otherNode.fill(record(key, 3)))
        .as("a fill racing the logout")
        .isEqualTo(FillOutcome.KEPT);
    assertThat(store.load(key)).isNull();
  }

  @Test
  void aFillTellsWhetherItCreatedTheEntry() {
    SessionKey key = newKey(tenant);
    assertThat(store.fill(record(key, 1))).isEqualTo(FillOutcome.CREATED);
    assertThat(store.fill(record(key, 2))).isEqualTo(FillOutcome.REPLACED);
    assertThat(store.fill(record(key, 2))).isEqualTo(FillOutcome.KEPT);
    assertThat(store.load(key).version()).isEqualTo(2);
  }

  @Test
  void entriesOfAnOlderGenerationAreMissesAndAreReplacedWhateverTheirVersion() {
    RedisSessionStore reader = builder().build();
    try {
      GenerationalCache generations = reader.generationalCache().orElseThrow();
      SessionKey key = newKey(tenant);
      SessionRecord restored = record(key, 5);
      assertThat(store.fill(restored)).isEqualTo(FillOutcome.CREATED); // generation 0
      assertThat(reader.load(key)).isNotNull();

      generations.useGeneration(7);
      assertThat(reader.load(key)).as("written before generation 7").isNull();
      assertThat(reader.touch(key, clock.millis() + 1_000)).as("a touch leaves it alone").isFalse();

      // A copy from the record of truth replaces it even at a lower version, and counts as
      // created: nothing live of this generation stood in the way.
      assertThat(reader.fill(record(key, 4))).isEqualTo(FillOutcome.CREATED);
      assertThat(reader.load(key).version()).isEqualTo(4);
      assertThat(store.load(key).version())
          .as("a node still at generation 0 reads it too")
          .isEqualTo(4);

      generations.useGeneration(3);
      assertThat(generations.generation()).as("generations only grow").isEqualTo(7);
    } finally {
      reader.close();
    }
  }

  @Test
  void aSessionWithoutAnAbsoluteDeadlineIsStoredByEveryWrite() {
    SessionKey key = newKey(tenant);
    SessionRecord forever =
        record(key, 1).toBuilder()
            .absoluteExpiresAt(Long.MAX_VALUE)
            .idleTimeoutMillis(Duration.ofDays(36_500).toMillis())
            .build();
    assertThat(store.insert(forever)).isTrue();
    assertThat(store.load(key)).isEqualTo(forever);
    SessionRecord next = forever.toBuilder().version(2).build();
    assertThat(store.compareAndSet(1, next))
        .isEqualTo(io.github.sessionkit.spi.WriteOutcome.WRITTEN);
    SessionKey other = newKey(tenant);
    assertThat(otherNode.fill(next.withKey(other))).isEqualTo(FillOutcome.CREATED);
    assertThat(otherNode.load(other)).isEqualTo(next.withKey(other));
    assertThat(store.touch(key, clock.millis() + 1_000)).isTrue();
  }

  @Test
  void aRestartChangesTheDatasetIdentity() {
    RedisProcess own = RedisProcess.builder().start();
    try (RedisSessionStore restarting =
        RedisSessionStore.builder()
            .url(own.url())
            .keyPrefix("gen")
            .connectTimeout(Duration.ofMillis(500))
            .retries(1)
            .build()) {
      GenerationalCache generations = restarting.generationalCache().orElseThrow();
      String before = generations.datasetIdentity();
      assertThat(generations.datasetIdentity()).isEqualTo(before);
      own.restart();
      String after = null;
      for (int i = 0; i < 50 && after == null; i++) {
        try {
          after = generations.datasetIdentity();
        } catch (io.github.sessionkit.StoreUnavailableException e) {
          // the pool's old connections fail once
        }
      }
      assertThat(after).isNotNull().isNotEqualTo(before);
    } finally {
      own.close();
    }
  }
}
