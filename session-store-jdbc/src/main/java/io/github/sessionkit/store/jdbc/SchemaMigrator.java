package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema scripts shipped in the jar, recording each in a small history table
 * of its own ({@code <table>_schema_history}).
 *
 * <p>Safe when many pods start at once: everything happens in one transaction that first takes a
 * PostgreSQL advisory lock derived from the schema and table names, so one pod applies the scripts
 * and the others, once they get the lock, find them recorded and apply nothing. DDL is
 * transactional in PostgreSQL, so a failed script leaves no half-made schema.
 */
final class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  /** Resource folder of the scripts, in the jar. */
  static final String RESOURCE_DIR = "/io/github/sessionkit/store/jdbc/migration/";

  /** The scripts in order; a new schema version appends one. */
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(1, "create sessions table", "V1__create_sessions.sql"),
          new Migration(2, "notify changes", "V2__notify_changes.sql"),
          new Migration(3, "notify unless off", "V3__notify_unless_off.sql"),
          new Migration(4, "cache generations", "V4__cache_generations.sql"),
          new Migration(
              5, "notices with version, HOT updates", "V5__notices_with_version_hot_updates.sql"));

  static final int LATEST_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  record Migration(int version, String description, String file) {
    String template() {
      try (InputStream in = SchemaMigrator.class.getResourceAsStream(RESOURCE_DIR + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "migration script " + RESOURCE_DIR + file + " is missing from the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String render(SessionTable table) {
      return template().replace("${schema}", table.schema).replace("${table}", table.table);
    }

    String checksum() {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(template().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final SessionTable table;
  private final Duration timeout;

  SchemaMigrator(SessionTable table, Duration timeout) {
    this.table = table;
    this.timeout = timeout;
  }

  /** All scripts rendered for the table, as one text for teams that run DDL themselves. */
  static String renderAll(SessionTable table) {
    StringBuilder sql = new StringBuilder();
    for (Migration m : MIGRATIONS) {
      sql.append(m.render(table)).append('\n');
    }
    return sql.toString();
  }

  /**
   * Brings the schema to the latest version.
   *
   * @return how many scripts this call applied (0 when another pod already did)
   */
  int migrate(Connection c) throws SQLException {
    // Fast path without DDL or locks: an application role without CREATE rights can start
    // against a schema that is already current.
    if (appliedVersions(c).keySet().containsAll(versions())) {
      return 0;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      int applied = migrateLocked(c);
      c.commit();
      if (applied > 0) {
        log.info(
            "Applied {} schema migration(s) to {}; schema version is now {}",
            applied,
            table.displayName(),
            LATEST_VERSION);
      }
      return applied;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private int migrateLocked(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
      s.execute("SET LOCAL lock_timeout = " + timeout.toMillis());
    }
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, lockKey());
      lock.execute();
    }
    // Under the lock, so concurrent pods do not race on CREATE ... IF NOT EXISTS (which is not
    // safe against itself in PostgreSQL).
    if (!schemaExists(c)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + SessionTable.quote(table.schema));
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table.history
              + " (version integer PRIMARY KEY, description text NOT NULL, checksum text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT"
              + " current_user)");
    }
    Map<Integer, String> done = appliedVersions(c);
    int applied = 0;
    for (Migration m : MIGRATIONS) {
      String recorded = done.get(m.version());
      if (recorded != null) {
        if (!recorded.equals(m.checksum())) {
          log.warn(
              "Schema migration V{} of {} was recorded with a different checksum; the shipped"
                  + " script changed after it was applied. Nothing was re-run.",
              m.version(),
              table.displayName());
        }
        continue;
      }
      try (Statement s = c.createStatement()) {
        s.execute(m.render(table));
      }
      try (PreparedStatement record =
          c.prepareStatement(
              "INSERT INTO "
                  + table.history
                  + " (version, description, checksum) VALUES (?, ?, ?)")) {
        record.setInt(1, m.version());
        record.setString(2, m.description());
        record.setString(3, m.checksum());
        record.executeUpdate();
      }
      applied++;
    }
    return applied;
  }

  /**
   * Checks, without changing anything, that the table exists when migrations are off.
   *
   * @throws ConfigurationException naming {@code SESSION_JDBC_MIGRATE} if it does not
   */
  void verify(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
      ps.setString(1, table.qualified);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getString(1) == null) {
          throw new ConfigurationException(
              JdbcSessionStore.MIGRATE,
              "The session table "
                  + table.displayName()
                  + " does not exist and "
                  + JdbcSessionStore.MIGRATE
                  + " is false: create it with the SQL from JdbcSessionStore.migrationSql(\""
                  + table.schema
                  + "\", \""
                  + table.table
                  + "\") (resource "
                  + RESOURCE_DIR
                  + "), or set "
                  + JdbcSessionStore.MIGRATE
                  + "=true to let the store create it");
        }
      }
    }
  }

  private boolean schemaExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      ps.setString(1, table.schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Recorded versions and their checksums; empty when the history table does not exist yet. */
  Map<Integer, String> appliedVersions(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
      ps.setString(1, table.history);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getString(1) == null) {
          return Map.of();
        }
      }
    }
    Map<Integer, String> versions = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + table.history)) {
      while (rs.next()) {
        versions.put(rs.getInt(1), rs.getString(2));
      }
    }
    return versions;
  }

  private static List<Integer> versions() {
    return MIGRATIONS.stream().map(Migration::version).toList();
  }

  /** One advisory lock per schema and table, so stores on different tables do not queue. */
  long lockKey() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("sessionkit-migration:" + table.schema + "." + table.table)
                      .getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
