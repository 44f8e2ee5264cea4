package io.github.sessionkit.bench.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
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
import java.util.Objects;

/**
 * Where the time of the PostgreSQL store's write goes: the raw floor's statements, the store's own
 * load and merge, and the merge's SQL run by raw JDBC on the sessions table and on a copy of it
 * without the change-notice trigger, in short interleaved rounds (rotating which goes first) on one
 * connection pool, server and thread, so machine noise lands on every variant alike. Each reports
 * the median round's wall time per call.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.jdbc.PostgresWriteAnatomy [rounds]} (default 30 rounds of 1,000
 * calls).
 */
public final class PostgresWriteAnatomy {

  private static final int SESSIONS = 2_000;
  private static final int CALLS_PER_ROUND = 1_000;
  private static final String[] NAMES = {
    "floor SELECT (raw JDBC, 200-byte text row)",
    "floor UPDATE (raw JDBC, 200-byte text row)",
    "store load",
    "store load + merge (announced)",
    "store load + mergeUnannounced",
    "raw JDBC: the merge SQL, sessions table",
    "raw JDBC: the merge SQL, copy without trigger",
    "raw JDBC: version + 1 only, copy without trigger",
    "raw JDBC: one-column merge, copy without trigger",
    "manager typical request (find, put, save)",
    "raw JDBC: version + 1, plain copy (PK only, no generated columns)",
    "raw JDBC: version + 1, generated columns, PK only",
    "raw JDBC: floor SET value = value",
    "store merge only (base kept from the last merge)",
    "store touch (UPDATE through Jdbi)",
    "raw JDBC: the merge SQL, plain expiry columns set by it, no trigger",
    "floor SELECT then UPDATE of the same row",
    "floor SELECT of one row then UPDATE of another",
  };

  private final SessionKey[] keys = new SessionKey[SESSIONS];
  private final String[] ids = new String[SESSIONS];
  private final SessionRecord[] records = new SessionRecord[SESSIONS];
  private final HikariDataSource pool;
  private final JdbcSessionStore store;
  private final SessionManager manager;
  private final String table;
  private final String copy;
  private final String plain;
  private final String generated;
  private final String maintained;
  private final String floorSelect;
  private final String floorUpdate;
  private final String floorSame;

  /** Each statement's text per table, built once so that the timed calls only run them. */
  private final Map<String, String> mergeSql;

  private final Map<String, String> bumpSql;
  private final String oneColumnSql;
  private long sink;
  private int next;
  private boolean dark;

