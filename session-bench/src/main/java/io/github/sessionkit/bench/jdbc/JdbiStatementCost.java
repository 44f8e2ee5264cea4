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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * What Jdbi itself costs per statement, next to raw JDBC running the very same statement on the
 * same pool, server and rows: a primary-key SELECT of a session row (all columns; raw reads by
 * offset, Jdbi by name through a row mapper) and a one-attribute UPDATE with named bindings;
 * besides, the raw UPDATE in the store's two-column merge shape, for what the second attribute
 * column costs. The variants run in short interleaved rounds (rotating which goes first) so machine
 * noise lands on all of them, and each reports the median round's wall time per call and the
 * calling thread's CPU time per call; the CPU time is where a client-side layer shows, free of the
 * server's and the network's time.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.jdbc.JdbiStatementCost [rounds]} (default 40 rounds of 2,000 calls).
 */
public final class JdbiStatementCost {

  private static final int SESSIONS = 5_000;
  private static final int CALLS_PER_ROUND = 2_000;
  private static final String[] NAMES = {
    "raw SELECT",
    "Jdbi SELECT",
    "raw UPDATE",
    "Jdbi UPDATE",
    "raw UPDATE2",
    "Jdbi* SELECT",
    "Jdbi* UPDATE"
  };

  private final SessionKey[] keys = new SessionKey[SESSIONS];
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  /** Configured like the store's: no template engine, no forced transaction check on close. */
  private final Jdbi tuned;

  private final String rawSelect;
  private final String namedSelect;
  private final String rawUpdate;
  private final String namedUpdate;
  private final String rawUpdateBothColumns;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private long sink;
  private int next;

