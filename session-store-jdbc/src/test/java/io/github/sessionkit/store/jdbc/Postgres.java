package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Shared plumbing for the integration tests: stores on the shared server, raw SQL. */
final class Postgres {

  private Postgres() {}

  static PostgresServer server() {
    return PostgresServer.shared();
  }

  /** Settings for a store whose table lives in {@code schema}, plus extra pairs. */
  static Settings settings(TestSchema schema, String... pairs) {
    Map<String, String> map = new HashMap<>();
    map.put(JdbcSessionStore.SCHEMA, schema.name());
    map.put(JdbcStoreSettings.POOL_MIN_IDLE.name(), "0");
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Settings.of(map);
  }

  /** A store with its own pool on the shared server, its table in {@code schema}. */
  static JdbcSessionStore store(TestSchema schema, Clock clock, String... pairs) {
    return JdbcSessionStore.builder()
        .url(server().jdbcUrlWithCredentials())
        .settings(settings(schema, pairs))
        .clock(clock)
        .build();
  }

  static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static long queryLong(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static String queryString(DataSource ds, String sql, SessionKey key) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.hash());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * Writes a live row for {@code key} whose attribute columns hold {@code attributes} and {@code
   * verbatim} as given.
   */
  static void insertRaw(
      DataSource ds,
      String table,
      SessionKey key,
      long now,
      String attributes,
      String verbatim,
      long version) {
    String sql =
        "INSERT INTO "
            + table
            + " (tenant, id_hash, principal, created_at, last_accessed_at, idle_timeout_ms,"
            + " absolute_expires_at, version, attributes, attributes_verbatim) VALUES (?, ?,"
            + " 'alice', ?, ?, 1800000, ?, ?, ?::jsonb, ?::jsonb)";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key.tenant());
      ps.setString(2, key.hash());
      ps.setLong(3, now);
      ps.setLong(4, now);
      ps.setLong(5, now + 3_600_000);
      ps.setLong(6, version);
      ps.setString(7, attributes);
      ps.setString(8, verbatim);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
