package io.github.sessionkit.bench.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The manager on the PostgreSQL store beside the floor it stands on, in the same run and on the
 * same server and row: a raw JDBC primary-key {@code SELECT} of the session's row through a
 * HikariCP pool configured like the store's, reading every column. The manager's find adds id
 * validation, SHA-256 of the id, splitting the attribute JSON, the expiry check and the {@code
 * Session} copy.
 *
 * <p>The server is {@code SESSIONKIT_TEST_JDBC_URL} if set, else an embedded PostgreSQL started in
 * the benchmark's JVM. The clock is fixed, so no lazy touch write happens during the run.
 *
 * <p>Run: {@code ./mvnw -q -pl session-bench -am package -DskipTests && java -jar
 * session-bench/target/benchmarks.jar JdbcStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class JdbcStoreBenchmark {

  private static final int SESSIONS = 10_000;

  private TestSchema schema;
  private SessionManager manager;
  private JdbcSessionStore store;
  private HikariDataSource rawPool;
  private String rawSelect;
  private String[] ids;
  private SessionKey[] keys;

  @Setup(Level.Trial)
  public void setUp() {
    PostgresServer server = PostgresServer.shared();
    schema = server.createSchema();
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    JdbcSessionStore store =
        JdbcSessionStore.builder()
            .url(server.jdbcUrlWithCredentials())
            .settings(
                Settings.of(
                    Map.of(
                        "SESSION_JDBC_SCHEMA",
                        schema.name(),
                        "SESSION_JDBC_POOL_MAX_SIZE",
                        "4",
                        "SESSION_JDBC_POOL_MIN_IDLE",
                        "4")))
            .clock(clock)
            .build();
    manager =
        SessionManager.builder()
            .store(store)
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(30))
            .absoluteTimeout(Duration.ofHours(24))
            .build();
    ids = BenchSessions.create(manager, SESSIONS);
    keys = new SessionKey[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      keys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, ids[i]);
    }

    // Settle the table before measuring, so autovacuum does not run during the iterations.
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE " + schema.name() + ".sessionkit_sessions");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    this.store = store;

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(4);
    rawPool = new HikariDataSource(config);
    rawSelect =
        "SELECT principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at,"
            + " version, attributes, attributes_verbatim FROM "
            + schema.name()
            + ".sessionkit_sessions"
            + " WHERE tenant = ? AND id_hash = ?";
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
    rawPool.close();
    schema.close();
  }

  /** Picks a session per call without a shared counter, so threads do not contend on it. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 1) % SESSIONS;
      return next;
    }
  }

  /** The floor: one pooled primary-key SELECT of the same row, every column read. */
  @Benchmark
  public void rawJdbcSelect(Cursor cursor, Blackhole bh) throws SQLException {
    SessionKey key = keys[cursor.advance()];
    try (Connection c = rawPool.getConnection();
        PreparedStatement ps = c.prepareStatement(rawSelect)) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.hash());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        bh.consume(rs.getString(1));
        bh.consume(rs.getLong(2));
        bh.consume(rs.getLong(3));
        bh.consume(rs.getLong(4));
        bh.consume(rs.getLong(5));
        bh.consume(rs.getLong(6));
        bh.consume(rs.getString(7));
        bh.consume(rs.getString(8));
      }
    }
  }

  /** The store alone: the same SELECT plus expiry condition, decoded into a record. */
  @Benchmark
  public Object storeLoad(Cursor cursor) {
    return store.load(keys[cursor.advance()]);
  }

  @Benchmark
  public Object find(Cursor cursor) {
    return manager.find(ids[cursor.advance()]).orElseThrow();
  }

  /** A typical request: find, change one attribute, save (one merge statement). */
  @Benchmark
  public Object findChangeSave(Cursor cursor) {
    return BenchSessions.typicalRequest(manager, ids[cursor.advance()], cursor.next % 2 == 0);
  }
}
