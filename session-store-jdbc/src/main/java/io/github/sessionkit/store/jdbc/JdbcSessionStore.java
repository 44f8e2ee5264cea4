package io.github.sessionkit.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.StoreUnreachableException;
import io.github.sessionkit.spi.GenerationLedger;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.spi.WriteOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} on PostgreSQL: the durable record of truth for sessions.
 *
 * <p>One row per session, keyed by tenant and id hash, with the attributes in JSONB: a column
 * {@code attributes} (name to the encoded JSON value) for every value jsonb stores byte for byte,
 * and {@code attributes_verbatim} (name to a JSON string of the exact text) for the few it would
 * rewrite, so every value round-trips exactly. Every operation is one SQL statement and one round
 * trip, run with Jdbi (named bindings, rows read by column name) on the HikariCP pool; PostgreSQL
 * evaluates expiry ({@code expires_at > now}, where now comes from the store's clock) so an expired
 * row is absent for every operation even before the purge removes it, and {@link #insert} may
 * replace such a row. {@link #putIfNewer} writes unless the stored version is the same or newer; it
 * never writes an already expired record, and keeps no record of deleted sessions (this store is
 * the record of truth, not a cache).
 *
 * <p><b>Concurrent writers.</b> {@link #merge} applies a delta inside a single {@code UPDATE}
 * ({@code (attributes - removed) || set}), so the row lock serialises concurrent merges and each
 * one sees the previous one's result: two nodes that change different attributes of one session
 * both keep their change. When two merges set the <em>same</em> attribute, the one PostgreSQL
 * applies last wins (last writer wins per attribute); the access time only ever moves forward
 * ({@code GREATEST}); each merge adds one to the version. When the row still holds the version of
 * the delta's {@link SessionDelta#base() base}, the merge does not send the attributes back and
 * answers {@link SessionDelta#resultFromBase}. A merge, touch, compare-and-set or key change on a
 * deleted or expired session changes nothing and reports it absent, so a late write never
 * resurrects a logged-out session.
 *
 * <p><b>Change notices</b> (LISTEN/NOTIFY on {@code <table>_changes}, schema version 5): a change
 * announces {@code tenant:hash:version:lastAccessedAt}, a deletion or a rotation away from a key
 * announces {@code tenant:hash} (state unknown); touches and purges of expired rows are not
 * announced, nor is {@link #mergeUnannounced}. Merges and touches are HOT updates where the page
 * has room: no index covers a column they change within a minute of expiry.
 *
 * <p><b>Purge.</b> {@link #purgeExpired} deletes in bounded batches whose rows are picked with
 * {@code FOR UPDATE SKIP LOCKED}: any number of nodes can purge at once without waiting on each
 * other, deadlocking or deleting a row twice. {@link PurgeCommand} runs it from cron.
 *
 * <p><b>Schema.</b> The store creates and migrates its table (default {@code
 * public.sessionkit_sessions}) at start-up under a PostgreSQL advisory lock, recording versions in
 * {@code <table>_schema_history}; set {@code SESSION_JDBC_MIGRATE=false} and run {@link
 * #migrationSql} yourself to manage DDL by hand.
 *
 * <p><b>Failures.</b> An unreachable server, a broken connection, a timeout or an exhausted pool
 * throw {@link StoreUnavailableException}; other SQL errors throw {@link StoreException} naming the
 * SQLState. Rows that cannot be decoded (attributes that are not a JSON object, impossible
 * metadata) are a miss with a logged warning, counted by {@link #corruptRecords()}. Passwords never
 * appear in messages, logs or {@link #health()}.
 *
 * <p><b>Settings</b> ({@link Builder#settings}; environment-variable names {@code SESSION_JDBC_*}):
 * {@link JdbcStoreSettings} declares each one, its default, bounds and meaning. Pool, driver and
 * timeout settings apply to the pool the store creates for a URL, not to a DataSource it is given.
 * A wrong value fails at start-up with a {@link ConfigurationException} naming it. URL query
 * parameters ({@code sslmode}, {@code sslrootcert}, {@code connectTimeout}, {@code
 * ApplicationName}, {@code options}...) go to PgJDBC; a {@code SESSION_JDBC_*} setting that is set
 * explicitly wins over the URL's parameter.
 *
 * <p>Thread-safe. Build with {@link #builder()}, or by URL through the {@link
 * JdbcSessionStoreProvider}.
 */
public final class JdbcSessionStore implements SessionStore, GenerationLedger {

  /** Setting: the schema of the table, default {@code public}. */
  public static final String SCHEMA = "SESSION_JDBC_SCHEMA";

  /** Setting: the table name, default {@code sessionkit_sessions}. */
  public static final String TABLE = "SESSION_JDBC_TABLE";

  /** Setting: whether to create and migrate the table at start-up, default {@code true}. */
  public static final String MIGRATE = "SESSION_JDBC_MIGRATE";

  /** Setting: how long start-up migration may wait for the lock and run, default {@code 60s}. */
  public static final String MIGRATION_TIMEOUT = "SESSION_JDBC_MIGRATION_TIMEOUT";

  /** Setting: rows deleted per purge statement, default {@code 1000}. */
  public static final String PURGE_BATCH_SIZE = "SESSION_JDBC_PURGE_BATCH_SIZE";

  /**
   * Setting: whether this store's writes announce changes to other nodes' local tiers, default
   * {@code true}. {@code false} saves the change notification of every write (20 to 25 µs, about a
   * tenth of a write, where we measured it) for deployments where no node keeps a local tier; it
   * needs the store's own pool (a URL).
   */
  public static final String NOTIFY = "SESSION_JDBC_NOTIFY";

  /** Setting: database user, overriding the URL's. */
  public static final String USERNAME = "SESSION_JDBC_USERNAME";

  /** Setting: database password, overriding the URL's. */
  public static final String PASSWORD = "SESSION_JDBC_PASSWORD";

  private static final Logger log = LoggerFactory.getLogger(JdbcSessionStore.class);

  private final DataSource dataSource;
  private final @Nullable HikariDataSource ownedPool;

  /**
   * Fails calls fast while the server of the store's own pool is down; null for an application
   * DataSource.
   */
  private final @Nullable OutageGate gate;

  private final SessionTable sql;
  private final Clock clock;

  /** Where the store points, safe to print: the masked URL, or the table of a given DataSource. */
  private final String target;

  private final int purgeBatchSize;
  private final AtomicLong corruptRecords = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ChangeNotifications notifications;
  private final boolean announcesChanges;

  /**
   * Every store statement runs on a handle of this, on the pool (through the gate when there is
   * one). Jdbi's own cost, measured beside raw JDBC of the same statement (bench {@code
   * JdbiStatementCost}, loaded 2-core machine): 6 to 9 µs of client CPU per statement, 2 to 15 µs
   * of wall time; that is the price of named bindings and mapping by column name.
   */
  private final Jdbi jdbi;

  private JdbcSessionStore(
      DataSource dataSource,
      @Nullable HikariDataSource ownedPool,
      @Nullable OutageGate gate,
      SessionTable sql,
      Clock clock,
      String target,
      int purgeBatchSize,
      boolean announcesChanges) {
    this.gate = gate;
    this.announcesChanges = announcesChanges;
    this.jdbi =
        gate != null ? Jdbi.create((ConnectionFactory) gate::connection) : Jdbi.create(dataSource);
    // The statements are fixed texts: no template rendering per statement. Every statement runs
    // in autocommit, so the close-time check for a dangling transaction has nothing to find.
    jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    this.notifications =
        new ChangeNotifications(dataSource, ChangeNotifications.channelOf(sql.table), target, gate);
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.sql = sql;
    this.clock = clock;
    this.target = target;
    this.purgeBatchSize = purgeBatchSize;
  }

  /**
   * Starts configuring a store; give it a {@link Builder#dataSource DataSource} or a {@link
   * Builder#url URL}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The DDL of the current schema version for the given names, for teams that run migrations
   * themselves (with {@code SESSION_JDBC_MIGRATE=false}). The same scripts are resources in the jar
   * under {@code io/github/sessionkit/store/jdbc/migration/}, with {@code ${schema}} and {@code
   * ${table}} placeholders.
   *
   * @throws ConfigurationException if a name is not a valid lower-case SQL identifier
   */
  public static String migrationSql(String schema, String table) {
    return SchemaMigrator.renderAll(
        new SessionTable(
            SessionTable.requireSchemaName("schema", schema),
            SessionTable.requireTableName("table", table)));
  }

  @Override
  public String name() {
    return "postgresql";
  }

  /** {@code schema.table} of the sessions table. */
  public String tableName() {
    return sql.displayName();
  }

  /** How many stored rows were ignored because they could not be decoded, since start. */
  public long corruptRecords() {
    return corruptRecords.get();
  }

  @Override
  // The lambda returns null as the generic T: only NullAway's JSpecify mode types that (JDK 22+).
  @SuppressWarnings("NullAway")
  public @Nullable SessionRecord load(SessionKey key) {
    return run(
        "load",
        true,
        h ->
            first(
                h.createQuery(sql.load)
                    .bind("tenant", key.tenant())
                    .bind("hash", key.hash())
                    .bind("now", clock.millis())
                    .map((rs, ctx) -> decode(key, rs))));
  }

  @Override
  public boolean insert(SessionRecord record) {
    AttributesJson.Split attributes = AttributesJson.split(record.attributes());
    return run(
        "insert",
        false,
        h ->
            bindRecord(h.createUpdate(sql.insert), record, attributes)
                    .bind("now", clock.millis())
                    .execute()
                == 1);
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    return merge("merge", sql.merge, key, delta);
  }

  /**
   * Merges without a change notice: the statement switches the trigger off for itself (see {@link
   * SessionTable#mergeUnannounced}); every other write, and the next statement on the same
   * connection, announce as usual.
   */
  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return merge("mergeUnannounced", sql.mergeUnannounced, key, delta);
  }

  // The lambda returns null as the generic T: only NullAway's JSpecify mode types that (JDK 22+).
  @SuppressWarnings("NullAway")
  private @Nullable SessionRecord merge(
      String operation, String statement, SessionKey key, SessionDelta delta) {
    AttributesJson.Split upserts = AttributesJson.split(delta.upserts());
    // A name set in one column is removed from the other, so it lives in exactly one.
    String[] nativeRemovals = AttributesJson.names(delta.removals(), upserts.verbatimNames());
    String[] verbatimRemovals = AttributesJson.names(delta.removals(), upserts.nativeNames());
    SessionRecord base = delta.base();
    return run(
        operation,
        false,
        h ->
            first(
                h.createQuery(statement)
                    .bindArray("nativeRemovals", String.class, (Object[]) nativeRemovals)
                    .bind("nativeUpserts", upserts.nativeJson())
                    .bindArray("verbatimRemovals", String.class, (Object[]) verbatimRemovals)
                    .bind("verbatimUpserts", upserts.verbatimJson())
                    .bind("lastAccessedAt", delta.lastAccessedAt())
                    .bind("idleTimeout", delta.idleTimeoutMillis())
                    .bind("principalChanged", delta.principalChanged())
                    .bind("principal", delta.principalChanged() ? delta.principal() : null)
                    .bind("tenant", key.tenant())
                    .bind("hash", key.hash())
                    .bind("now", clock.millis())
                    .bind(
                        "baseVersion",
                        base != null && base.key().equals(key) ? base.version() : null)
                    .map(
                        (rs, ctx) ->
                            rs.getBoolean("from_base")
                                // The row held the base's version: the caller's base plus the delta
                                // is the row.
                                ? delta.resultFromBase(rs.getLong("last_accessed_at"))
                                : decode(key, rs))));
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    if (record.version() <= expectedVersion) {
      throw new IllegalArgumentException(
          "the new record's version ("
              + record.version()
              + ") must be greater than the expected version ("
              + expectedVersion
              + ")");
    }
    AttributesJson.Split attributes = AttributesJson.split(record.attributes());
    return run(
        "compareAndSet",
        false,
        h ->
            bindRecord(h.createQuery(sql.compareAndSet), record, attributes)
                .bind("now", clock.millis())
                .bind("expectedVersion", expectedVersion)
                .map(
                    (rs, ctx) ->
                        rs.getLong("written") > 0
                            ? WriteOutcome.WRITTEN
                            : rs.getLong("found") > 0
                                ? WriteOutcome.CONFLICT
                                : WriteOutcome.NOT_FOUND)
                .one());
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    long now = clock.millis();
    if (record.isExpiredAt(now)) {
      return false;
    }
    AttributesJson.Split attributes = AttributesJson.split(record.attributes());
    return run(
        "putIfNewer",
        false,
        h ->
            bindRecord(h.createUpdate(sql.putIfNewer), record, attributes)
                    .bind("now", now)
                    .execute()
                == 1);
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    return run(
        "touch",
        false,
        h ->
            h.createUpdate(sql.touch)
                    .bind("lastAccessedAt", lastAccessedAt)
                    .bind("tenant", key.tenant())
                    .bind("hash", key.hash())
                    .bind("now", clock.millis())
                    .execute()
                == 1);
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    return run(
        "changeKey",
        false,
        h ->
            h.createUpdate(sql.changeKey)
                    .bind("toTenant", to.tenant())
                    .bind("toHash", to.hash())
                    .bind("tenant", from.tenant())
                    .bind("hash", from.hash())
                    .bind("now", clock.millis())
                    .execute()
                == 1);
  }

  @Override
  @SuppressWarnings("NullAway") // as for merge: null through the generic T
  public boolean delete(SessionKey key) {
    Long expiresAt =
        run(
            "delete",
            false,
            h ->
                first(
                    h.createQuery(sql.delete)
                        .bind("tenant", key.tenant())
                        .bind("hash", key.hash())
                        .map((rs, ctx) -> rs.getLong("expires_at"))));
    // An expired row is removed too, but it did not count as an existing session.
    return expiresAt != null && expiresAt > clock.millis();
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    Objects.requireNonNull(principal, "principal");
    if (!SessionKey.isValidTenant(tenant)) {
      throw new IllegalArgumentException("not a valid tenant name");
    }
    return run(
        "findByPrincipal",
        true,
        h -> {
          List<SessionRecord> found = new ArrayList<>();
          h.createQuery(sql.findByPrincipal)
              .bind("tenant", tenant)
              .bind("principal", principal)
              .map(
                  (rs, ctx) -> {
                    SessionKey key = keyOf(tenant, rs.getString("id_hash"));
                    return Optional.ofNullable(key == null ? null : decode(key, rs));
                  })
              .forEach(record -> record.ifPresent(found::add));
          return found;
        });
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    List<PurgedSession> purged = new ArrayList<>();
    while (purged.size() < maxSessions) {
      int batch = Math.min(purgeBatchSize, maxSessions - purged.size());
      int deleted;
      try {
        deleted = run("purgeExpired", false, h -> purgeBatch(h, nowMillis, batch, purged));
      } catch (StoreException e) {
        if (purged.isEmpty()) {
          throw e;
        }
        // The rows already deleted are gone; report them rather than lose track of them.
        log.warn(
            "Purge of {} stopped after {} sessions: {}",
            sql.displayName(),
            purged.size(),
            e.getMessage());
        break;
      }
      if (deleted < batch) {
        break;
      }
    }
    return purged;
  }

  private int purgeBatch(Handle h, long nowMillis, int batch, List<PurgedSession> into) {
    int[] deleted = {0};
    h.createQuery(sql.purge)
        .bind("now", nowMillis)
        .bind("batch", batch)
        .map(
            (rs, ctx) -> {
              SessionKey key = keyOf(rs.getString("tenant"), rs.getString("id_hash"));
              return Optional.ofNullable(
                  key == null
                      ? null
                      : new PurgedSession(
                          key, rs.getString("principal"), rs.getLong("expires_at")));
            })
        .forEach(
            session -> {
              deleted[0]++;
              session.ifPresent(into::add);
            });
    return deleted[0];
  }

  /**
   * Pages through the primary key in order ({@value #KEY_PAGE} keys a statement, keyset
   * pagination), so no connection is held while the visitor runs and a long walk costs the same per
   * page at the end as at the start.
   */
  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    KeyPage page = new KeyPage(List.of(), 0, "", "");
    do {
      String afterTenant = page.lastTenant();
      String afterHash = page.lastHash();
      page =
          run(
              "forEachKey",
              true,
              h -> {
                List<SessionKey> keys = new ArrayList<>(KEY_PAGE);
                String[] last = {afterTenant, afterHash};
                int[] rows = {0};
                h.createQuery(sql.keysAfter)
                    .bind("tenant", afterTenant)
                    .bind("idHash", afterHash)
                    .bind("limit", KEY_PAGE)
                    .map(
                        (rs, ctx) -> {
                          rows[0]++;
                          last[0] = rs.getString("tenant");
                          last[1] = rs.getString("id_hash");
                          return Optional.ofNullable(
                              keyOf(
                                  last[0], last[1])); // empty for a row of a foreign shape: skipped
                        })
                    .forEach(key -> key.ifPresent(keys::add));
                return new KeyPage(keys, rows[0], last[0], last[1]);
              });
      for (SessionKey key : page.keys()) {
        if (!visitor.test(key)) {
          return;
        }
      }
    } while (page.rows() == KEY_PAGE);
  }

  private record KeyPage(List<SessionKey> keys, int rows, String lastTenant, String lastHash) {}

  /** Keys one statement of {@link #forEachKey} reads. */
  static final int KEY_PAGE = 500;

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    return run(
        "stats",
        true,
        h ->
            h.createQuery(sql.stats)
                .bind("now", nowMillis)
                .bind("createdSince", createdSinceMillis)
                .map(
                    (rs, ctx) ->
                        new StoreStats(
                            rs.getLong("total"), rs.getLong("live"), rs.getLong("created")))
                .one());
  }

  @Override
  public Optional<GenerationLedger> generationLedger() {
    return Optional.of(this);
  }

  @Override
  public long generationFor(String cache, String identity) {
    return run(
        "generationFor",
        true,
        h -> {
          Long advanced =
              first(
                  h.createQuery(sql.advanceGeneration)
                      .bind("cache", cache)
                      .bind("identity", identity)
                      .mapTo(Long.class));
          if (advanced != null) {
            return advanced;
          }
          Long current =
              first(h.createQuery(sql.currentGeneration).bind("cache", cache).mapTo(Long.class));
          if (current == null) {
            throw new SQLException("no generation row for cache " + cache + " after recording it");
          }
          return current;
        });
  }

  /** One {@code pg_notify} on the table's change channel, read by every subscribed node. */
  @Override
  // The lambda returns null as the generic T: only NullAway's JSpecify mode types that (JDK 22+).
  @SuppressWarnings("NullAway")
  public void announceStale(SessionKey key) {
    run(
        "announceStale",
        true,
        h ->
            h.createQuery(sql.announceStale)
                .bind("channel", ChangeNotifications.channelOf(sql.table))
                .bind("payload", ChangeNotifications.staleNotice(key))
                .mapTo(String.class)
                .list());
  }

  @Override
  public StoreHealth health() {
    if (closed.get()) {
      return StoreHealth.down(name(), "the store is closed");
    }
    OutageGate g = gate;
    if (g != null && g.isClosed() && !g.permits()) {
      return StoreHealth.down(
          name(),
          "unavailable: no connection could be opened since "
              + Instant.ofEpochMilli(g.closedAtMillis()));
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
      rs.next();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("serverVersion", rs.getString(1));
      details.put("table", sql.displayName());
      details.put("target", target);
      HikariDataSource pool = ownedPool;
      if (pool != null) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
          details.put("poolActive", bean.getActiveConnections());
          details.put("poolIdle", bean.getIdleConnections());
          details.put("poolTotal", bean.getTotalConnections());
          details.put("poolWaiting", bean.getThreadsAwaitingConnection());
        }
        details.put("poolMaxSize", pool.getMaximumPoolSize());
      }
      details.put("corruptRecords", corruptRecords.get());
      return StoreHealth.up(name(), details);
    } catch (SQLException e) {
      return StoreHealth.down(name(), SqlErrors.translate("health check", target, e).getMessage());
    }
  }

  /** Closes the pool the store created; a DataSource given to the builder is left open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      notifications.close();
      if (ownedPool != null) {
        ownedPool.close();
      }
    }
  }

  /**
   * Tells the listener which sessions other nodes (and this one) changed, from PostgreSQL
   * LISTEN/NOTIFY on the table's {@code <table>_changes} channel, which a trigger fills. The first
   * subscription holds one connection of the pool for as long as the store is open. Touches and
   * purges of expired sessions are not announced.
   */
  @Override
  public StoreSubscription subscribe(StoreListener listener) {
    if (closed.get()) {
      throw new IllegalStateException("JdbcSessionStore (" + target + ") is closed");
    }
    if (!announcesChanges) {
      log.warn(
          "{}=false but a local tier listens for changes on {}: this node hears other writers, but"
              + " nodes configured like it announce nothing, so their changes reach its local tier"
              + " only when its copies expire. Leave {} at true when nodes keep local tiers.",
          NOTIFY,
          sql.displayName(),
          NOTIFY);
    }
    return notifications.subscribe(listener);
  }

  @Override
  public String toString() {
    return "JdbcSessionStore{" + target + ", table=" + sql.displayName() + "}";
  }

  // ---------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Handle h) throws SQLException;
  }

  /**
   * Runs one operation on a pooled connection and translates failures. A read that fails on a
   * connection the server closed (a restart) is retried once on a fresh one, so a database restart
   * costs readers nothing; writes are not retried, as their effect is unknown.
   */
  private <T> T run(String operation, boolean retryOnBrokenConnection, SqlWork<T> work) {
    if (closed.get()) {
      throw new IllegalStateException("JdbcSessionStore (" + target + ") is closed");
    }
    OutageGate g = gate;
    if (g != null && !g.permits()) {
      throw refusedWhileDown(operation, g, null);
    }
    try {
      return runOnce(work);
    } catch (SQLException e) {
      SQLException last = e;
      if (!(g != null && g.isClosed())
          && retryOnBrokenConnection
          && SqlErrors.isBrokenConnection(e)
          && !(e instanceof SQLTransientConnectionException)) {
        try {
          return runOnce(work);
        } catch (SQLException again) {
          again.addSuppressed(e);
          last = again;
        }
      }
      if (g != null && g.isClosed()) {
        // The server went down during this call, or the call was released from the pool's
        // wait when another connection attempt found it down.
        throw refusedWhileDown(operation, g, last);
      }
      throw SqlErrors.translate(operation, target, last);
    }
  }

  /** One attempt; Jdbi's exceptions are unwrapped to the driver's, which {@link SqlErrors} maps. */
  private <T> T runOnce(SqlWork<T> work) throws SQLException {
    try (Handle h = jdbi.open()) {
      return work.run(h);
    } catch (JdbiException e) {
      throw sqlCauseOf(e);
    }
  }

  private static SQLException sqlCauseOf(JdbiException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (Throwable suppressed : e.getSuppressed()) {
          sql.addSuppressed(suppressed);
        }
        return sql;
      }
    }
    // Not a database error (a mapping bug): keep Jdbi's exception, which names the statement.
    throw e;
  }

  /**
   * The first row of a result, or null without one; unlike Jdbi's findFirst, a mapper may answer
   * null.
   */
  private static <T> @Nullable T first(ResultIterable<T> rows) {
    try (ResultIterator<T> it = rows.iterator()) {
      return it.hasNext() ? it.next() : null;
    }
  }

  private StoreUnreachableException refusedWhileDown(
      String operation, OutageGate g, @Nullable SQLException cause) {
    return new StoreUnreachableException(
        SqlErrors.STORE,
        operation,
        "PostgreSQL session store ("
            + target
            + ") is unavailable: "
            + operation
            + " failed at once; no connection could be opened since "
            + Instant.ofEpochMilli(g.closedAtMillis())
            + " (the server is probed every "
            + TimeUnit.NANOSECONDS.toMillis(OutageGate.PROBE_INTERVAL_NANOS)
            + " ms)",
        cause);
  }

  private static <S extends SqlStatement<S>> S bindRecord(
      S statement, SessionRecord record, AttributesJson.Split attributes) {
    return statement
        .bind("tenant", record.key().tenant())
        .bind("hash", record.key().hash())
        .bind("principal", record.principal())
        .bind("createdAt", record.createdAt())
        .bind("lastAccessedAt", record.lastAccessedAt())
        .bind("idleTimeout", record.idleTimeoutMillis())
        .bind("absoluteExpiresAt", record.absoluteExpiresAt())
        .bind("version", record.version())
        .bind("attributes", attributes.nativeJson())
        .bind("verbatim", attributes.verbatimJson());
  }

  /** Reads a session row (principal, times, version and both attribute columns) by column name. */
  private @Nullable SessionRecord decode(SessionKey key, ResultSet rs) throws SQLException {
    String attributes = rs.getString("attributes");
    String verbatim = rs.getString("attributes_verbatim");
    try {
      if (attributes == null || verbatim == null) {
        throw new IllegalArgumentException("attributes are NULL");
      }
      return SessionRecord.builder(key)
          .principal(rs.getString("principal"))
          .createdAt(rs.getLong("created_at"))
          .lastAccessedAt(rs.getLong("last_accessed_at"))
          .idleTimeoutMillis(rs.getLong("idle_timeout_ms"))
          .absoluteExpiresAt(rs.getLong("absolute_expires_at"))
          .version(rs.getLong("version"))
          .attributesTrusted(AttributesJson.decode(attributes, verbatim))
          .build();
    } catch (IllegalArgumentException e) {
      corrupt(key.toString(), e);
      return null;
    }
  }

  private @Nullable SessionKey keyOf(@Nullable String tenant, @Nullable String hash) {
    if (tenant == null || hash == null) {
      corrupt(
          "(a row with a null key column)", new IllegalArgumentException("tenant or hash is NULL"));
      return null;
    }
    try {
      return SessionKey.of(tenant, hash);
    } catch (IllegalArgumentException e) {
      corrupt("(a row with an invalid key)", e);
      return null;
    }
  }

  private void corrupt(String what, RuntimeException e) {
    long count = corruptRecords.incrementAndGet();
    log.warn(
        "Ignoring an undecodable session row {} in {}: {} ({} so far)",
        what,
        sql.displayName(),
        e.getMessage(),
        count);
  }

  /**
   * Configures a {@link JdbcSessionStore}. Every method validates its argument at once and throws
   * {@link ConfigurationException} naming it ({@link IllegalArgumentException} for a number out of
   * range); explicit calls win over {@link #settings settings}. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable PostgresUrl url;
    private String urlSetting = "url";
    private Settings settings = Settings.empty();
    private Clock clock = Clock.systemUTC();
    private @Nullable String schema;
    private @Nullable String table;
    private @Nullable Boolean migrate;
    private @Nullable Integer purgeBatchSize;

    private Builder() {}

    /**
     * Uses a DataSource the application already has (ideally a pool). The store does not close it,
     * and pool and timeout settings do not apply to it; configure a statement timeout on it
     * yourself.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.url = null;
      return this;
    }

    /**
     * Connects to a URL with a pool the store owns: {@code postgresql://user:password@host:5432/db}
     * ({@code DATABASE_URL} form, also {@code postgres://}) or {@code
     * jdbc:postgresql://host:5432/db}. Query parameters such as {@code sslmode=require} go to the
     * driver.
     */
    public Builder url(String url) {
      return url("url", url);
    }

    Builder url(String setting, String url) {
      this.url = PostgresUrl.parse(setting, Objects.requireNonNull(url, "url"));
      this.urlSetting = setting;
      this.dataSource = null;
      return this;
    }

    /** Settings for everything not set explicitly: the {@code SESSION_JDBC_*} names. */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The clock that defines "now" for expiry; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Schema of the table (default {@code public}); a lower-case SQL identifier. */
    public Builder schema(String schema) {
      this.schema = SessionTable.requireSchemaName("schema", schema);
      return this;
    }

    /**
     * Table name (default {@code sessionkit_sessions}); a lower-case SQL identifier of at most 48
     * characters.
     */
    public Builder table(String table) {
      this.table = SessionTable.requireTableName("table", table);
      return this;
    }

    /** Whether to create or migrate the table at start-up (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Rows deleted per purge statement, 1 to 100000 (default 1000; {@link
     * JdbcStoreSettings#PURGE_BATCH_SIZE}).
     *
     * @throws IllegalArgumentException if {@code rows} is out of range
     */
    public Builder purgeBatchSize(int rows) {
      this.purgeBatchSize = JdbcStoreSettings.PURGE_BATCH_SIZE.check("purgeBatchSize", rows);
      return this;
    }

    /**
     * Builds the store: creates the pool (for a URL), checks that the server answers, and migrates
     * or verifies the table.
     *
     * @throws ConfigurationException for a missing or invalid setting
     * @throws StoreUnavailableException if the server cannot be reached; the message shows the
     *     masked URL
     */
    public JdbcSessionStore build() {
      SessionTable table =
          new SessionTable(
              schema != null
                  ? schema
                  : SessionTable.requireSchemaName(SCHEMA, JdbcStoreSettings.SCHEMA.read(settings)),
              this.table != null
                  ? this.table
                  : SessionTable.requireTableName(TABLE, JdbcStoreSettings.TABLE.read(settings)));
      boolean runMigrations = migrate != null ? migrate : JdbcStoreSettings.MIGRATE.read(settings);
      Duration migrationTimeout = JdbcStoreSettings.MIGRATION_TIMEOUT.read(settings);
      int batch =
          purgeBatchSize != null
              ? purgeBatchSize
              : JdbcStoreSettings.PURGE_BATCH_SIZE.read(settings);

      boolean announce = JdbcStoreSettings.NOTIFY.read(settings);

      DataSource source;
      HikariDataSource pool = null;
      OutageGate[] gate = new OutageGate[1];
      String target;
      PostgresUrl parsedUrl = url;
      if (dataSource != null) {
        if (!announce) {
          throw new ConfigurationException(
              NOTIFY,
              NOTIFY
                  + "=false needs the store's own connection pool (a URL); with an application"
                  + " DataSource, give its connections the option -c sessionkit.notify=off"
                  + " instead");
        }
        source = dataSource;
        target = "application DataSource";
      } else if (parsedUrl != null) {
        PoolSettings poolSettings = PoolSettings.from(settings);
        String user = JdbcStoreSettings.USERNAME.find(settings).orElse(parsedUrl.user);
        String password = JdbcStoreSettings.PASSWORD.find(settings).orElse(parsedUrl.password);
        String masked = parsedUrl.masked;
        pool =
            ConnectionPools.create(
                parsedUrl,
                poolSettings,
                settings,
                user,
                password,
                announce,
                direct -> gate[0] = new OutageGate(direct, masked));
        source = pool;
        target = masked;
      } else {
        throw new ConfigurationException(
            "url",
            "JdbcSessionStore needs a PostgreSQL URL (DATABASE_URL or JDBC_URL) or a DataSource:"
                + " call url(...) or dataSource(...)");
      }

      SchemaMigrator migrator = new SchemaMigrator(table, migrationTimeout);
      try (Connection c = source.getConnection()) {
        if (runMigrations) {
          migrator.migrate(c);
        } else {
          migrator.verify(c);
        }
      } catch (SQLException e) {
        closeQuietly(pool);
        StoreException translated = SqlErrors.translate("start-up", target, e);
        if (translated instanceof StoreUnavailableException) {
          throw new StoreUnavailableException(
              "Cannot connect to PostgreSQL at "
                  + target
                  + (dataSource == null ? " (from " + urlSetting + ")" : "")
                  + ": "
                  + SqlErrors.reason(e)
                  + ". Check that the server is running and reachable and that the URL is right.",
              rootCause(e));
        }
        throw translated;
      } catch (RuntimeException e) {
        closeQuietly(pool);
        throw e;
      }
      log.info("PostgreSQL session store ready on {} (table {})", target, table.displayName());
      return new JdbcSessionStore(source, pool, gate[0], table, clock, target, batch, announce);
    }

    private static void closeQuietly(@Nullable HikariDataSource pool) {
      if (pool != null) {
        pool.close();
      }
    }

    /** The driver's error rather than the pool's wrapper: what an operator needs to see. */
    private static Throwable rootCause(SQLException e) {
      Throwable cause = e;
      if (e instanceof SQLTransientConnectionException && e.getCause() != null) {
        cause = e.getCause();
      }
      return cause;
    }
  }
}
