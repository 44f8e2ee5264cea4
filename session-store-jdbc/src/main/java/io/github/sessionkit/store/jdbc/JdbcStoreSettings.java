package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import java.time.Duration;
import java.util.List;

/**
 * The settings the PostgreSQL store reads ({@link JdbcSessionStore.Builder#settings}, and through
 * it {@link JdbcSessionStoreProvider} and {@link PurgeCommand}): each one's name, default, bounds
 * and meaning, declared once. The README's configuration table is checked against {@link #all()}.
 *
 * <p>Pool, driver and timeout settings apply to the pool the store creates for a URL, not to a
 * DataSource it is given. A setting that is set explicitly wins over the same parameter in the URL
 * ({@code connectTimeout}, {@code socketTimeout}, {@code options=-c statement_timeout=...}); other
 * URL query parameters ({@code sslmode}, {@code sslrootcert}, {@code ApplicationName}...) go to
 * PgJDBC. Beyond each setting's own bounds the store checks that the minimum idle count is at most
 * the pool size, that the socket timeout is longer than the statement timeout, that the keepalive
 * time and (when idle connections can be closed) the idle timeout are shorter than the maximum
 * lifetime, and that the connect and socket timeouts are whole seconds, as the driver takes them. A
 * wrong value fails at start-up with a {@link io.github.sessionkit.ConfigurationException} naming
 * it.
 */
public final class JdbcStoreSettings {

  private JdbcStoreSettings() {}

  /** The schema of the table, a lower-case SQL identifier. */
  public static final Setting<String> SCHEMA =
      Setting.text(
          JdbcSessionStore.SCHEMA,
          "public",
          SessionTable.IDENTIFIER_RULE_SCHEMA,
          "schema of the table");

  /** The table name, a lower-case SQL identifier of at most 48 characters. */
  public static final Setting<String> TABLE =
      Setting.text(
          JdbcSessionStore.TABLE,
          "sessionkit_sessions",
          SessionTable.IDENTIFIER_RULE_TABLE,
          "table name (at most 48 characters)");

  /** Whether to create and migrate the table at start-up; {@code false} only checks it exists. */
  public static final Setting<Boolean> MIGRATE =
      Setting.bool(
          JdbcSessionStore.MIGRATE,
          true,
          "create/migrate at start-up (advisory lock); `false` only checks the table exists (SQL:"
              + " `JdbcSessionStore.migrationSql`)");

  /** How long a start-up migration may wait for the lock and run. */
  public static final Setting<Duration> MIGRATION_TIMEOUT =
      Setting.duration(
          JdbcSessionStore.MIGRATION_TIMEOUT,
          Duration.ofSeconds(60),
          "lock wait plus run time of a migration");

  /** Rows deleted per purge statement. */
  public static final Setting<Integer> PURGE_BATCH_SIZE =
      Setting.integer(
          JdbcSessionStore.PURGE_BATCH_SIZE, 1000, 1, 100_000, "rows per purge statement");

  /**
   * Whether this store's writes announce changes to other nodes' local tiers; {@code false} needs
   * the store's own pool (a URL).
   */
  public static final Setting<Boolean> NOTIFY =
      Setting.bool(
          JdbcSessionStore.NOTIFY,
          true,
          "announce each change (NOTIFY) so other nodes' local tiers drop stale copies; `false`"
              + " saves that notice (about a tenth of a write) where no node keeps a local tier");

  /** The database user, overriding the URL's. */
  public static final Setting<String> USERNAME =
      Setting.text(
              JdbcSessionStore.USERNAME,
              null,
              "a PostgreSQL user name",
              "user name overriding the URL's")
          .documentedDefault("from the URL");

  /** The database password, overriding the URL's; never printed. */
  public static final Setting<String> PASSWORD =
      Setting.secret(
              JdbcSessionStore.PASSWORD, "a PostgreSQL password", "password overriding the URL's")
          .documentedDefault("from the URL");

