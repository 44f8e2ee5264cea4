package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change notifications over LISTEN/NOTIFY between two stores (two pods) on their own pools, through
 * a PostgreSQL restart. The server is private to this class so it can be restarted.
 */
class JdbcNotificationsIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static PostgresServer server;

  @BeforeAll
  static void start() {
    server = PostgresServer.startEmbedded();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JdbcSessionStore store() {
    return store(Map.of());
  }

  private static JdbcSessionStore store(Map<String, String> more) {
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "SESSION_JDBC_POOL_MIN_IDLE",
                "0",
                "SESSION_JDBC_POOL_TIMEOUT",
                "500ms",
                "SESSION_JDBC_CONNECT_TIMEOUT",
                "1s"));
    settings.putAll(more);
    return JdbcSessionStore.builder()
        .url(server.jdbcUrlWithCredentials())
        .settings(Settings.of(settings))
        .build();
  }

  private static SessionKey newKey() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return SessionKey.forId("acme", Base64.getUrlEncoder().withoutPadding().encodeToString(id));
  }

  private static SessionRecord record(SessionKey key) {
    long now = Clock.systemUTC().millis();
    return SessionRecord.builder(key)
        .principal("alice")
        .createdAt(now)
        .lastAccessedAt(now)
        .idleTimeoutMillis(1_800_000)
        .absoluteExpiresAt(now + 3_600_000)
        .attributes(Map.of("a", "1"))
        .build();
  }

  /** Records what a subscriber hears. */
  private static final class Heard implements StoreListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void changed(SessionKey key) {
      events.add("changed " + key);
    }

    @Override
    public void disconnected() {
      events.add("disconnected");
    }

    @Override
    public void reconnected() {
      events.add("reconnected");
    }

    String next(Duration within) throws InterruptedException {
      String event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("an event within %s", within).isNotNull();
      return event;
    }

    /** Skips events until one satisfies {@code expected}. */
    void await(String expected, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        String event =
            events.poll(
                Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        assertThat(event).as("'%s' within %s", expected, within).isNotNull();
        if (event.equals(expected)) {
          return;
        }
      }
    }
  }

  @Test
  void aStoreWithNotifyOffWritesSilentlyWhileOtherWritersStillAnnounce() throws Exception {
    try (JdbcSessionStore silent = store(Map.of(JdbcSessionStore.NOTIFY, "false"));
        JdbcSessionStore loud = store();
        JdbcSessionStore reader = store()) {
      Heard heard = new Heard();
      reader.subscribe(heard);
      Thread.sleep(300);
      SessionKey key = newKey();
      silent.insert(record(key));
      long now = Clock.systemUTC().millis();

      assertThat(silent.merge(key, SessionDelta.builder(now, 1_800_000).set("b", "2").build()))
          .isNotNull();
      assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS))
          .as("the silent store's change")
          .isNull();
      assertThat(loud.merge(key, SessionDelta.builder(now, 1_800_000).set("c", "3").build()))
          .isNotNull();
      assertThat(heard.next(Duration.ofSeconds(2))).isEqualTo("changed " + key);
      assertThat(silent.delete(key)).isTrue();
      assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS))
          .as("the silent store's delete")
          .isNull();
    }
  }

  @Test
  void notifyOffNeedsTheStoresOwnPool() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                JdbcSessionStore.builder()
                    .dataSource(server.dataSource())
                    .settings(Settings.of(Map.of(JdbcSessionStore.NOTIFY, "false")))
                    .build())
        .isInstanceOf(io.github.sessionkit.ConfigurationException.class)
        .hasMessageContaining("SESSION_JDBC_NOTIFY=false needs the store's own connection pool")
        .hasMessageContaining("-c sessionkit.notify=off");
  }

  @Test
  void everyContentChangeOnOneNodeIsHeardOnTheOtherAndTouchesAreNot() throws Exception {
    try (JdbcSessionStore writer = store();
        JdbcSessionStore reader = store()) {
      Heard heard = new Heard();
      StoreSubscription subscription = reader.subscribe(heard);
      Thread.sleep(300);
      SessionKey key = newKey();
      writer.insert(record(key));
      long now = Clock.systemUTC().millis();

      assertThat(writer.touch(key, now + 1_000)).isTrue();
      assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS))
          .as("a touch is not announced")
          .isNull();
      writer.merge(key, SessionDelta.builder(now, 1_800_000).set("b", "2").build());
      assertThat(heard.next(Duration.ofSeconds(2))).isEqualTo("changed " + key);
      assertThat(heard.events.poll(200, TimeUnit.MILLISECONDS))
          .as("one notice per change")
          .isNull();

      writer.merge(key, SessionDelta.builder(now, 1_800_000).principal("bob").build());
      assertThat(heard.next(Duration.ofSeconds(2))).isEqualTo("changed " + key);

      SessionKey rotated = newKey();
      writer.changeKey(key, rotated);
      assertThat(heard.next(Duration.ofSeconds(2)))
          .as("rotation announces the old key")
          .isEqualTo("changed " + key);

      SessionRecord current = writer.load(rotated);
      writer.compareAndSet(
          current.version(), current.toBuilder().version(current.version() + 1).build());
      assertThat(heard.next(Duration.ofSeconds(2))).isEqualTo("changed " + rotated);

      writer.delete(rotated);
      assertThat(heard.next(Duration.ofSeconds(2))).isEqualTo("changed " + rotated);

      SessionKey unwatched = newKey();
      writer.insert(record(unwatched));
      assertThat(heard.events.poll(300, TimeUnit.MILLISECONDS))
          .as("an insert is not a change")
          .isNull();

      subscription.close();
      writer.delete(unwatched);
      assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS))
          .as("nothing after the subscription closed")
          .isNull();
    }
  }

  /** Records the notices with what they say of the new state. */
  private static final class Described implements StoreListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void changed(SessionKey key, long version, long lastAccessedAt) {
      events.add(
          key
              + (version == UNKNOWN_VERSION
                  ? " unknown"
                  : " v" + version + " at " + lastAccessedAt));
    }

    String next() throws InterruptedException {
      String event = events.poll(2, TimeUnit.SECONDS);
      assertThat(event).as("a notice within 2 s").isNotNull();
      return event;
    }
  }

  @Test
  void noticesCarryTheNewVersionAndAccessTimeAndDeletionsAndRotationsSayUnknown() throws Exception {
    try (JdbcSessionStore writer = store();
        JdbcSessionStore reader = store()) {
      Described heard = new Described();
      reader.subscribe(heard);
      Thread.sleep(300);
      SessionKey key = newKey();
      writer.insert(record(key));
      long now = Clock.systemUTC().millis();

      SessionRecord merged =
          writer.merge(key, SessionDelta.builder(now + 7, 1_800_000).set("b", "2").build());
      assertThat(heard.next())
          .isEqualTo(key + " v" + merged.version() + " at " + merged.lastAccessedAt());
      assertThat(merged.lastAccessedAt()).isEqualTo(now + 7);

      SessionRecord current = writer.load(key);
      SessionRecord replaced =
          current.toBuilder().version(current.version() + 5).lastAccessedAt(now + 9).build();
      assertThat(writer.compareAndSet(current.version(), replaced))
          .isEqualTo(io.github.sessionkit.spi.WriteOutcome.WRITTEN);
      assertThat(heard.next()).isEqualTo(key + " v" + replaced.version() + " at " + (now + 9));

      SessionKey rotated = newKey();
      assertThat(writer.changeKey(key, rotated)).isTrue();
      assertThat(heard.next())
          .as("a rotation announces the old key, whose state is unknown")
          .isEqualTo(key + " unknown");

      assertThat(writer.delete(rotated)).isTrue();
      assertThat(heard.next()).isEqualTo(rotated + " unknown");
      assertThat(heard.events.poll(300, TimeUnit.MILLISECONDS))
          .as("one notice per change")
          .isNull();
    }
  }

  @Test
  void anUnannouncedMergeSendsNoNoticeAndTheNextMergeOnTheSameConnectionIsAnnouncedAgain()
      throws Exception {
    // One connection in the writer's pool: every statement below runs on the same session.
    try (JdbcSessionStore writer = store(Map.of("SESSION_JDBC_POOL_MAX_SIZE", "1"));
        JdbcSessionStore reader = store()) {
      Described heard = new Described();
      reader.subscribe(heard);
      Thread.sleep(300);
      SessionKey key = newKey();
      writer.insert(record(key));
      long now = Clock.systemUTC().millis();

      SessionRecord first =
          writer.merge(key, SessionDelta.builder(now, 1_800_000).set("b", "1").build());
      assertThat(heard.next())
          .isEqualTo(key + " v" + first.version() + " at " + first.lastAccessedAt());

      SessionRecord quiet =
          writer.mergeUnannounced(key, SessionDelta.builder(now, 1_800_000).set("b", "2").build());
      assertThat(quiet.version()).isEqualTo(first.version() + 1);
      assertThat(quiet.attributes()).containsEntry("b", "2");
      assertThat(writer.load(key)).isEqualTo(quiet);
      assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS))
          .as("the unannounced merge's notice")
          .isNull();

      SessionRecord loud =
          writer.merge(key, SessionDelta.builder(now, 1_800_000).set("b", "3").build());
      assertThat(heard.next())
          .as("the setting lasted one statement")
          .isEqualTo(key + " v" + loud.version() + " at " + loud.lastAccessedAt());
      assertThat(writer.delete(key)).isTrue();
      assertThat(heard.next()).isEqualTo(key + " unknown");
      assertThat(
              writer.mergeUnannounced(
                  key, SessionDelta.builder(now, 1_800_000).set("b", "4").build()))
          .as("no resurrection")
          .isNull();
      assertThat(heard.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aRestartIsReportedAndNotificationsComeBack() throws Exception {
    try (JdbcSessionStore writer = store();
        JdbcSessionStore reader = store()) {
      Heard heard = new Heard();
      reader.subscribe(heard);
      Thread.sleep(300);

      server.stop();
      heard.await("disconnected", Duration.ofSeconds(10));
      server.start();
      heard.await("reconnected", Duration.ofSeconds(20));

      SessionKey key = newKey();
      writer.insert(record(key));
      writer.delete(key);
      heard.await("changed " + key, Duration.ofSeconds(5));
      assertThat(List.copyOf(heard.events)).doesNotContain("disconnected");
    }
  }
}
