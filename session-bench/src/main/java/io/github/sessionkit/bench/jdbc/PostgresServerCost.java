package io.github.sessionkit.bench.jdbc;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the PostgreSQL store's statements cost inside the server, with no client, network or
 * scheduler in the way: each variant runs 20,000 times in a PL/pgSQL loop on the server (its plan
 * cached, as a prepared statement's is), and the server's own clock times the loop. Variants: the
 * raw floor's primary-key SELECT and UPDATE of a 200-byte row, the store's load and merge on its
 * sessions table (with the change-notice trigger, and with the trigger switched off as {@code
 * mergeUnannounced} does), and the merge and a bare version bump on copies of the table without the
 * trigger, with and without the generated expiry columns. Each loop also looks up the row's key by
 * number (an index scan, the same in every variant). Rounds are interleaved; the median round is
 * reported.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.jdbc.PostgresServerCost [rounds]} (default 9).
 */
public final class PostgresServerCost {

  private static final int SESSIONS = 2_000;
  private static final int LOOPS = 20_000;
  private static final String COLUMNS =
      "tenant, id_hash, principal, created_at, last_accessed_at, idle_timeout_ms,"
          + " absolute_expires_at, version, attributes, attributes_verbatim";

  private PostgresServerCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    PostgresServer server = PostgresServer.shared();
    try (TestSchema schema = server.createSchema();
        SessionManager manager =
            SessionManager.builder()
                .store(
                    JdbcSessionStore.builder()
                        .url(server.jdbcUrlWithCredentials())
                        .settings(Settings.of(Map.of("SESSION_JDBC_SCHEMA", schema.name())))
                        .build())
                .automaticPurge(false)
                .build()) {
      BenchSessions.create(manager, SESSIONS);
      try (Connection c = server.dataSource().getConnection();
          Statement s = c.createStatement()) {
        run(s, schema.name(), rounds);
      }
    }
  }

  private static void run(Statement s, String schema, int rounds) throws SQLException {
    String table = schema + ".sessionkit_sessions";
    String copy = schema + ".cost_copy";
    String plain = schema + ".cost_plain_expiry";
    s.execute(
        "CREATE TABLE "
            + schema
            + ".cost_keys AS SELECT (row_number() OVER () - 1)::int AS n, tenant, id_hash FROM "
            + table);
    s.execute("ALTER TABLE " + schema + ".cost_keys ADD PRIMARY KEY (n)");
    s.execute(
        "CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL) WITH (fillfactor = 80)");
    s.execute("INSERT INTO " + copy + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM " + table);
    // The same table with expires_at and expires_minute as plain columns the merge sets itself.
    s.execute(
        "CREATE TABLE " + plain + " (LIKE " + table + " INCLUDING ALL) WITH (fillfactor = 80)");
    s.execute("ALTER TABLE " + plain + " ALTER COLUMN expires_at DROP EXPRESSION");
    s.execute("ALTER TABLE " + plain + " ALTER COLUMN expires_minute DROP EXPRESSION");
    s.execute("INSERT INTO " + plain + " SELECT * FROM " + copy);
    s.execute(
        "CREATE TABLE "
            + schema
            + ".cost_floor (id text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)");
    s.execute(
        "INSERT INTO " + schema + ".cost_floor SELECT id_hash, repeat('x', 200) FROM " + table);
    s.execute("VACUUM ANALYZE");

    String key = " WHERE tenant = k.tenant AND id_hash = k.id_hash";
    String live =
        key
            + " AND expires_at > 0 AND jsonb_typeof(attributes) = 'object'"
            + " AND jsonb_typeof(attributes_verbatim) = 'object'";
    // The store's merge of one attribute (a native JSON value), literals for its parameters.
    String set =
        " SET attributes = (attributes - '{}'::text[]) || (CASE WHEN j % 2 = 0"
            + " THEN '{\"theme\": \"dark\"}' ELSE '{\"theme\": \"light\"}' END)::jsonb,"
            + " attributes_verbatim = (attributes_verbatim - '{theme}'::text[]) || '{}'::jsonb,"
            + " last_accessed_at = GREATEST(last_accessed_at, 1), idle_timeout_ms ="
            + " idle_timeout_ms, principal = CASE WHEN false THEN NULL::text ELSE principal END,"
            + " version = version + 1";
    String expiry =
        ", expires_at = LEAST(GREATEST(last_accessed_at, 1) + idle_timeout_ms,"
            + " absolute_expires_at), expires_minute = LEAST(GREATEST(last_accessed_at, 1) +"
            + " idle_timeout_ms, absolute_expires_at) / 60000";
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put(
        "floor SELECT (primary key, 200-byte row)",
        "PERFORM value FROM " + schema + ".cost_floor WHERE id = k.id_hash");
    variants.put(
        "floor UPDATE (primary key, 200-byte row)",
        "UPDATE "
            + schema
            + ".cost_floor SET value = CASE WHEN j % 2 = 0 THEN repeat('y', 200)"
            + " ELSE repeat('z', 200) END WHERE id = k.id_hash");
    variants.put(
        "store load (sessions table)",
        "PERFORM principal, created_at, last_accessed_at, idle_timeout_ms, absolute_expires_at,"
            + " version, attributes, attributes_verbatim FROM "
            + table
            + key
            + " AND expires_at > 0");
    variants.put("store merge (sessions table, notice)", "UPDATE " + table + set + live);
    variants.put(
        "store merge, notice off (mergeUnannounced)",
        "UPDATE "
            + table
            + set
            + live
            + " AND set_config('sessionkit.notify', 'off', true) = 'off'");
    variants.put("merge, copy without trigger", "UPDATE " + copy + set + live);
    variants.put(
        "merge, no trigger, plain expiry columns", "UPDATE " + plain + set + expiry + live);
    variants.put(
        "version + 1, copy without trigger", "UPDATE " + copy + " SET version = version + 1" + key);
    variants.put(
        "version + 1, plain expiry columns",
        "UPDATE " + plain + " SET version = version + 1" + key);
    variants.put("key lookup alone (in every variant)", "PERFORM 1");

    String[] names = variants.keySet().toArray(new String[0]);
    double[][] micros = new double[names.length][rounds];
    for (int r = -1; r < rounds; r++) {
      for (int i = 0; i < names.length; i++) {
        int v = (i + Math.max(r, 0)) % names.length;
        double cost = loop(s, schema, variants.get(names[v]));
        if (r >= 0) {
          micros[v][r] = cost;
        }
      }
    }
    System.out.printf(
        "%d rounds of %,d statements in PL/pgSQL; median round, per statement%n", rounds, LOOPS);
    for (int v = 0; v < names.length; v++) {
      double[] sorted = micros[v].clone();
      Arrays.sort(sorted);
      System.out.printf(
          "  %-46s %7.2f us  (min %.2f, max %.2f)%n",
          names[v], sorted[rounds / 2], sorted[0], sorted[rounds - 1]);
    }
  }

  /** Runs {@code statement} {@value #LOOPS} times on the server; its time per run, µs. */
  private static double loop(Statement s, String schema, String statement) throws SQLException {
    s.clearWarnings();
    s.execute(
        "DO $$ DECLARE k record; t0 timestamptz; BEGIN t0 := clock_timestamp(); FOR j IN 0.."
            + (LOOPS - 1)
            + " LOOP SELECT tenant, id_hash INTO k FROM "
            + schema
            + ".cost_keys WHERE n = j % "
            + SESSIONS
            + "; "
            + statement
            + "; END LOOP; RAISE NOTICE '%', extract(epoch FROM clock_timestamp() - t0) * 1000000 /"
            + " "
            + LOOPS
            + "; END $$");
    SQLWarning notice = s.getWarnings();
    if (notice == null) {
      throw new IllegalStateException("the timing loop sent no notice");
    }
    return Double.parseDouble(notice.getMessage());
  }
}
