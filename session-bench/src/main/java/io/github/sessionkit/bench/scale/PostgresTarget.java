package io.github.sessionkit.bench.scale;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

/**
 * The PostgreSQL store in a schema of its own with a random name; its footprint is {@code
 * pg_total_relation_size} of the session table. Closing it drops the schema.
 */
final class PostgresTarget implements ScaleTarget {

  private final Connection admin;
  private final String schema;
  private final String table;
  private final String server;
  private final SessionManager manager;

  PostgresTarget(String jdbcUrl, boolean embedded, Clock clock, int loaderThreads) {
    this.schema = PostgresServer.randomName();
    try {
      this.admin = DriverManager.getConnection(jdbcUrl);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to PostgreSQL: " + e.getMessage(), e);
    }
    boolean created = false;
    try {
      execute("CREATE SCHEMA " + schema);
      created = true;
      this.server =
          "PostgreSQL "
              + query("SHOW server_version").replaceFirst(" .*", "")
              + (embedded ? " (embedded)" : "");
      int pool = Math.min(50, Math.max(10, loaderThreads + 2));
      JdbcSessionStore store =
          JdbcSessionStore.builder()
              .url(jdbcUrl)
              .settings(
                  Settings.of(
                      Map.of(
                          JdbcSessionStore.SCHEMA,
                          schema,
                          "SESSION_JDBC_POOL_MAX_SIZE",
                          Integer.toString(pool))))
              .clock(clock)
              .build();
      this.table = store.tableName();
      this.manager = ScaleTarget.manager(store, clock);
    } catch (RuntimeException e) {
      if (created) {
        dropSchemaQuietly();
      }
      closeQuietly();
      throw e;
    }
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String counted() {
    return "`pg_total_relation_size` of the session table: rows, the primary key and the principal,"
        + " expiry and creation-time indexes, TOAST (unused: a 1 KB row is stored inline,"
        + " uncompressed), free-space and visibility maps";
  }

  /** The schema this target created and drops. */
  String schema() {
    return schema;
  }

  @Override
  public SessionManager manager() {
    return manager;
  }

  @Override
  public long footprint() {
    return Long.parseLong(query("SELECT pg_total_relation_size('" + table + "')"));
  }

  /**
   * Settles the table after a load: visibility map set and statistics fresh, as autovacuum would
   * leave it.
   */
  @Override
  public void settle() {
    execute("VACUUM ANALYZE " + table);
  }

  /**
   * Rewrites the table without the dead row versions the measured updates left, so they neither
   * inflate the size before the large load nor get filled by it.
   */
  @Override
  public void compact() {
    execute("VACUUM FULL ANALYZE " + table);
  }

  @Override
  public void close() {
    try {
      manager.close();
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } finally {
      closeQuietly();
    }
  }

  private void dropSchemaQuietly() {
    try {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (RuntimeException ignored) {
      // Reporting the original failure matters more.
    }
  }

  private void closeQuietly() {
    try {
      admin.close();
    } catch (SQLException ignored) {
      // Nothing left to free.
    }
  }

  private void execute(String sql) {
    try (Statement s = admin.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  private String query(String sql) {
    try (PreparedStatement s = admin.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException(sql + " returned no row");
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }
}
