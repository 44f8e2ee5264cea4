package io.github.sessionkit.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Makes a store's own pool fail fast while PostgreSQL is down and recover as soon as it is back,
 * which HikariCP alone does not: its callers wait the whole pool timeout even when every connection
 * attempt is refused at once, and its background connection attempts back off to one every 5
 * seconds, so the pool stays empty for seconds after the server has returned.
 *
 * <p>The gate sees every connection attempt of the pool (it wraps the driver's DataSource). When
 * one fails because the server cannot be reached, the gate closes: callers waiting for a connection
 * are released at once, new calls are refused without touching the pool (the pool's minimum of idle
 * connections is set to 0 meanwhile, so it stops retrying in the background), and at most one call
 * per probe interval connects directly, outside the pool. The first such probe that connects opens
 * the gate and restores the pool's minimum. Thread-safe.
 */
final class OutageGate {

  private static final org.slf4j.Logger log = LoggerFactory.getLogger(OutageGate.class);

  /** Least time between two direct probes while the gate is closed. */
  static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final DataSource direct;
  private final String target;
  private volatile boolean closed;
  private volatile long closedAtMillis;
  private final AtomicLong nextProbeNanos = new AtomicLong();
  private final Set<Thread> waiting = new HashSet<>();
  private final Set<Thread> released = new HashSet<>();

  @SuppressWarnings("NullAway.Init") // set by attach(), right after the pool is created
  private volatile HikariDataSource pool;

  private int minimumIdle;

  /** Makes the gate for the driver's DataSource of a new pool. */
  @FunctionalInterface
  interface Factory {
    OutageGate gateFor(DataSource direct);
  }

  OutageGate(DataSource direct, String target) {
    this.direct = direct;
    this.target = target;
  }

  /** The pool this gate guards; called once, right after the pool is created. */
  void attach(HikariDataSource pool) {
    this.pool = pool;
    this.minimumIdle = pool.getMinimumIdle();
  }

  /** The DataSource to give the pool: the driver's, reporting failed connection attempts here. */
  DataSource watching() {
    return new WatchingDataSource();
  }

  /** Whether the server is known to be down. */
  boolean isClosed() {
    return closed;
  }

  /** Since when (epoch millis) the server has been known to be down. */
  long closedAtMillis() {
    return closedAtMillis;
  }

  /**
   * Whether a call may use the pool now: always while the server is up; while it is down, only
   * after a direct probe (at most one per interval, by the caller whose turn it is) has found it
   * back.
   */
  boolean permits() {
    if (!closed) {
      return true;
    }
    long now = System.nanoTime();
    long due = nextProbeNanos.get();
    if (now - due < 0 || !nextProbeNanos.compareAndSet(due, now + PROBE_INTERVAL_NANOS)) {
      return false;
    }
    if (probe()) {
      open();
      return true;
    }
    return false;
  }

  /** One direct connection attempt outside the pool, bounded by the driver's connect timeout. */
  boolean probe() {
    try (Connection c = direct.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Gets a connection from the pool, released at once if the gate closes while it waits. */
  Connection connection() throws SQLException {
    Thread self = Thread.currentThread();
    synchronized (waiting) {
      waiting.add(self);
    }
    try {
      return pool.getConnection();
    } finally {
      synchronized (waiting) {
        waiting.remove(self);
        if (released.remove(self)) {
          // Our interrupt, not the application's: clear it before returning to the caller.
          Thread.interrupted();
        }
      }
    }
  }

  private void close(SQLException cause) {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closedAtMillis = System.currentTimeMillis();
      nextProbeNanos.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
      closed = true;
      HikariDataSource p = pool;
      if (p != null) {
        p.getHikariConfigMXBean().setMinimumIdle(0);
      }
    }
    log.warn(
        "PostgreSQL ({}) cannot be reached: {}; calls are refused at once and the server is probed"
            + " every {} ms",
        target,
        SqlErrors.reason(cause),
        TimeUnit.NANOSECONDS.toMillis(PROBE_INTERVAL_NANOS));
    synchronized (waiting) {
      for (Thread thread : waiting) {
        released.add(thread);
        thread.interrupt();
      }
    }
  }

  private synchronized void open() {
    if (!closed) {
      return;
    }
    closed = false;
    HikariDataSource p = pool;
    if (p != null) {
      p.getHikariConfigMXBean().setMinimumIdle(minimumIdle);
    }
    log.info(
        "PostgreSQL ({}) answers again after {} ms; calls use the pool again",
        target,
        System.currentTimeMillis() - closedAtMillis);
  }

  /** The driver's DataSource, telling the gate when a connection attempt finds the server down. */
  private final class WatchingDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      try {
        return direct.getConnection();
      } catch (SQLException e) {
        if (SqlErrors.isUnreachable(e)) {
          close(e);
        }
        throw e;
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException(
          "the pool connects with the store's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return direct.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      direct.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      direct.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return direct.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return direct.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return type.isInstance(direct) ? type.cast(direct) : direct.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return type.isInstance(direct) || direct.isWrapperFor(type);
    }
  }
}
