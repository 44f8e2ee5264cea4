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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;

/**
 * The ratio behind {@link JdbcStoreBenchmark}, measured so that machine noise cannot bias it: the
 * raw primary-key SELECT, {@code store.load} and {@code manager.find} run in short interleaved
 * rounds (rotating which goes first) on one server, table and row set, and the medians are
 * compared. JMH runs its benchmarks one after the other, so on a shared machine a slow minute can
 * land on one of them alone; here it lands on all three.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.jdbc.JdbcFindRatio [rounds]} (default 60 rounds of 2,000 calls each).
 */
public final class JdbcFindRatio {

  private static final int SESSIONS = 10_000;
  private static final int CALLS_PER_ROUND = 2_000;

  private final String[] ids = new String[SESSIONS];
  private final SessionKey[] keys = new SessionKey[SESSIONS];
  private final SessionManager manager;
  private final JdbcSessionStore store;
  private final HikariDataSource rawPool;
  private final String rawSelect;

  private JdbcFindRatio(PostgresServer server, TestSchema schema) throws SQLException {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    store =
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
    manager = SessionManager.builder().store(store).clock(clock).build();
    String[] created = BenchSessions.create(manager, SESSIONS);
    for (int i = 0; i < SESSIONS; i++) {
      ids[i] = created[i];
      keys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, created[i]);
    }
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE " + schema.name() + ".sessionkit_sessions");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(4);
    rawPool = new HikariDataSource(config);
    rawSelect =
        "SELECT principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at,"
            + " version, attributes, attributes_verbatim FROM "
            + schema.name()
            + ".sessionkit_sessions WHERE tenant = ? AND id_hash = ?";
  }

  /** Prints the median time per call of each operation and the find/raw and load/raw ratios. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    PostgresServer server = PostgresServer.shared();
    try (TestSchema schema = server.createSchema()) {
      JdbcFindRatio bench = new JdbcFindRatio(server, schema);
      try {
        bench.run(rounds);
      } finally {
        bench.manager.close();
        bench.rawPool.close();
      }
    }
    System.exit(0);
  }

  private void run(int rounds) throws SQLException {
    String[] names = {"raw JDBC PK select", "store.load", "manager.find"};
    double[][] micros = new double[3][rounds];
    for (int warmup = 0; warmup < 5; warmup++) {
      for (int op = 0; op < 3; op++) {
        round(op);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < 3; j++) {
        int op = (r + j) % 3;
        micros[op][r] = round(op);
      }
    }
    double[] medians = new double[3];
    for (int op = 0; op < 3; op++) {
      double[] sorted = micros[op].clone();
      Arrays.sort(sorted);
      medians[op] = sorted[rounds / 2];
      System.out.printf(
          "%-20s median %6.1f us/call (p10 %6.1f, p90 %6.1f)%n",
          names[op], medians[op], sorted[rounds / 10], sorted[rounds * 9 / 10]);
    }
    System.out.printf(
        "find / raw = %.2f, load / raw = %.2f (ratio of medians over %d interleaved rounds)%n",
        medians[2] / medians[0], medians[1] / medians[0], rounds);
  }

  /** Microseconds per call for one round of one operation. */
  private double round(int op) throws SQLException {
    long started = System.nanoTime();
    for (int i = 0; i < CALLS_PER_ROUND; i++) {
      int n = (int) ((i * 7_919L) % SESSIONS);
      switch (op) {
        case 0 -> rawSelect(keys[n]);
        case 1 -> store.load(keys[n]);
        default -> manager.find(ids[n]).orElseThrow();
      }
    }
    return (System.nanoTime() - started) / 1_000.0 / CALLS_PER_ROUND;
  }

  private void rawSelect(SessionKey key) throws SQLException {
    try (Connection c = rawPool.getConnection();
        PreparedStatement ps = c.prepareStatement(rawSelect)) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.hash());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(7) == null) {
          throw new IllegalStateException("row missing");
        }
        rs.getString(1);
        rs.getLong(2);
        rs.getLong(3);
        rs.getLong(4);
        rs.getLong(5);
        rs.getLong(6);
        rs.getString(8);
      }
    }
  }
}