  private JdbiStatementCost(PostgresServer server, TestSchema schema) throws SQLException {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    try (JdbcSessionStore store =
            JdbcSessionStore.builder()
                .url(server.jdbcUrlWithCredentials())
                .settings(
                    Settings.of(
                        Map.of(
                            "SESSION_JDBC_SCHEMA", schema.name(), "SESSION_JDBC_NOTIFY", "false")))
                .clock(clock)
                .build();
        SessionManager manager = SessionManager.builder().store(store).clock(clock).build()) {
      String[] created = BenchSessions.create(manager, SESSIONS);
      for (int i = 0; i < SESSIONS; i++) {
        keys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, created[i]);
      }
    }
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE " + schema.name() + ".sessionkit_sessions");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    // Like the store's connections: no notices, so only the client-side difference remains.
    config.addDataSourceProperty("options", "-c sessionkit.notify=off");
    pool = new HikariDataSource(config);
    jdbi = Jdbi.create(pool);
    tuned = Jdbi.create(pool);
    tuned.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
    tuned.getConfig(Handles.class).setForceEndTransactions(false);
    String table = schema.name() + ".sessionkit_sessions";
    String columns =
        "principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at, version,"
            + " attributes, attributes_verbatim";
    rawSelect =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE tenant = ? AND id_hash = ? AND expires_at > ?";
    namedSelect =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE tenant = :tenant AND id_hash = :hash AND expires_at > :now";
    rawUpdate =
        "UPDATE "
            + table
            + " SET attributes = attributes || ?::jsonb, version = version + 1"
            + " WHERE tenant = ? AND id_hash = ? AND expires_at > ?";
    // What the layout's second column costs the server: the store's merge shape on both columns.
    rawUpdateBothColumns =
        "UPDATE "
            + table
            + " SET attributes = (attributes - ?::text[]) || ?::jsonb, attributes_verbatim ="
            + " (attributes_verbatim - ?::text[]) || ?::jsonb, version = version + 1 WHERE tenant ="
            + " ? AND id_hash = ? AND expires_at > ?";
    namedUpdate =
        "UPDATE "
            + table
            + " SET attributes = attributes || :upserts::jsonb, version = version + 1"
            + " WHERE tenant = :tenant AND id_hash = :hash AND expires_at > :now";
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    PostgresServer server = PostgresServer.shared();
    try (TestSchema schema = server.createSchema()) {
      JdbiStatementCost bench = new JdbiStatementCost(server, schema);
      try {
        bench.run(rounds);
      } finally {
        bench.pool.close();
      }
    }
  }

  private void run(int rounds) throws SQLException {
    for (int warm = 0; warm < 5; warm++) {
      for (int variant = 0; variant < NAMES.length; variant++) {
        round(variant);
      }
    }
    double[][] wall = new double[NAMES.length][rounds];
    double[][] cpu = new double[NAMES.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < NAMES.length; i++) {
        int variant = (i + r) % NAMES.length;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        round(variant);
        wall[variant][r] = (System.nanoTime() - start) / 1_000.0 / CALLS_PER_ROUND;
        cpu[variant][r] =
            (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / CALLS_PER_ROUND;
      }
    }
    System.out.printf("%d rounds of %d calls; median round, per call%n", rounds, CALLS_PER_ROUND);
    for (int v = 0; v < NAMES.length; v++) {
      System.out.printf(
          "  %-12s wall %7.2f us   client CPU %6.2f us%n",
          NAMES[v], median(wall[v]), median(cpu[v]));
    }
    System.out.printf(
        "Jdbi's own cost: SELECT %+.2f us wall, %+.2f us CPU; UPDATE %+.2f us wall, %+.2f us CPU%n",
        median(wall[1]) - median(wall[0]),
        median(cpu[1]) - median(cpu[0]),
        median(wall[3]) - median(wall[2]),
        median(cpu[3]) - median(cpu[2]));
    System.out.printf(
        "Jdbi configured like the store: SELECT %+.2f us wall, %+.2f us CPU; UPDATE %+.2f us wall,"
            + " %+.2f us CPU%n",
        median(wall[5]) - median(wall[0]),
        median(cpu[5]) - median(cpu[0]),
        median(wall[6]) - median(wall[2]),
        median(cpu[6]) - median(cpu[2]));
    System.out.printf(
        "The second attribute column in a merge: %+.2f us wall%n",
        median(wall[4]) - median(wall[2]));
    System.out.println("(sink " + sink + ")");
  }

  private void round(int variant) throws SQLException {
    for (int i = 0; i < CALLS_PER_ROUND; i++) {
      next = (next + 1) % SESSIONS;
      SessionKey key = keys[next];
      switch (variant) {
        case 0 -> rawSelect(key);
        case 1 -> jdbiSelect(jdbi, key);
        case 2 -> rawUpdate(key);
        case 3 -> jdbiUpdate(jdbi, key);
        case 4 -> rawUpdateBothColumns(key);
        case 5 -> jdbiSelect(tuned, key);
        default -> jdbiUpdate(tuned, key);
      }
    }
  }

  private void rawSelect(SessionKey key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(rawSelect)) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.hash());
      ps.setLong(3, 0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        sink +=
            rs.getString(1).length()
                + rs.getLong(2)
                + rs.getLong(3)
                + rs.getLong(4)
                + rs.getLong(5)
                + rs.getLong(6)
                + rs.getString(7).length()
                + rs.getString(8).length();
      }
    }
  }

  private void jdbiSelect(Jdbi jdbi, SessionKey key) {
    try (Handle h = jdbi.open()) {
      sink +=
          h.createQuery(namedSelect)
              .bind("tenant", key.tenant())
              .bind("hash", key.hash())
              .bind("now", 0L)
              .map(
                  (rs, ctx) ->
                      rs.getString("principal").length()
                          + rs.getLong("created_at")
                          + rs.getLong("last_accessed_at")
                          + rs.getLong("idle_timeout_ms")
                          + rs.getLong("absolute_expires_at")
                          + rs.getLong("version")
                          + rs.getString("attributes").length()
                          + rs.getString("attributes_verbatim").length())
              .one();
    }
  }

  private void rawUpdate(SessionKey key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(rawUpdate)) {
      ps.setString(1, "{\"n\": 1}");
      ps.setString(2, key.tenant());
      ps.setString(3, key.hash());
      ps.setLong(4, 0);
      sink += ps.executeUpdate();
    }
  }

  private void rawUpdateBothColumns(SessionKey key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(rawUpdateBothColumns)) {
      ps.setArray(1, c.createArrayOf("text", new String[0]));
      ps.setString(2, "{\"n\": 1}");
      ps.setArray(3, c.createArrayOf("text", new String[] {"n"}));
      ps.setString(4, "{}");
      ps.setString(5, key.tenant());
      ps.setString(6, key.hash());
      ps.setLong(7, 0);
      sink += ps.executeUpdate();
    }
  }

  private void jdbiUpdate(Jdbi jdbi, SessionKey key) {
    try (Handle h = jdbi.open()) {
      sink +=
          h.createUpdate(namedUpdate)
              .bind("upserts", "{\"n\": 1}")
              .bind("tenant", key.tenant())
              .bind("hash", key.hash())
              .bind("now", 0L)
              .execute();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
