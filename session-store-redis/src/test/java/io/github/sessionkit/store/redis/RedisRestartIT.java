package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis restarted under a running manager: requests fail as unavailable while it is down, work
 * again without restarting the manager once it is back (the lost scripts are loaded again after
 * NOSCRIPT), and the notification subscription reports the outage and comes back by itself.
 */
class RedisRestartIT {

  private static final String PASSWORD = "restart-secret";
  private RedisProcess server;
  private RedisSessionStore store;
  private RedisSessionStore otherNode;

  @BeforeEach
  void start() {
    server = RedisProcess.builder().password(PASSWORD).start();
    store = storeBuilder().build();
    otherNode = storeBuilder().build();
  }

  private RedisSessionStore.Builder storeBuilder() {
    return RedisSessionStore.builder()
        .url(server.url())
        .keyPrefix("restart")
        .connectTimeout(Duration.ofMillis(500))
        .socketTimeout(Duration.ofSeconds(1))
        .commandTimeout(Duration.ofSeconds(2))
        .retries(1)
        .subscriptionPingInterval(Duration.ofMillis(500));
  }

  @AfterEach
  void stop() {
    otherNode.close();
    store.close();
    server.close();
  }

  @Test
  @SuppressWarnings("try") // the subscription only has to stay open
  void theStoreAndItsSubscriptionRecoverFromARestart() throws Exception {
    SessionManager manager = SessionManager.builder().store(store).build();
    RecordingListener listener = new RecordingListener();
    try (StoreSubscription subscription = store.subscribe(listener)) {
      Session session = manager.create("alice");
      session.put("cart", "book");
      manager.save(session);
      SessionKey key = SessionKey.forId(manager.tenant(), session.id());
      otherNode.touch(key, System.currentTimeMillis() + 1_000);
      assertThat(eventually(Duration.ofSeconds(5), () -> listener.changed.contains(key))).isTrue();

      server.stop();

      assertThat(eventually(Duration.ofSeconds(5), () -> listener.count("disconnected") == 1))
          .as("disconnected() after the server stopped: %s", listener.events)
          .isTrue();
      assertThatThrownBy(() -> manager.find(session.id()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("redis://:****@127.0.0.1:" + server.port())
          .hasMessageNotContaining(PASSWORD);
      long reloadsBefore = store.scriptReloads();

      server.start();

      assertThat(eventually(Duration.ofSeconds(10), () -> listener.count("reconnected") == 1))
          .as("reconnected() after the server came back: %s", listener.events)
          .isTrue();
      assertThat(listener.events).containsSubsequence("disconnected", "reconnected");
      // The data died with the server (no persistence); the same manager keeps serving.
      assertThat(manager.find(session.id())).isEmpty();
      Session again = manager.create("alice");
      again.put("cart", "pen");
      manager.save(again);
      Session found = manager.find(again.id()).orElseThrow();
      found.put("cart", "pencil");
      manager.save(found);
      assertThat(manager.find(again.id()).orElseThrow().get("cart", String.class))
          .isEqualTo("pencil");
      assertThat(store.scriptReloads())
          .as("scripts loaded again after NOSCRIPT")
          .isGreaterThan(reloadsBefore);

      SessionKey againKey = SessionKey.forId(manager.tenant(), again.id());
      listener.changed.clear();
      assertThat(otherNode.delete(againKey)).isTrue();
      assertThat(eventually(Duration.ofSeconds(5), () -> listener.changed.contains(againKey)))
          .as("notifications flow again: %s", listener.events)
          .isTrue();
      assertThat(listener.count("disconnected")).isEqualTo(1);
    }
  }

  @Test
  void aServerThatIsDownAtStartIsUnavailableWithTheMaskedUrl() {
    server.stop();
    assertThatThrownBy(() -> storeBuilder().build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("redis://:****@127.0.0.1:" + server.port())
        .hasMessageNotContaining(PASSWORD);
    assertThat(store.health().available()).isFalse();
    assertThat(store.health().error()).contains("****").doesNotContain(PASSWORD);
  }
}
