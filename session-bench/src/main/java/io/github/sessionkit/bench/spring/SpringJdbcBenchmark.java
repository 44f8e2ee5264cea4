package io.github.sessionkit.bench.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * sessionkit's PostgreSQL store beside Spring Session's {@code JdbcIndexedSessionRepository},
 * one thread, on the same PostgreSQL server, each in its own schema. The Spring repository is
 * built directly (no application context) on a {@code JdbcTemplate} and a {@code
 * TransactionTemplate} (propagation REQUIRES_NEW, as Spring Session's configuration sets) over a
 * HikariCP pool sized like the store's (4), with its shipped {@code schema-postgresql.sql}, and
 * JDK serialization (its default) or Jackson with default typing (the same mapper as
 * {@code GenericJackson2JsonRedisSerializer}) through its conversion service.
 *
 * <p>The server is {@code SESSIONKIT_TEST_JDBC_URL} (system property or variable; {@link
 * SpringComparison} sets it so every fork uses its one server), else an embedded PostgreSQL
 * started in the fork. sessionkit runs on a fixed clock, as in {@code JdbcStoreBenchmark}, so its
 * lazy touch never writes; Spring Session writes the last access time on every request, as its
 * filter does.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.spring.SpringComparison} (or {@code java -jar
 * session-bench/target/benchmarks.jar SpringJdbcBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
public class SpringJdbcBenchmark {

  static final int SESSIONS = 2_000;
  private static final int POOL_SIZE = 4;

  /** Which store: sessionkit, or Spring Session's JDBC repository and its serializer. */
  @Param({"sessionkit", "spring-jdbc-jdk", "spring-jdbc-json"})
  public String store;

  private TestSchema schema;
  private RequestTarget target;

  @Setup(Level.Trial)
  public void setUp() {
    PostgresServer server = PostgresServer.shared();
    schema = server.createSchema();
    target = switch (store) {
      case "sessionkit" -> sessionkit(server);
      case "spring-jdbc-jdk" -> spring(server, false);
      case "spring-jdbc-json" -> spring(server, true);
      default -> throw new IllegalArgumentException("unknown store " + store);
    };
    // Settle the tables before measuring, so autovacuum does not run during the iterations.
    execute(server.dataSource(), "VACUUM ANALYZE");
  }

  private RequestTarget sessionkit(PostgresServer server) {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    JdbcSessionStore jdbcStore = JdbcSessionStore.builder()
        .url(server.jdbcUrlWithCredentials())
        .settings(Settings.of(Map.of("SESSION_JDBC_SCHEMA", schema.name(),
            "SESSION_JDBC_POOL_MAX_SIZE", String.valueOf(POOL_SIZE),
            "SESSION_JDBC_POOL_MIN_IDLE", String.valueOf(POOL_SIZE))))
        .clock(clock)
        .build();
    SessionManager manager = SessionManager.builder().store(jdbcStore).clock(clock)
        .idleTimeout(Duration.ofMinutes(30)).absoluteTimeout(Duration.ofHours(24)).build();
    return new SessionkitTarget(manager, SESSIONS);
  }

  private RequestTarget spring(PostgresServer server, boolean json) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials() + "&currentSchema=" + schema.name());
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    HikariDataSource pool = new HikariDataSource(config);
    execute(pool, shippedSchema());

    TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    transactions.afterPropertiesSet();
    JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(new JdbcTemplate(pool), transactions);
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
    return new SpringTarget<>(repository, SESSIONS, () -> {
      repository.destroy();
      pool.close();
    });
  }

  private static String shippedSchema() {
    String resource = "org/springframework/session/jdbc/schema-postgresql.sql";
    try (InputStream in = JdbcIndexedSessionRepository.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath; is spring-session-jdbc there?");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("benchmark setup SQL failed: " + e.getMessage(), e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    target.close();
    schema.close();
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
