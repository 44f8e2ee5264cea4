package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An exhausted pool is reported as unavailable, with the pool's state in the message. */
class RedisPoolIT {

  @Test
  @SuppressWarnings("try") // the subscription only has to stay open
  void anExhaustedPoolIsUnavailableAndSaysWhy() {
    try (RedisSessionStore store =
        RedisSessionStore.builder()
            .url(RedisTestServers.standaloneUrl())
            .poolMaxSize(1)
            .commandTimeout(Duration.ofMillis(300))
            .retries(0)
            .build()) {
      // The subscription holds the pool's only connection.
      try (StoreSubscription subscription = store.subscribe(new StoreListener() {})) {
        assertThatThrownBy(() -> store.load(StoreTestSupport.newKey("pool")))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("no connection free in time")
            .hasMessageContaining("active=1")
            .hasMessageContaining("max=1")
            .hasMessageContaining("SESSION_REDIS_POOL_MAX_SIZE");
      }
      assertThat(store.load(StoreTestSupport.newKey("pool"))).as("the connection is back").isNull();
    }
  }
}
