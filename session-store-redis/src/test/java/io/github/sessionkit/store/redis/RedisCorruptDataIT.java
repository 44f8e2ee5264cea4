package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.WriteOutcome;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Foreign or damaged values under the store's keys: every operation treats them as no session, logs
 * a warning and counts them; nothing throws and no other session is affected.
 */
class RedisCorruptDataIT {

  private static final String PREFIX = "corrupt";
  private final Clock clock = Clock.systemUTC();
  private final String tenant = randomTenant();
  private final RedisKeys keys = new RedisKeys(PREFIX);
  private RawRedis raw;
  private RedisSessionStore store;

  @BeforeEach
  void open() {
    String url = RedisTestServers.standaloneUrl();
    raw = new RawRedis(url);
    store = RedisSessionStore.builder().url(url).keyPrefix(PREFIX).build();
  }

  @AfterEach
  void close() {
    store.close();
    raw.close();
  }

  private void assertCorruptIsAbsentEverywhere(BiConsumer<RawRedis, String> corrupt) {
    SessionRecord healthy = record(newKey(tenant), "alice", Map.of("a", "1"), clock);
    store.insert(healthy);
    SessionKey key = newKey(tenant);
    String redisKey = keys.session(key);
    long before = store.corruptRecords();

    corrupt.accept(raw, redisKey);
    assertThat(store.load(key)).isNull();
    assertThat(store.corruptRecords()).isEqualTo(before + 1);
    assertThat(store.merge(key, SessionDelta.builder(clock.millis(), 60_000).set("a", "2").build()))
        .isNull();
    assertThat(store.touch(key, clock.millis() + 1_000)).isFalse();
    SessionRecord replacement =
        record(key, "alice", Map.of("b", "2"), clock).toBuilder().version(2).build();
    assertThat(store.compareAndSet(1, replacement)).isEqualTo(WriteOutcome.NOT_FOUND);
    assertThat(store.changeKey(key, newKey(tenant))).isFalse();
    assertThat(store.corruptRecords()).isGreaterThan(before + 1);

    assertThat(store.load(healthy.key())).isEqualTo(healthy);
    assertThat(store.findByPrincipal(tenant, "alice")).containsExactly(healthy);
    assertThat(store.health().available()).isTrue();

    // A new session may take the key over; the foreign value is replaced, not kept.
    SessionRecord fresh = record(key, "bob", Map.of("c", "3"), clock);
    assertThat(store.insert(fresh)).isTrue();
    assertThat(store.load(key)).isEqualTo(fresh);
  }

  @Test
  void aStringWhereAHashBelongs() {
    assertCorruptIsAbsentEverywhere((r, k) -> r.client().set(k, "\u0000\u00ff garbage"));
  }

  @Test
  void aListWhereAHashBelongs() {
    assertCorruptIsAbsentEverywhere((r, k) -> r.client().rpush(k, "a", "b"));
  }

  @Test
  void aHashWithGarbageFields() {
    assertCorruptIsAbsentEverywhere(
        (r, k) -> r.client().hset(k, Map.of("#v", "x1", "#a", "soon", "junk", "\u0001")));
  }

  @Test
  void aHashWithMetadataButNoVersion() {
    long now = clock.millis();
    assertCorruptIsAbsentEverywhere(
        (r, k) ->
            r.client()
                .hset(
                    k,
                    Map.of(
                        "#c",
                        "" + now,
                        "#a",
                        "" + now,
                        "#i",
                        "600000",
                        "#x",
                        "" + (now + 600_000),
                        "@cart",
                        "[]")));
  }

  @Test
  void anUnknownFieldBesideValidMetadataIsIgnored() {
    SessionRecord record = record(newKey(tenant), null, Map.of("a", "1"), clock);
    store.insert(record);
    raw.client().hset(keys.session(record.key()), "#future", "field of a later version");
    assertThat(store.load(record.key())).isEqualTo(record);
    assertThat(store.touch(record.key(), clock.millis() + 1)).isTrue();
  }

  @Test
  void aDeletedSessionsTombstoneIsAPlainMissNotCorruption() {
    SessionRecord record = record(newKey(tenant), null, Map.of(), clock);
    store.insert(record);
    store.delete(record.key());
    long before = store.corruptRecords();
    assertThat(raw.client().exists(keys.session(record.key()))).as("a tombstone remains").isTrue();
    assertThat(store.load(record.key())).isNull();
    assertThat(store.putIfNewer(record.toBuilder().version(9).build()))
        .as("no resurrection by a cache fill")
        .isFalse();
    assertThat(store.corruptRecords()).isEqualTo(before);
  }

  @Test
  void aForeignPrincipalIndexIsIgnoredAndRepaired() {
    String index = keys.principalIndex(tenant, "carol");
    raw.client().set(index, "not a sorted set");
    assertThat(store.findByPrincipal(tenant, "carol")).isEmpty();
    SessionRecord record = record(newKey(tenant), "carol", Map.of(), clock);
    store.insert(record);
    assertThat(store.findByPrincipal(tenant, "carol")).containsExactly(record);
  }

  @Test
  void throughTheManagerACorruptSessionIsACleanMiss() {
    SessionManager manager = SessionManager.builder().store(store).tenant(tenant).build();
    Session good = manager.create("alice");
    good.put("cart", List.of("book"));
    manager.save(good);
    String id = StoreTestSupport.randomId();
    raw.client().set(keys.session(SessionKey.forId(tenant, id)), "garbage");

    assertThat(manager.find(id)).isEmpty();
    assertThat(manager.invalidate(id)).isFalse();
    Object cart = manager.find(good.id()).orElseThrow().get("cart", List.class);
    assertThat(cart).isEqualTo(List.of("book"));
  }
}
