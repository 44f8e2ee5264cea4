package io.github.sessionkit.bench.tiered;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/**
 * The tiered store's read paths beside their floors, in one run on the same servers (an embedded
 * PostgreSQL and redis-server):
 *
 * <ul>
 *   <li>{@code tieredFindLocalHit}: local -> Redis -> PostgreSQL with the session in the local
 *       tier, beside {@code rawCaffeineGet} (target: under 1 microsecond);
 *   <li>{@code tieredFindRedisHit}: Redis -> PostgreSQL (no local tier, so every find is a local
 *       miss and a Redis hit), beside {@code redisStoreFind}, the Redis store's own find of the
 *       same sessions (target: within 1.3x).
 * </ul>
 *
 * The clock is fixed, so no lazy touch write happens during the run.
 *
 * <p>Run: {@code ./mvnw -q -pl session-bench -am package -DskipTests && java -jar
 * session-bench/target/benchmarks.jar TieredStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TieredStoreBenchmark {

  private static final int SESSIONS = 2_000;

  private PostgresServer postgres;
  private RedisProcess redis;
  private SessionManager withLocal;
  private SessionManager withoutLocal;
  private SessionManager redisOnly;
  private Cache<String, Map<String, String>> raw;
  private String[] ids;
  private String[] rawKeys;

  @Setup(Level.Trial)
  public void setUp() {
    postgres = PostgresServer.startEmbedded();
    redis = RedisProcess.startDefault();
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    withLocal =
        manager(
            clock,
            TieredSessionStore.builder()
                .clock(clock)
                .localTier(
                    MemorySessionStore.builder()
                        .clock(clock)
                        .maximumTtl(Duration.ofMinutes(5))
                        .build())
                .remoteTier(redisStore(clock))
                .remoteTier(postgresStore(clock))
                .build());
    withoutLocal =
        manager(
            clock,
            TieredSessionStore.builder()
                .clock(clock)
                .remoteTier(redisStore(clock))
                .remoteTier(postgresStore(clock))
                .build());
    redisOnly = manager(clock, redisStore(clock));
    raw = Caffeine.newBuilder().maximumSize(100_000).build();
    ids = BenchSessions.create(withoutLocal, SESSIONS);
    rawKeys = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      rawKeys[i] = SessionKey.forId(withoutLocal.tenant(), ids[i]).hash();
      raw.put(rawKeys[i], BenchSessions.ENCODED_ATTRIBUTES);
      withLocal.find(ids[i]).orElseThrow();
    }
  }

  private RedisSessionStore redisStore(Clock clock) {
    return RedisSessionStore.builder()
        .url(redis.url())
        .clock(clock)
        .socketTimeout(Duration.ofMillis(200))
        .build();
  }

  private JdbcSessionStore postgresStore(Clock clock) {
    return JdbcSessionStore.builder().url(postgres.jdbcUrlWithCredentials()).clock(clock).build();
  }

  private static SessionManager manager(Clock clock, io.github.sessionkit.spi.SessionStore store) {
    return SessionManager.builder().store(store).clock(clock).automaticPurge(false).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withLocal.close();
    withoutLocal.close();
    redisOnly.close();
    redis.close();
    postgres.close();
  }

  /** Picks a session per call without a shared counter. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 1) % SESSIONS;
      return next;
    }
  }

  @Benchmark
  public Object rawCaffeineGet(Cursor cursor) {
    return raw.getIfPresent(rawKeys[cursor.advance()]);
  }

  @Benchmark
  public Object tieredFindLocalHit(Cursor cursor) {
    return withLocal.find(ids[cursor.advance()]).orElseThrow();
  }

  @Benchmark
  public Object redisStoreFind(Cursor cursor) {
    return redisOnly.find(ids[cursor.advance()]).orElseThrow();
  }

  @Benchmark
  public Object tieredFindRedisHit(Cursor cursor) {
    return withoutLocal.find(ids[cursor.advance()]).orElseThrow();
  }
}
