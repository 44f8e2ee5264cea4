package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.eventually;
import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisTestCluster;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every write that changes a stored session tells the other nodes, through Redis pub/sub. */
class RedisNotificationsIT {

  private final Clock clock = Clock.systemUTC();
  private final String tenant = randomTenant();

  @Test
  void everyKindOfChangeIsPublishedToOtherNodesAndToTheWriterItself() throws Exception {
    String url = RedisTestServers.standaloneUrl();
    assertChangesArePublished(url);
  }

  @Test
  void notificationsCrossTheNodesOfACluster() throws Exception {
    try (RedisTestCluster cluster = RedisTestCluster.start()) {
      assertChangesArePublished(cluster.url());
    }
  }

  @SuppressWarnings("try") // the subscriptions only have to stay open
  private void assertChangesArePublished(String url) throws Exception {
    try (RedisSessionStore listening =
            RedisSessionStore.builder().url(url).keyPrefix("notify").build();
        RedisSessionStore writer =
            RedisSessionStore.builder().url(url).keyPrefix("notify").build();
        RedisSessionStore otherPrefix =
            RedisSessionStore.builder().url(url).keyPrefix("elsewhere").build()) {
      RecordingListener listener = new RecordingListener();
      RecordingListener own = new RecordingListener();
      try (StoreSubscription s1 = listening.subscribe(listener);
          StoreSubscription s2 = writer.subscribe(own)) {
        SessionRecord record = record(newKey(tenant), "alice", Map.of("a", "1"), clock);
        writer.insert(record);
        SessionKey key = record.key();

        writer.merge(key, SessionDelta.builder(clock.millis(), 60_000).set("a", "2").build());
        awaitChanges(listener, key, 1);
        writer.touch(key, clock.millis() + 5_000);
        awaitChanges(listener, key, 2);
        SessionRecord current = writer.load(key);
        writer.compareAndSet(
            current.version(), current.toBuilder().version(current.version() + 1).build());
        awaitChanges(listener, key, 3);
        writer.putIfNewer(current.toBuilder().version(current.version() + 5).build());
        awaitChanges(listener, key, 4);
        SessionKey rotated = newKey(tenant);
        writer.changeKey(key, rotated);
        awaitChanges(listener, key, 5);
        writer.delete(rotated);
        assertThat(eventually(Duration.ofSeconds(5), () -> listener.changed.contains(rotated)))
            .isTrue();

        otherPrefix.insert(record(newKey(tenant), null, Map.of(), clock));
        otherPrefix.delete(newKey(tenant));
        assertThat(eventually(Duration.ofSeconds(5), () -> own.changed.contains(rotated)))
            .as("the writer hears its own changes too")
            .isTrue();
        assertThat(listener.changed)
            .as("only this prefix's keys")
            .allMatch(k -> k.equals(key) || k.equals(rotated));
        assertThat(listener.events).doesNotContain("disconnected");
      }
    }
  }

  private static void awaitChanges(RecordingListener listener, SessionKey key, int times)
      throws Exception {
    assertThat(
            eventually(
                Duration.ofSeconds(5),
                () -> listener.changed.stream().filter(key::equals).count() >= times))
        .as("%d notifications for %s: %s", times, key, listener.events)
        .isTrue();
  }

  @Test
  @SuppressWarnings("try") // the subscription only has to stay open
  void aSilentlyDeadConnectionIsNoticedByPingAndTheSubscriptionComesBack() throws Exception {
    String url = RedisTestServers.standaloneUrl();
    RedisUrl parsed = RedisUrl.parse("test", url);
    try (FaultProxy proxy =
        FaultProxy.start(parsed.hosts().get(0).getHost(), parsed.hosts().get(0).getPort())) {
      String proxied = url.replace(":" + parsed.hosts().get(0).getPort(), ":" + proxy.port());
      try (RedisSessionStore listening =
              RedisSessionStore.builder()
                  .url(proxied)
                  .keyPrefix("notify")
                  .subscriptionPingInterval(Duration.ofMillis(200))
                  .connectTimeout(Duration.ofMillis(300))
                  .build();
          RedisSessionStore writer =
              RedisSessionStore.builder().url(url).keyPrefix("notify").build()) {
        RecordingListener listener = new RecordingListener();
        try (StoreSubscription subscription = listening.subscribe(listener)) {
          proxy.blackHole();
          assertThat(eventually(Duration.ofSeconds(10), () -> listener.count("disconnected") == 1))
              .as("a black-holed subscription is detected: %s", listener.events)
              .isTrue();

          proxy.pass();
          assertThat(eventually(Duration.ofSeconds(10), () -> listener.count("reconnected") == 1))
              .as("and comes back: %s", listener.events)
              .isTrue();
          SessionRecord record = record(newKey(tenant), null, Map.of(), Clock.systemUTC());
          writer.insert(record);
          writer.delete(record.key());
          assertThat(
                  eventually(Duration.ofSeconds(5), () -> listener.changed.contains(record.key())))
              .isTrue();
        }
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the subscription only has to stay open
  void aFailingListenerDoesNotStopTheSubscription() throws Exception {
    String url = RedisTestServers.standaloneUrl();
    RecordingListener recorder = new RecordingListener();
    StoreListener failing =
        new StoreListener() {
          @Override
          public void changed(SessionKey key) {
            recorder.changed(key);
            throw new IllegalStateException("listener bug");
          }
        };
    try (RedisSessionStore store =
            RedisSessionStore.builder().url(url).keyPrefix("notify").build();
        StoreSubscription subscription = store.subscribe(failing)) {
      SessionRecord first = record(newKey(tenant), null, Map.of(), clock);
      SessionRecord second = record(newKey(tenant), null, Map.of(), clock);
      store.insert(first);
      store.insert(second);
      store.delete(first.key());
      store.delete(second.key());
      assertThat(eventually(Duration.ofSeconds(5), () -> recorder.changed.contains(second.key())))
          .isTrue();
    }
  }
}
