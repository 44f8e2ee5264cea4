package io.github.sessionkit.bench.spring;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * sessionkit's Redis store beside Spring Session's {@code RedisSessionRepository} and
 * {@code RedisIndexedSessionRepository}, one thread, on the same redis-server. The Spring
 * repositories are built directly (no application context) on a Lettuce connection factory and a
 * {@code RedisTemplate} configured as Spring Session's own configuration does (string keys and
 * hash keys), with JDK serialization (its default) or Jackson ({@code
 * GenericJackson2JsonRedisSerializer}). Each store holds {@value #SESSIONS} sessions of two
 * attributes plus the principal.
 *
 * <p>The server is the {@value #REDIS_URL_PROPERTY} system property (set by {@link
 * SpringComparison} so every fork uses its one server), else {@code SESSIONKIT_TEST_REDIS_URL},
 * else an embedded redis-server started in the fork. sessionkit runs on a fixed clock, as in
 * {@code RedisStoreBenchmark}, so its lazy touch never writes; Spring Session writes the last
 * access time on every request, as its filter does.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.spring.SpringComparison} (or {@code java -jar
 * session-bench/target/benchmarks.jar SpringRedisBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class SpringRedisBenchmark {

  /** The system property naming the redis-server to use, {@code redis://host:port}. */
  public static final String REDIS_URL_PROPERTY = "sessionkit.bench.redisUrl";

  static final int SESSIONS = 2_000;

  /** Which store: sessionkit, or a Spring Session repository and its serializer. */
  @Param({"sessionkit", "spring-redis-jdk", "spring-redis-json", "spring-indexed-jdk", "spring-indexed-json"})
  public String store;

  private @Nullable RedisProcess embedded;
  private RequestTarget target;

  @Setup(Level.Trial)
  public void setUp() {
    String url = System.getProperty(REDIS_URL_PROPERTY, RedisTestServers.externalUrl().orElse(""));
    if (url.isBlank()) {
      embedded = RedisProcess.startDefault();
      url = embedded.url();
    }
    target = switch (store) {
      case "sessionkit" -> sessionkit(url);
      case "spring-redis-jdk" -> spring(url, false, false);
      case "spring-redis-json" -> spring(url, true, false);
      case "spring-indexed-jdk" -> spring(url, false, true);
      case "spring-indexed-json" -> spring(url, true, true);
      default -> throw new IllegalArgumentException("unknown store " + store);
    };
  }

  private static RequestTarget sessionkit(String url) {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    RedisSessionStore redisStore = RedisSessionStore.builder().url(url).clock(clock).keyPrefix("bench-sk").build();
    SessionManager manager = SessionManager.builder().store(redisStore).clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(24)).build();
    return new SessionkitTarget(manager, SESSIONS);
  }

  private static RequestTarget spring(String url, boolean json, boolean indexed) {
    URI uri = URI.create(url);
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      server.setPassword(info.substring(info.indexOf(':') + 1));
    }
    LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
    factory.afterPropertiesSet();
    factory.start();
    RedisTemplate<String, Object> template = new RedisTemplate<>();
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    GenericJackson2JsonRedisSerializer jsonSerializer = new GenericJackson2JsonRedisSerializer();
    if (json) {
      template.setDefaultSerializer(jsonSerializer);
    }
    template.setConnectionFactory(factory);
    template.afterPropertiesSet();
    String namespace = "bench-spring:" + (indexed ? "indexed-" : "plain-") + (json ? "json" : "jdk");
    if (indexed) {
      RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(template);
      repository.setRedisKeyNamespace(namespace);
      repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
      // The expiry sweep is scheduled by Spring's configuration in an application; off here.
      repository.setCleanupCron(Scheduled.CRON_DISABLED);
      if (json) {
        repository.setDefaultSerializer(jsonSerializer);
      }
      repository.afterPropertiesSet();
      return new SpringTarget<>(repository, SESSIONS, () -> {
        repository.destroy();
        factory.destroy();
      });
    }
    RedisSessionRepository repository = new RedisSessionRepository(template);
    repository.setRedisKeyNamespace(namespace);
    repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
    return new SpringTarget<>(repository, SESSIONS, factory::destroy);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    target.close();
    if (embedded != null) {
      embedded.close();
    }
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

  /** A typical request: find the session, change one attribute, save. */
  @Benchmark
  public Object typicalRequest(Cursor cursor) {
    return target.typicalRequest(cursor.advance());
  }

  /** A read-only request: find the session, change nothing, save. */
  @Benchmark
  public Object readOnlyRequest(Cursor cursor) {
    return target.readOnlyRequest(cursor.advance());
  }
}
