package io.github.sessionkit.bench.redis;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * The manager on the Redis store beside the floor it stands on, in the same run, on the same
 * server: a raw Jedis {@code GET} of a string as long as the session's stored hash (field names and
 * values). The manager's find is one HGETALL plus id validation, SHA-256 of the id, the expiry
 * check and the {@code Session} copy.
 *
 * <p>After each iteration it prints the server's command counts per operation, from {@code INFO
 * commandstats} deltas. Redis counts the commands a Lua script runs as well: a save's one EVALSHA
 * of the merge script shows up with the TYPE, HMGET, HSET, HGET, PEXPIRE, PUBLISH and HGETALL it
 * runs inside. What the client sends (one HGETALL per find, plus one EVALSHA per changed save) is
 * asserted by {@code RedisRoundTripIT} with MONITOR.
 *
 * <p>The server is {@code SESSIONKIT_TEST_REDIS_URL} if set (a plain {@code redis://host:port}),
 * else an embedded redis-server started in the benchmark's JVM. The clock is fixed, so no lazy
 * touch write happens during the run.
 *
 * <p>Run: {@code ./mvnw -q -pl session-bench -am package -DskipTests && java -jar
 * session-bench/target/benchmarks.jar RedisStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class RedisStoreBenchmark {

  private static final int SESSIONS = 10_000;
  private static final LongAdder OPERATIONS = new LongAdder();

  private @Nullable RedisProcess embedded;
  private HostAndPort server;
  private SessionManager manager;
  private JedisPooled raw;
  private String[] ids;
  private String[] rawKeys;
  private Map<String, Long> statsBefore = Map.of();

  @Setup(Level.Trial)
  public void setUp() {
    String url = RedisTestServers.externalUrl().orElse(null);
    if (url == null) {
      embedded = RedisProcess.startDefault();
      url = embedded.url();
    }
    URI uri = URI.create(url);
    server = new HostAndPort(uri.getHost(), uri.getPort());
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    RedisSessionStore store =
        RedisSessionStore.builder().url(url).clock(clock).keyPrefix("bench").build();
    manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(24))
            .build();
    raw = new JedisPooled(server);
    ids = BenchSessions.create(manager, SESSIONS);
    rawKeys = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      rawKeys[i] = "bench-raw:" + i;
    }
    long storedSize = 0;
    SessionKey sample = SessionKey.forId(manager.tenant(), ids[0]);
    try (Jedis jedis = new Jedis(server)) {
      for (Map.Entry<String, String> field :
          jedis.hgetAll("bench:" + sample.tenant() + ":{" + sample.hash() + "}").entrySet()) {
        storedSize += field.getKey().length() + field.getValue().length();
      }
    }
    if (storedSize == 0) {
      throw new IllegalStateException("the sample session was not found under the expected key");
    }
    String value = "x".repeat((int) storedSize);
    for (String key : rawKeys) {
      raw.set(key, value);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
    raw.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  @Setup(Level.Iteration)
  public void countFrom() {
    OPERATIONS.reset();
    statsBefore = commandStats();
  }

  @TearDown(Level.Iteration)
  public void printCommandsPerOperation() {
    Map<String, Long> after = commandStats();
    long operations = Math.max(1, OPERATIONS.sum());
    StringBuilder b = new StringBuilder("\nserver commands per operation:");
    long all = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long delta = e.getValue() - statsBefore.getOrDefault(e.getKey(), 0L);
      if (delta > 0 && !e.getKey().equals("info")) {
        all += delta;
        b.append(' ')
            .append(e.getKey())
            .append('=')
            .append(String.format("%.2f", (double) delta / operations));
      }
    }
    b.append(" | total=").append(String.format("%.2f", (double) all / operations));
    System.out.println(
        b + " (" + operations + " operations; commands run inside a script count too)");
  }

  private Map<String, Long> commandStats() {
    Map<String, Long> stats = new LinkedHashMap<>();
    try (Jedis jedis = new Jedis(server)) {
      for (String line : jedis.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_")) {
          String name = line.substring(8, line.indexOf(':'));
          int start = line.indexOf("calls=") + 6;
          stats.put(name, Long.parseLong(line.substring(start, line.indexOf(',', start))));
        }
      }
    }
    return stats;
  }

  /** Picks a session per call without a shared counter, so threads do not contend on it. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      OPERATIONS.increment();
      next = (next + 1) % SESSIONS;
      return next;
    }
  }

  @Benchmark
  public Object rawJedisGet(Cursor cursor) {
    return raw.get(rawKeys[cursor.advance()]);
  }

  @Benchmark
  public Object find(Cursor cursor) {
    return manager.find(ids[cursor.advance()]).orElseThrow();
  }

  /** A typical request: find, change one attribute, save (one EVALSHA of the merge script). */
  @Benchmark
  public Object findChangeSave(Cursor cursor) {
    return BenchSessions.typicalRequest(manager, ids[cursor.advance()], cursor.next % 2 == 0);
  }

  /** A read-only request: find and save with nothing changed (writes nothing). */
  @Benchmark
  public Object findUnchangedSave(Cursor cursor) {
    return BenchSessions.readOnlyRequest(manager, ids[cursor.advance()]);
  }
}
