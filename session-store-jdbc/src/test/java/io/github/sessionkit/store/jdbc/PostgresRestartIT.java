package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL stopped and restarted under a running store. Always on a private embedded server, even
 * when {@code SESSIONKIT_TEST_JDBC_URL} names an external one, since that one cannot be stopped
 * from here.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresRestartIT {

  /** How long any operation may take while the server is down: pool timeout plus slack. */
  private static final Duration FAIL_FAST = Duration.ofSeconds(4);

  private static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.startEmbedded();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Settings settings() {
    return Settings.of(
        Map.of(
            "SESSION_JDBC_POOL_TIMEOUT",
            "1s",
            "SESSION_JDBC_CONNECT_TIMEOUT",
            "1s",
            "SESSION_JDBC_POOL_MAX_SIZE",
            "4"));
  }

  @Test
  void operationsFailFastWhileTheServerIsDownAndSucceedAfterItComesBackWithoutRestartingTheManager()
      throws Exception {
    ManualClock clock = new ManualClock();
    JdbcSessionStore store =
        JdbcSessionStore.builder()
            .url(server.jdbcUrlWithCredentials())
            .settings(settings())
            .clock(clock)
            .build();
    try (SessionManager manager = SessionManager.builder().store(store).clock(clock).build()) {
      Session session = manager.create("alice");
      session.put("cart", List.of("book"));
      manager.save(session);
      SessionKey key = SessionKey.forId(SessionKey.DEFAULT_TENANT, session.id());

      // Load in the background throughout, as request threads would.
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong successes = new AtomicLong();
      Map<Class<?>, Long> failures = new ConcurrentHashMap<>();
      ExecutorService background = Executors.newSingleThreadExecutor();
      Future<?> load =
          background.submit(
              () -> {
                while (running.get()) {
                  try {
                    manager.find(session.id());
                    successes.incrementAndGet();
                  } catch (RuntimeException e) {
                    failures.merge(e.getClass(), 1L, Long::sum);
                  }
                }
              });
      try {
        Thread.sleep(300);
        server.stop();

        // Every kind of operation fails quickly with the unavailable exception.
        assertUnavailableQuickly(() -> store.load(key));
        assertUnavailableQuickly(
            () ->
                store.merge(
                    key, SessionDelta.builder(clock.millis(), 1_800_000).set("x", "1").build()));
        assertUnavailableQuickly(() -> store.touch(key, clock.millis()));
        assertUnavailableQuickly(() -> store.findByPrincipal(SessionKey.DEFAULT_TENANT, "alice"));
        assertUnavailableQuickly(() -> store.purgeExpired(clock.millis(), 10));
        assertUnavailableQuickly(() -> manager.find(session.id()));
        Session other = manager.create("bob");
        assertUnavailableQuickly(
            () -> {
              manager.save(other);
              return null;
            });
        long started = System.nanoTime();
        StoreHealth health = store.health();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAIL_FAST);
        assertThat(health.available()).isFalse();
        assertThat(health.error()).contains("unavailable");

        server.start();

        // The pool reconnects by itself: the same store works again within a few seconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        SessionRecord back = null;
        while (back == null) {
          try {
            back = store.load(key);
          } catch (StoreUnavailableException stillDown) {
            assertThat(System.nanoTime()).as("store usable again within 20 s").isLessThan(deadline);
            Thread.sleep(100);
          }
        }
        long successesBefore = successes.get();
        Session found = manager.find(session.id()).orElseThrow();
        assertThat(found.get("cart", List.class)).containsExactly("book");
        found.put("after", "restart");
        manager.save(found);
        manager.save(other);
        assertThat(manager.find(other.id())).isPresent();
        assertThat(store.health().available()).isTrue();
        Thread.sleep(300);
        assertThat(successes.get())
            .as("background loads succeed again")
            .isGreaterThan(successesBefore);
      } finally {
        running.set(false);
        load.get(30, TimeUnit.SECONDS);
        background.shutdownNow();
      }
      // Unavailable, and for a stopped server more precisely unreachable (refused connections).
      assertThat(failures.keySet())
          .as("failures while down were only 'unavailable'")
          .isNotEmpty()
          .allSatisfy(type -> assertThat(StoreUnavailableException.class).isAssignableFrom(type));
      assertThat(manager.find(session.id()).orElseThrow().get("after", String.class))
          .isEqualTo("restart");
    }
  }

  private static void assertUnavailableQuickly(Supplier<?> operation) {
    long started = System.nanoTime();
    Throwable thrown = catchThrowable(operation::get);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(thrown)
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("unavailable");
    assertThat(took).as("time to fail").isLessThan(FAIL_FAST);
  }

  @Test
  void aServerThatIsDownAtStartUpGivesAClearErrorWithTheMaskedUrl() {
    server.stop();
    try {
      String url =
          "postgresql://app:secret-pw@" + server.host() + ":" + server.port() + "/postgres";
      long started = System.nanoTime();
      Throwable thrown =
          catchThrowable(
              () ->
                  JdbcSessionStore.builder().url("DATABASE_URL", url).settings(settings()).build());

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAIL_FAST);
      assertThat(thrown)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(
              "postgresql://app:****@" + server.host() + ":" + server.port() + "/postgres")
          .hasMessageContaining("DATABASE_URL")
          .hasMessageContaining("refused");
      assertThat(thrown.getMessage()).doesNotContain("Hikari").doesNotContain("sessionkit-jdbc-");
      assertThat(stackTraceOf(thrown))
          .doesNotContain("secret-pw")
          .doesNotContain("PoolInitializationException");
    } finally {
      server.start();
    }
    assertThatThrownBy(
            () ->
                JdbcSessionStore.builder()
                    .url("postgresql://" + server.host() + ":1/postgres")
                    .settings(settings())
                    .build())
        .isInstanceOf(StoreUnavailableException.class);
  }

  static String stackTraceOf(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
