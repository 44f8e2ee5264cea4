package io.github.sessionkit.bench.suite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds every {@link Subject} the suite measures, each on the servers of {@link BenchServers} and
 * in its own key space (a Redis key prefix, a PostgreSQL schema) that closing it removes.
 *
 * <ul>
 *   <li>sessionkit: {@code memory}, {@code redis}, {@code postgresql}, {@code postgresql-silent}
 *       (with {@code SESSION_JDBC_NOTIFY=false}: no change notification per write, for deployments
 *       without local tiers) and {@code tiered} (local -> Redis -> PostgreSQL; {@code
 *       tiered-no-local} without the local tier, as with {@code SESSION_LOCAL_CACHE=false}), all
 *       with default settings but pool sizes, each under a {@link SessionManager} with a fixed
 *       clock, so its lazy touch never writes during a run (in production it writes once per touch
 *       interval, 1/4 of the idle timeout by default);
 *   <li>Spring Session 3.5, built directly (no application context) as its configuration classes
 *       build it: {@code spring-redis-*} ({@code RedisSessionRepository}), {@code spring-indexed-*}
 *       ({@code RedisIndexedSessionRepository}), both on a Lettuce connection factory and a {@code
 *       RedisTemplate} with string keys, and {@code spring-jdbc-*} ({@code
 *       JdbcIndexedSessionRepository} on a {@code JdbcTemplate}, a {@code TransactionTemplate} with
 *       REQUIRES_NEW, a HikariCP pool of {@value #POOL_SIZE} and its shipped schema). The suffix is
 *       the serializer: {@code jdk}, Spring Session's default, or {@code json}, Jackson's {@code
 *       GenericJackson2JsonRedisSerializer} (for JDBC through its conversion service).
 * </ul>
 *
 * Pools are sized alike: {@value #POOL_SIZE} PostgreSQL connections for every JDBC subject.
 */
final class Subjects {

  /** Sessions each subject holds before measuring. */
  static final int SESSIONS = 2_000;

  static final int POOL_SIZE = 4;

  static final List<String> SESSIONKIT =
      List.of("memory", "redis", "postgresql", "postgresql-silent", "tiered", "tiered-no-local");
  static final List<String> SPRING =
      List.of(
          "spring-redis-jdk",
          "spring-redis-json",
          "spring-indexed-jdk",
          "spring-indexed-json",
          "spring-jdbc-jdk",
          "spring-jdbc-json");
  static final List<String> ALL = Stream.concat(SESSIONKIT.stream(), SPRING.stream()).toList();

  private Subjects() {}

  /** Opens the named subject and fills it with {@link #SESSIONS} sessions. */
  static Subject open(String name, BenchServers servers) {
    return switch (name) {
      case "memory" -> memory();
      case "redis" -> redis(servers);
      case "postgresql" -> postgresql(servers, true);
      case "postgresql-silent" -> postgresql(servers, false);
      case "tiered" -> tiered(servers, true);
      case "tiered-no-local" -> tiered(servers, false);
      case "spring-redis-jdk" -> springRedis(servers, false, false);
      case "spring-redis-json" -> springRedis(servers, true, false);
      case "spring-indexed-jdk" -> springRedis(servers, false, true);
      case "spring-indexed-json" -> springRedis(servers, true, true);
      case "spring-jdbc-jdk" -> springJdbc(servers, false);
      case "spring-jdbc-json" -> springJdbc(servers, true);
      default ->
          throw new IllegalArgumentException(
              "unknown subject '" + name + "'; known: " + SESSIONKIT + " and " + SPRING);
    };
  }

  private static Subject memory() {
    Clock clock = fixedClock();
    return sessionkit(clock, MemorySessionStore.builder().clock(clock).build(), () -> {});
  }

  private static Subject redis(BenchServers servers) {
    Clock clock = fixedClock();
    String prefix = "bench-sk-redis";
    return sessionkit(
        clock, redisStore(servers, clock, prefix), () -> servers.deleteRedisKeys(prefix + ":*"));
  }

  private static Subject postgresql(BenchServers servers, boolean announce) {
    Clock clock = fixedClock();
    TestSchema schema = servers.postgres().createSchema();
    Subject subject = sessionkit(clock, jdbcStore(servers, clock, schema, announce), schema::close);
    servers.vacuum();
    return subject;
  }

  private static Subject tiered(BenchServers servers, boolean local) {
    Clock clock = fixedClock();
    String prefix = "bench-sk-tiered";
    TestSchema schema = servers.postgres().createSchema();
    TieredSessionStore.Builder builder = TieredSessionStore.builder().clock(clock);
    if (local) {
      builder.localTier(
          MemorySessionStore.builder().clock(clock).maximumTtl(Duration.ofMinutes(5)).build());
    }
    TieredSessionStore store =
        builder
            .remoteTier(redisTier(servers, clock, prefix))
            .remoteTier(jdbcStore(servers, clock, schema, true))
            .build();
    Subject subject =
        sessionkit(
            clock,
            store,
            () -> {
              servers.deleteRedisKeys(prefix + ":*");
              schema.close();
            });
    servers.vacuum();
    return subject;
  }

  private static Clock fixedClock() {
    return Clock.fixed(Instant.now(), ZoneOffset.UTC);
  }

  private static RedisSessionStore redisStore(BenchServers servers, Clock clock, String prefix) {
    return RedisSessionStore.builder()
        .url(servers.redisUrl())
        .clock(clock)
        .keyPrefix(prefix)
        .build();
  }

  /** Redis as the tiered store's provider builds it for a tier: a cache, no principal index. */
  private static RedisSessionStore redisTier(BenchServers servers, Clock clock, String prefix) {
    return RedisSessionStore.builder()
        .url(servers.redisUrl())
        .clock(clock)
        .keyPrefix(prefix)
        .soleStore(false)
        .principalIndex(false)
        .build();
  }

  private static JdbcSessionStore jdbcStore(
      BenchServers servers, Clock clock, TestSchema schema, boolean announce) {
    return JdbcSessionStore.builder()
        .url(servers.postgres().jdbcUrlWithCredentials())
        .settings(
            Settings.of(
                Map.of(
                    "SESSION_JDBC_SCHEMA",
                    schema.name(),
                    "SESSION_JDBC_POOL_MAX_SIZE",
                    String.valueOf(POOL_SIZE),
                    "SESSION_JDBC_POOL_MIN_IDLE",
                    String.valueOf(POOL_SIZE),
                    JdbcSessionStore.NOTIFY,
                    String.valueOf(announce))))
        .clock(clock)
        .build();
  }

  private static Subject sessionkit(Clock clock, SessionStore store, Runnable cleanUp) {
    SessionManager manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .automaticPurge(false)
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(24))
            .build();
    return new SessionkitSubject(manager, cleanUp);
  }

  private static Subject springRedis(BenchServers servers, boolean json, boolean indexed) {
    URI uri = URI.create(servers.redisUrl());
    RedisStandaloneConfiguration server =
        new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
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
    String namespace =
        "bench-spring-" + (indexed ? "indexed-" : "plain-") + (json ? "json" : "jdk");
    Runnable cleanUp =
        () -> {
          servers.deleteRedisKeys(namespace + ":*");
          factory.destroy();
        };
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
      return new SpringSubject<>(
          repository,
          () -> {
            repository.destroy();
            cleanUp.run();
          });
    }
    RedisSessionRepository repository = new RedisSessionRepository(template);
    repository.setRedisKeyNamespace(namespace);
    repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
    return new SpringSubject<>(repository, cleanUp);
  }

  private static Subject springJdbc(BenchServers servers, boolean json) {
    PostgresServer postgres = servers.postgres();
    TestSchema schema = postgres.createSchema();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrlWithCredentials() + "&currentSchema=" + schema.name());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    HikariDataSource pool = new HikariDataSource(config);
    PostgresServer.execute(pool, springSchema());

    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(pool));
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    transactions.afterPropertiesSet();
    JdbcIndexedSessionRepository repository =
        new JdbcIndexedSessionRepository(new JdbcTemplate(pool), transactions);
    repository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
    // The expiry sweep is scheduled by Spring's configuration in an application; off here.
    repository.setCleanupCron(Scheduled.CRON_DISABLED);
    if (json) {
      GenericJackson2JsonRedisSerializer mapper = new GenericJackson2JsonRedisSerializer();
      GenericConversionService conversions = new GenericConversionService();
      conversions.addConverter(Object.class, byte[].class, mapper::serialize);
      conversions.addConverter(byte[].class, Object.class, mapper::deserialize);
      repository.setConversionService(conversions);
    }
    repository.afterPropertiesSet();
    Subject subject =
        new SpringSubject<>(
            repository,
            () -> {
              repository.destroy();
              pool.close();
              schema.close();
            });
    servers.vacuum();
    return subject;
  }

  private static String springSchema() {
    String resource = "org/springframework/session/jdbc/schema-postgresql.sql";
    try (InputStream in =
        JdbcIndexedSessionRepository.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the classpath; is spring-session-jdbc there?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
