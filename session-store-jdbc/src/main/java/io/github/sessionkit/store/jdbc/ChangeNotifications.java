package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the table's change channel (filled by the trigger of schema version 5) on one
 * connection held from the pool, and tells subscribers which sessions changed, with the new version
 * and access time where the notice carries them. Reconnects by itself; subscribers learn when the
 * channel was lost and when it is back, since changes in between were missed. The connection is
 * checked with a query when it has been quiet, so a server that stopped answering is noticed within
 * the socket timeout.
 */
final class ChangeNotifications implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);
  private static final int POLL_MILLIS = 250;
  private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;

  /**
   * While it is closed the pool is left alone (a waiting listener would keep it retrying); null
   * without one.
   */
  private final @Nullable OutageGate gate;

  private final String channel;
  private final String target;
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable Connection connection;

  ChangeNotifications(
      DataSource dataSource, String channel, String target, @Nullable OutageGate gate) {
    this.gate = gate;
    this.dataSource = dataSource;
    this.channel = channel;
    this.target = target;
    this.thread = new Thread(this::listen, "sessionkit-pg-listen-" + channel);
    this.thread.setDaemon(true);
  }

  /** The channel a table's changes are announced on (the trigger uses the same name). */
  static String channelOf(String table) {
    return table + "_changes";
  }

  synchronized StoreSubscription subscribe(StoreListener listener) {
    listeners.add(listener);
    if (!thread.isAlive() && !closed) {
      thread.start();
    }
    return () -> listeners.remove(listener);
  }

  private void listen() {
    long backoff = 100;
    boolean everConnected = false;
    boolean connected = false;
    while (!closed) {
      OutageGate g = gate;
      if (g != null && !g.permits()) {
        if (connected) {
          log.warn(
              "change notifications of {} lost: the server cannot be reached; reconnecting",
              target);
          listeners.forEach(ChangeNotifications::disconnected);
          connected = false;
        }
        everConnected = true;
        sleep(OutageGate.PROBE_INTERVAL_NANOS / 1_000_000);
        continue;
      }
      try (Connection c = dataSource.getConnection()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        if (everConnected && !connected) {
          log.info("change notifications of {} are back", target);
          listeners.forEach(ChangeNotifications::reconnected);
        }
        connected = true;
        everConnected = true;
        backoff = 100;
        long quietSince = System.nanoTime();
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            quietSince = System.nanoTime();
            for (PGNotification notification : notifications) {
              deliver(notification.getParameter());
            }
          } else if (System.nanoTime() - quietSince > CHECK_AFTER_NANOS) {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            quietSince = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        if (connected || !everConnected) {
          log.warn("change notifications of {} lost: {}; reconnecting", target, e.getMessage());
          listeners.forEach(ChangeNotifications::disconnected);
        }
        connected = false;
        everConnected = true;
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      } finally {
        connection = null;
      }
    }
  }

  /**
   * The payload prefix of a {@link #staleNotice stale-in-caches notice}; tenants never start with
   * it.
   */
  static final String STALE_PREFIX = "!";

  /** The payload announcing that the cache copies of {@code key} may be outdated. */
  static String staleNotice(SessionKey key) {
    return STALE_PREFIX + key.tenant() + ":" + key.hash();
  }

  /**
   * Parses one notice: {@code tenant:hash:version:lastAccessedAt} (a change whose result is known,
   * schema version 5), {@code tenant:hash} (a deletion or rotation away, or a notice of an older
   * trigger: unknown) or {@code !tenant:hash} (stale in caches). Neither tenants nor hashes hold a
   * colon.
   */
  private void deliver(String payload) {
    boolean stale = payload.startsWith(STALE_PREFIX);
    String body = stale ? payload.substring(STALE_PREFIX.length()) : payload;
    String[] parts = body.split(":", -1);
    SessionKey key;
    long version = StoreListener.UNKNOWN_VERSION;
    long lastAccessedAt = 0;
    try {
      if (parts.length == 4 && !stale) {
        version = Long.parseLong(parts[2]);
        lastAccessedAt = Long.parseLong(parts[3]);
      } else if (parts.length != 2) {
        throw new IllegalArgumentException("not tenant:hash[:version:lastAccessedAt]");
      }
      key = SessionKey.of(parts[0], parts[1]);
    } catch (IllegalArgumentException e) {
      log.debug("ignored a malformed change notification on {}", channel);
      return;
    }
    for (StoreListener listener : listeners) {
      try {
        if (stale) {
          listener.staleInCaches(key);
        } else {
          listener.changed(key, version, lastAccessedAt);
        }
      } catch (RuntimeException e) {
        log.warn("a change listener failed; notifications go on", e);
      }
    }
  }

  private static void disconnected(StoreListener listener) {
    try {
      listener.disconnected();
    } catch (RuntimeException e) {
      log.warn("a change listener failed", e);
    }
  }

  private static void reconnected(StoreListener listener) {
    try {
      listener.reconnected();
    } catch (RuntimeException e) {
      log.warn("a change listener failed", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing the LISTEN connection failed", e);
      }
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