  /** Connections in the pool. */
  public static final Setting<Integer> POOL_MAX_SIZE =
      Setting.integer(
          "SESSION_JDBC_POOL_MAX_SIZE",
          10,
          1,
          50,
          "pool size; change notifications hold one connection");

  /** Idle connections kept open; at most {@link #POOL_MAX_SIZE}, which also caps the default. */
  public static final Setting<Integer> POOL_MIN_IDLE =
      Setting.integer("SESSION_JDBC_POOL_MIN_IDLE", 2, 0, 50, "idle connections kept");

  /**
   * The longest wait for a pooled connection, which bounds how long an operation takes to fail
   * while the server is down.
   */
  public static final Setting<Duration> POOL_TIMEOUT =
      Setting.duration(
          "SESSION_JDBC_POOL_TIMEOUT",
          Duration.ofSeconds(2),
          Duration.ofMillis(250),
          Settings.MAX_DURATION,
          "longest wait for a pooled connection; bounds how long a call fails while the database"
              + " is down");

  /** The TCP connect and login timeout of a new connection, in whole seconds. */
  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.duration(
          "SESSION_JDBC_CONNECT_TIMEOUT", Duration.ofSeconds(5), "TCP connect and login timeout");

  /** The server-side {@code statement_timeout} of every statement. */
  public static final Setting<Duration> STATEMENT_TIMEOUT =
      Setting.duration(
          "SESSION_JDBC_STATEMENT_TIMEOUT",
          Duration.ofSeconds(5),
          Duration.ofMillis(1),
          Settings.MAX_DURATION,
          "server-side statement timeout");

  /**
   * The longest wait for any answer on the socket, in whole seconds and longer than {@link
   * #STATEMENT_TIMEOUT}; by default the statement timeout (rounded up to seconds) plus 10 s, at
   * least 15 s.
   */
  public static final Setting<Duration> SOCKET_TIMEOUT =
      Setting.duration(
              "SESSION_JDBC_SOCKET_TIMEOUT",
              null,
              "socket read timeout, longer than the statement timeout")
          .documentedDefault("statement timeout + 10 s");

  /** How long a pooled connection above the minimum may sit idle before it is closed. */
  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.duration(
          "SESSION_JDBC_IDLE_TIMEOUT",
          Duration.ofMinutes(10),
          Duration.ofSeconds(10),
          Settings.MAX_DURATION,
          "how long a pooled connection may sit idle");

  /** The longest life of a pooled connection before it is replaced. */
  public static final Setting<Duration> MAX_LIFETIME =
      Setting.duration(
          "SESSION_JDBC_MAX_LIFETIME",
          Duration.ofMinutes(30),
          Duration.ofSeconds(30),
          Settings.MAX_DURATION,
          "longest life of a pooled connection");

  /** How often an idle pooled connection is checked; shorter than {@link #MAX_LIFETIME}. */
  public static final Setting<Duration> KEEPALIVE_TIME =
      Setting.duration(
          "SESSION_JDBC_KEEPALIVE_TIME",
          Duration.ofMinutes(2),
          Duration.ofSeconds(30),
          Settings.MAX_DURATION,
          "how often an idle pooled connection is checked");

  /** Every setting of this module, in documentation order. */
  public static List<Setting<?>> all() {
    return List.of(
        SCHEMA,
        TABLE,
        MIGRATE,
        MIGRATION_TIMEOUT,
        PURGE_BATCH_SIZE,
        NOTIFY,
        USERNAME,
        PASSWORD,
        POOL_MAX_SIZE,
        POOL_MIN_IDLE,
        POOL_TIMEOUT,
        CONNECT_TIMEOUT,
        STATEMENT_TIMEOUT,
        SOCKET_TIMEOUT,
        IDLE_TIMEOUT,
        MAX_LIFETIME,
        KEEPALIVE_TIME);
  }
}
