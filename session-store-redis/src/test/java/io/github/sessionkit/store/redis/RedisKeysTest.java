package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreListener;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisKeysTest {

  private final RedisKeys keys = new RedisKeys("session");
  private final SessionKey key =
      SessionKey.forId("acme", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");

  @Test
  void sessionKeyHasTheHashAsClusterHashTag() {
    String redisKey = keys.session(key);
    assertThat(redisKey).isEqualTo("session:acme:{" + key.hash() + "}");
    assertThat(JedisClusterCRC16.getSlot(redisKey))
        .isEqualTo(JedisClusterCRC16.getSlot(key.hash()));
  }

  @Test
  void sessionKeysParseBackAndNothingElseDoes() {
    assertThat(keys.parseSessionKey(keys.session(key))).isEqualTo(key);
    assertThat(keys.parseSessionKey(keys.principalIndex("acme", "alice"))).isNull();
    assertThat(keys.parseSessionKey("session:acme:" + key.hash())).isNull();
    assertThat(keys.parseSessionKey("sessionx:acme:{" + key.hash() + "}")).isNull();
    assertThat(keys.parseSessionKey("other:acme:{" + key.hash() + "}")).isNull();
    assertThat(keys.parseSessionKey("session:")).isNull();
    assertThat(new RedisKeys("app:sess").parseSessionKey("app:sess:acme:{" + key.hash() + "}"))
        .isEqualTo(key);
  }

  @Test
  void principalIndexIsPerTenantAndHidesNothingUnsafe() {
    String index = keys.principalIndex("acme", "alice{x}:y");
    assertThat(index).startsWith("session:acme:principal:{").endsWith("}");
    assertThat(index).doesNotContain("alice");
    assertThat(keys.principalIndex("other", "alice{x}:y")).isNotEqualTo(index);
  }

  @Test
  void scanPatternEscapesGlobCharacters() {
    assertThat(new RedisKeys("a*b?[c]").scanPattern()).isEqualTo("a\\*b\\?\\[c\\]:*");
    assertThat(keys.scanPattern()).isEqualTo("session:*");
  }

  @Test
  void payloadRoundTrips() {
    assertThat(RedisKeys.parsePayload(RedisKeys.payload(key)))
        .isEqualTo(new RedisKeys.Notice(key, StoreListener.UNKNOWN_VERSION, 0));
    assertThat(RedisKeys.parsePayload(RedisKeys.payload(key, 7, 1234)))
        .isEqualTo(new RedisKeys.Notice(key, 7, 1234));
    assertThat(RedisKeys.parsePayload(RedisKeys.payload(key) + ":x:1")).isNull();
    assertThat(RedisKeys.parsePayload(RedisKeys.payload(key) + ":0:1")).isNull();
    assertThat(RedisKeys.parsePayload(RedisKeys.payload(key) + ":1")).isNull();
    assertThat(RedisKeys.parsePayload("garbage")).isNull();
    assertThat(RedisKeys.parsePayload("acme:short")).isNull();
  }

  @Test
  void prefixRules() {
    assertThat(RedisKeys.checkPrefix("session")).isNull();
    assertThat(RedisKeys.checkPrefix("my-app:sessions")).isNull();
    assertThat(RedisKeys.checkPrefix("")).isNotNull();
    assertThat(RedisKeys.checkPrefix("a{b}")).contains("braces");
    assertThat(RedisKeys.checkPrefix("a b")).isNotNull();
  }
}