  private PostgresWriteAnatomy(PostgresServer server, TestSchema schema) throws SQLException {
    Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
    store =
        JdbcSessionStore.builder()
            .url(server.jdbcUrlWithCredentials())
            .settings(Settings.of(Map.of("SESSION_JDBC_SCHEMA", schema.name())))
            .clock(clock)
            .build();
    manager = SessionManager.builder().store(store).clock(clock).build();
    String[] created = BenchSessions.create(manager, SESSIONS);
    for (int i = 0; i < SESSIONS; i++) {
      ids[i] = created[i];
      keys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, created[i]);
      records[i] = Objects.requireNonNull(store.load(keys[i]));
    }
    table = schema.name() + ".sessionkit_sessions";
    copy = schema.name() + ".anatomy_copy";
    plain = schema.name() + ".anatomy_plain";
    generated = schema.name() + ".anatomy_generated";
    maintained = schema.name() + ".anatomy_maintained";
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials());
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    pool = new HikariDataSource(config);
    String value = "x".repeat(200);
    try (Connection c = server.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL)");
      s.execute("ALTER TABLE " + copy + " SET (fillfactor = 80)");
      String columns =
          "tenant, id_hash, principal, created_at, last_accessed_at, idle_timeout_ms,"
              + " absolute_expires_at, version, attributes, attributes_verbatim";
      s.execute("INSERT INTO " + copy + " (" + columns + ") SELECT " + columns + " FROM " + table);
      s.execute(
          "CREATE TABLE "
              + schema.name()
              + ".floor (id text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)");
      s.execute(
          "INSERT INTO " + schema.name() + ".floor SELECT id_hash, '" + value + "' FROM " + table);
      String plainColumns =
          "tenant text COLLATE \"C\" NOT NULL, id_hash text COLLATE \"C\" NOT NULL, principal"
              + " text, created_at bigint NOT NULL, last_accessed_at bigint NOT NULL,"
              + " idle_timeout_ms bigint NOT NULL, absolute_expires_at bigint NOT NULL, version"
              + " bigint NOT NULL, attributes jsonb NOT NULL, attributes_verbatim jsonb NOT NULL,"
              + " PRIMARY KEY (tenant, id_hash)";
      s.execute("CREATE TABLE " + plain + " (" + plainColumns + ")");
      s.execute(
          "CREATE TABLE "
              + generated
              + " ("
              + plainColumns
              + ", expires_at bigint GENERATED ALWAYS AS (last_accessed_at + idle_timeout_ms)"
              + " STORED, expires_minute bigint GENERATED ALWAYS AS ((last_accessed_at +"
              + " idle_timeout_ms) / 60000) STORED)");
      for (String t : new String[] {plain, generated}) {
        s.execute("INSERT INTO " + t + " (" + columns + ") SELECT " + columns + " FROM " + table);
        s.execute("VACUUM ANALYZE " + t);
      }
      // The same table, indexes and rows, with expires_at and expires_minute as plain columns
      // that the merge statement sets itself (no generated columns, no trigger).
      s.execute("CREATE TABLE " + maintained + " (LIKE " + table + " INCLUDING ALL)");
      s.execute("ALTER TABLE " + maintained + " ALTER COLUMN expires_at DROP EXPRESSION");
      s.execute("ALTER TABLE " + maintained + " ALTER COLUMN expires_minute DROP EXPRESSION");
      s.execute("ALTER TABLE " + maintained + " SET (fillfactor = 80)");
      s.execute(
          "INSERT INTO "
              + maintained
              + " ("
              + columns
              + ", expires_at, expires_minute) SELECT "
              + columns
              + ", expires_at, expires_minute FROM "
              + table);
      s.execute("VACUUM ANALYZE " + maintained);
      s.execute("VACUUM ANALYZE " + table);
      s.execute("VACUUM ANALYZE " + copy);
      s.execute("VACUUM ANALYZE " + schema.name() + ".floor");
    }
    floorSelect = "SELECT value FROM " + schema.name() + ".floor WHERE id = ?";
    floorSame = "UPDATE " + schema.name() + ".floor SET value = value WHERE id = ?";
    floorUpdate = "UPDATE " + schema.name() + ".floor SET value = ? WHERE id = ?";
    mergeSql =
        Map.of(table, mergeSql(table), copy, mergeSql(copy), maintained, mergeSql(maintained));
    bumpSql = Map.of(copy, bumpSql(copy), plain, bumpSql(plain), generated, bumpSql(generated));
    oneColumnSql =
        "UPDATE "
            + copy
            + " SET attributes = attributes || ?::jsonb, version = version + 1"
            + " WHERE tenant = ? AND id_hash = ? AND expires_at > ?"
            + " RETURNING version";
  }

  private static String bumpSql(String table) {
    return "UPDATE " + table + " SET version = version + 1 WHERE tenant = ? AND id_hash = ?";
  }

  /** The generated columns' expressions, evaluated on the row before the update. */
  private static final String EXPIRY_SET =
      ", expires_at = LEAST(CASE WHEN GREATEST(last_accessed_at, ?) > 9223372036854775807 - ?"
          + " THEN 9223372036854775807 ELSE GREATEST(last_accessed_at, ?) + ? END,"
          + " absolute_expires_at), expires_minute = LEAST(CASE WHEN GREATEST(last_accessed_at, ?)"
          + " > 9223372036854775807 - ? THEN 9223372036854775807 ELSE GREATEST(last_accessed_at,"
          + " ?) + ? END, absolute_expires_at) / 60000";

  private static String mergeSql(String table) {
    return "UPDATE "
        + table
        + " SET attributes = (attributes - ?::text[]) || ?::jsonb,"
        + " attributes_verbatim = (attributes_verbatim - ?::text[]) || ?::jsonb,"
        + " last_accessed_at = GREATEST(last_accessed_at, ?), idle_timeout_ms = ?,"
        + " principal = CASE WHEN ?::boolean THEN ?::text ELSE principal END,"
        + " version = version + 1"
        + (table.endsWith("_maintained") ? EXPIRY_SET : "")
        + " WHERE tenant = ? AND id_hash = ? AND expires_at > ?"
        + " AND jsonb_typeof(attributes) = 'object' AND jsonb_typeof(attributes_verbatim) ="
        + " 'object'"
        + " RETURNING principal, created_at, last_accessed_at, idle_timeout_ms,"
        + " absolute_expires_at, version, COALESCE(version - 1 = ?::bigint, false) AS from_base,"
        + " CASE WHEN version - 1 = ?::bigint THEN NULL ELSE attributes END AS attributes,"
        + " CASE WHEN version - 1 = ?::bigint THEN NULL ELSE attributes_verbatim END"
        + " AS attributes_verbatim";
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    PostgresServer server = PostgresServer.shared();
    try (TestSchema schema = server.createSchema()) {
      PostgresWriteAnatomy bench = new PostgresWriteAnatomy(server, schema);
      try {
        bench.run(rounds);
      } finally {
        bench.manager.close();
        bench.store.close();
        bench.pool.close();
      }
    }
  }

  private void run(int rounds) throws SQLException {
    for (int warm = 0; warm < 3; warm++) {
      for (int variant = 0; variant < NAMES.length; variant++) {
        round(variant);
      }
    }
    double[][] wall = new double[NAMES.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < NAMES.length; i++) {
        int variant = (i + r) % NAMES.length;
        long start = System.nanoTime();
        round(variant);
        wall[variant][r] = (System.nanoTime() - start) / 1_000.0 / CALLS_PER_ROUND;
      }
    }
    System.out.printf("%d rounds of %d calls; median round, per call%n", rounds, CALLS_PER_ROUND);
    for (int v = 0; v < NAMES.length; v++) {
      System.out.printf("  %-52s %8.2f us%n", NAMES[v], median(wall[v]));
    }
    System.out.println("(sink " + sink + ")");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT relname, n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup,"
                  + " pg_relation_size(relid) FROM pg_stat_user_tables ORDER BY relname")) {
        while (rs.next()) {
          System.out.printf(
              "  %-22s updates %8d  HOT %8d  live %6d  dead %6d  bytes %10d%n",
              rs.getString(1),
              rs.getLong(2),
              rs.getLong(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6));
        }
      }
      for (String explain :
          new String[] {
            "UPDATE "
                + copy
                + " SET version = version + 1 WHERE tenant = '"
                + keys[0].tenant()
                + "' AND id_hash = '"
                + keys[0].hash()
                + "'",
            floorUpdate.replace("?", "'" + keys[0].hash() + "'").replaceFirst("'[^']*'", "'v'"),
          }) {
        try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, WAL) " + explain)) {
          while (rs.next()) {
            System.out.println("    " + rs.getString(1));
          }
        }
      }
    }
  }

  private void round(int variant) throws SQLException {
    for (int i = 0; i < CALLS_PER_ROUND; i++) {
      next = (next + 1) % SESSIONS;
      dark = !dark;
      switch (variant) {
        case 0 -> floorSelect();
        case 1 -> floorUpdate();
        case 2 -> sink += Objects.requireNonNull(store.load(keys[next])).version();
        case 3 -> storeMerge(false);
        case 4 -> storeMerge(true);
        case 5 -> rawMerge(table);
        case 6 -> rawMerge(copy);
        case 7 -> rawBump(copy);
        case 10 -> rawBump(plain);
        case 11 -> rawBump(generated);
        case 12 -> floorSame();
        case 13 -> storeMergeOnly();
        case 14 -> sink += store.touch(keys[next], records[next].lastAccessedAt()) ? 1 : 0;
        case 15 -> rawMerge(maintained);
        case 16 -> {
          floorSelect();
          floorUpdate();
        }
        case 17 -> {
          floorSelect();
          next = (next + 1) % SESSIONS;
          floorUpdate();
        }
        default -> throw new IllegalArgumentException();
        case 8 -> rawOneColumn();
        case 9 -> sink += BenchSessions.typicalRequest(manager, ids[next], dark).version();
      }
    }
  }

  private void floorSelect() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(floorSelect)) {
      ps.setString(1, keys[next].hash());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        sink += rs.getString(1).length();
      }
    }
  }

  private void floorUpdate() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(floorUpdate)) {
      ps.setString(1, dark ? "y".repeat(200) : "z".repeat(200));
      ps.setString(2, keys[next].hash());
      sink += ps.executeUpdate();
    }
  }

  private void storeMerge(boolean unannounced) {
    SessionRecord base = store.load(keys[next]);
    SessionDelta delta =
        SessionDelta.builder(base.lastAccessedAt(), base.idleTimeoutMillis())
            .set("theme", dark ? "\"dark\"" : "\"light\"")
            .base(base)
            .build();
    SessionRecord result =
        unannounced ? store.mergeUnannounced(keys[next], delta) : store.merge(keys[next], delta);
    sink += Objects.requireNonNull(result).version();
  }

  private void storeMergeOnly() {
    SessionRecord base = records[next];
    SessionDelta delta =
        SessionDelta.builder(base.lastAccessedAt(), base.idleTimeoutMillis())
            .set("theme", dark ? "\"dark\"" : "\"light\"")
            .base(base)
            .build();
    SessionRecord result = Objects.requireNonNull(store.merge(keys[next], delta));
    records[next] = result;
    sink += result.version();
  }

  private void rawMerge(String target) throws SQLException {
    SessionRecord base = records[next];
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(mergeSql.get(target))) {
      ps.setArray(1, c.createArrayOf("text", new String[0]));
      ps.setString(2, dark ? "{\"theme\": \"dark\"}" : "{\"theme\": \"light\"}");
      ps.setArray(3, c.createArrayOf("text", new String[] {"theme"}));
      ps.setString(4, "{}");
      ps.setLong(5, base.lastAccessedAt());
      ps.setLong(6, base.idleTimeoutMillis());
      ps.setBoolean(7, false);
      ps.setString(8, null);
      int p = 9;
      if (target.equals(maintained)) {
        for (int i = 0; i < 4; i++) {
          ps.setLong(p++, base.lastAccessedAt());
          ps.setLong(p++, base.idleTimeoutMillis());
        }
      }
      ps.setString(p++, keys[next].tenant());
      ps.setString(p++, keys[next].hash());
      ps.setLong(p++, 0);
      ps.setLong(p++, -1);
      ps.setLong(p++, -1);
      ps.setLong(p, -1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        sink += rs.getLong(6);
      }
    }
  }

  private void floorSame() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(floorSame)) {
      ps.setString(1, keys[next].hash());
      sink += ps.executeUpdate();
    }
  }

  private void rawBump(String target) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(bumpSql.get(target))) {
      ps.setString(1, keys[next].tenant());
      ps.setString(2, keys[next].hash());
      sink += ps.executeUpdate();
    }
  }

  private void rawOneColumn() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(oneColumnSql)) {
      ps.setString(1, dark ? "{\"theme\": \"dark\"}" : "{\"theme\": \"light\"}");
      ps.setString(2, keys[next].tenant());
      ps.setString(3, keys[next].hash());
      ps.setLong(4, 0);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        sink += rs.getLong(1);
      }
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
