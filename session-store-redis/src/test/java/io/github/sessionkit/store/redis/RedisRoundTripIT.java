package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * What a request costs on the wire, counted by the server: the commands the store's clients send,
 * as MONITOR shows them (commands run inside Lua scripts are left out), cross-checked with INFO
 * commandstats.
 */
class RedisRoundTripIT {

  private static RedisProcess server;
  private static RawRedis raw;

  @BeforeAll
  static void start() {
    server = RedisProcess.startDefault();
    raw = new RawRedis(server.url());
  }

  @AfterAll
  static void stop() {
    raw.close();
    server.close();
  }

  /** Runs {@code request} and returns the names of the commands clients sent meanwhile. */
  private static List<String> commandsOf(Runnable request) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Jedis monitor = new Jedis(server.host(), server.port());
    Thread thread =
        new Thread(
            () -> {
              try {
                monitor.monitor(
                    new JedisMonitor() {
                      @Override
                      public void onCommand(String command) {
                        lines.add(command);
                      }
                    });
              } catch (RuntimeException closed) {
                // The test closes the connection to end MONITOR.
              }
            });
    thread.start();
    String start = "start-" + UUID.randomUUID();
    String end = "end-" + UUID.randomUUID();
    try (Jedis marker = new Jedis(server.host(), server.port())) {
      awaitMarker(marker, lines, start);
      request.run();
      awaitMarker(marker, lines, end);
    } finally {
      monitor.disconnect();
      thread.join(5_000);
    }
    List<String> commands = new ArrayList<>();
    boolean inside = false;
    for (String line : lines) {
      if (line.contains(start)) {
        inside = true;
      } else if (line.contains(end)) {
        break;
      } else if (inside
          && !line.contains(" lua] ")
          && !line.contains("\"PING\"")
          && !line.contains("\"ECHO\"")) {
        int quote = line.indexOf('"');
        commands.add(line.substring(quote + 1, line.indexOf('"', quote + 1)).toUpperCase());
      }
    }
    return commands;
  }

  private static void awaitMarker(Jedis marker, List<String> lines, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    do {
      marker.echo(text);
      Thread.sleep(20);
      if (lines.stream().anyMatch(l -> l.contains(text))) {
        return;
      }
    } while (System.nanoTime() < deadline);
    throw new AssertionError("MONITOR did not see " + text);
  }

  @Test
  void aCreateIsOneScriptPerKeyAndACacheTierKeepsNoPrincipalIndex() throws Exception {
    ManualClock clock = new ManualClock();
    try (RedisSessionStore store =
            RedisSessionStore.builder().url(server.url()).clock(clock).build();
        RedisSessionStore tier =
            RedisSessionStore.builder()
                .url(server.url())
                .clock(clock)
                .keyPrefix("tier")
                .soleStore(false)
                .principalIndex(false)
                .build()) {
      SessionManager manager = SessionManager.builder().store(store).clock(clock).build();
      List<String> create = commandsOf(() -> manager.save(manager.create("alice")));
      // The session and the principal's index entry, sent in one pipeline.
      assertThat(create).containsExactly("EVALSHA", "EVALSHA");
      assertThat(manager.sessionsOf("alice")).hasSize(1);

      SessionManager cached = SessionManager.builder().store(tier).clock(clock).build();
      List<String> tierCreate = commandsOf(() -> cached.save(cached.create("alice")));
      assertThat(tierCreate).containsExactly("EVALSHA");
      assertThatThrownBy(() -> tier.findByPrincipal(SessionKey.DEFAULT_TENANT, "alice"))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("principalIndex(false)");
    }
  }

  @Test
  void aTypicalRequestIsOneReadAndOneWriteAndAnIdleOneIsOneRead() throws Exception {
    ManualClock clock = new ManualClock();
    try (RedisSessionStore store =
        RedisSessionStore.builder().url(server.url()).clock(clock).build()) {
      SessionManager manager =
          SessionManager.builder()
              .store(store)
              .clock(clock)
              .idleTimeout(Duration.ofMinutes(30))
              .touchInterval(Duration.ofMinutes(3))
              .build();
      Session session = manager.create("alice");
      session.put("cart", List.of("book"));
      manager.save(session);
      clock.advance(Duration.ofSeconds(10));

      long evalshaBefore = raw.commandCalls("evalsha");
      long hgetallBefore = raw.commandCalls("hgetall");
      List<String> typical =
          commandsOf(
              () -> {
                Session found = manager.find(session.id()).orElseThrow();
                found.put("cart", List.of("book", "pen"));
                manager.save(found);
              });
      assertThat(typical)
          .as("find + change one attribute + save")
          .containsExactly("HGETALL", "EVALSHA");
      assertThat(raw.commandCalls("evalsha") - evalshaBefore).isEqualTo(1);
      // Only the find's HGETALL: the merge script found the version the request read, so it
      // answers with the new version alone and the client applies its own delta.
      assertThat(raw.commandCalls("hgetall") - hgetallBefore).isEqualTo(1);
      assertThat(manager.find(session.id()).orElseThrow().version()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(10));
      long evalshaBeforeIdle = raw.commandCalls("evalsha");
      List<String> unchanged =
          commandsOf(
              () -> {
                Session found = manager.find(session.id()).orElseThrow();
                found.get("cart", List.class);
                manager.save(found);
              });
      assertThat(unchanged)
          .as("nothing changed and no touch due: no write")
          .containsExactly("HGETALL");
      assertThat(raw.commandCalls("evalsha")).isEqualTo(evalshaBeforeIdle);

      clock.advance(Duration.ofMinutes(4));
      List<String> touched = commandsOf(() -> manager.find(session.id()).orElseThrow());
      assertThat(touched)
          .as("a find after the touch interval")
          .containsExactly("HGETALL", "EVALSHA");
    }
  }

  @Test
  void creatingASessionCostsOneWriteAndTwoWithAPrincipal() throws Exception {
    ManualClock clock = new ManualClock();
    try (RedisSessionStore store =
        RedisSessionStore.builder().url(server.url()).clock(clock).build()) {
      SessionManager manager = SessionManager.builder().store(store).clock(clock).build();
      List<String> anonymous =
          commandsOf(
              () -> {
                Session s = manager.create();
                s.put("a", 1);
                manager.save(s);
              });
      assertThat(anonymous).containsExactly("EVALSHA");
      List<String> loggedIn = commandsOf(() -> manager.save(manager.create("bob")));
      assertThat(loggedIn)
          .as("the session, then its principal index in another slot")
          .containsExactly("EVALSHA", "EVALSHA");
    }
  }
}
