package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.SessionStoreContract;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract against one standalone Redis ({@code SESSIONKIT_TEST_REDIS_URL} or an
 * embedded server). Corrupt data is a STRING where the session's HASH belongs.
 */
class RedisStandaloneContractIT extends SessionStoreContract {

  private static final String PREFIX =
      "skit" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
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
  protected SessionStore newStore(Clock clock) {
    return RedisSessionStore.builder().url(url).clock(clock).keyPrefix(PREFIX).build();
  }

  @Override
  protected void corruptStoredRecord(SessionStore store, SessionKey key) {
    raw.client().set(new RedisKeys(PREFIX).session(key), "\u0000\u0001 not a session");
  }
}
