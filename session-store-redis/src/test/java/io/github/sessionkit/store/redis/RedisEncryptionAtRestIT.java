package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.EncryptionAtRestContract;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Encryption at rest on a real Redis: each "node" its own client; at rest is the raw hash field.
 */
class RedisEncryptionAtRestIT extends EncryptionAtRestContract {

  private static final String PREFIX =
      "skenc" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private static String url;
  private static RawRedis raw;

  @BeforeAll
  static void server() {
    url = RedisTestServers.standaloneUrl();
    raw = new RawRedis(url);
  }

  @AfterAll
  static void closeRaw() {
    raw.close();
  }

  @Override
  protected SessionStore newStore() {
    return RedisSessionStore.builder().url(url).keyPrefix(PREFIX).build();
  }

  /** HGET of the attribute's field in the session's hash, by a plain Jedis client. */
  @Override
  protected @Nullable String rawAttribute(SessionKey key, String attribute) {
    return raw.client()
        .hget(new RedisKeys(PREFIX).session(key), RecordCodec.attributeField(attribute));
  }
}
