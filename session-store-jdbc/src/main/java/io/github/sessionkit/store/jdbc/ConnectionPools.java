package io.github.sessionkit.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/** Builds the HikariCP pool a store owns when it is given a URL rather than a DataSource. */
final class ConnectionPools {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private ConnectionPools() {}

  /**
   * A pool for the URL. It connects lazily: the caller checks the first connection itself, so a
   * server that is down at start-up is reported once, clearly, by the store rather than as a
   * HikariCP initialisation failure.
   */
  static HikariDataSource create(
      PostgresUrl url,
      PoolSettings pool,
      Settings settings,
      @Nullable String user,
      @Nullable String password,
      boolean announceChanges,
      OutageGate.Factory gates) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url.jdbcUrl);
    // The password goes to the driver as a property, never into a URL a pool might print.
    if (user != null) {
      pg.setUser(user);
    }
    if (password != null) {
      pg.setPassword(password);
    }
    if (explicitOrAbsent(settings, JdbcStoreSettings.CONNECT_TIMEOUT, url, "connectTimeout")) {
      pg.setConnectTimeout((int) pool.connectTimeout().toSeconds());
    }
    if (explicitOrAbsent(settings, JdbcStoreSettings.SOCKET_TIMEOUT, url, "socketTimeout")) {
      pg.setSocketTimeout((int) pool.socketTimeout().toSeconds());
    }
    String options = url.parameters.getProperty("options");
    if (options == null
        || JdbcStoreSettings.STATEMENT_TIMEOUT.find(settings).isPresent()
        || !options.contains("statement_timeout")) {
      // A server-side timeout costs nothing per statement, unlike JDBC's setQueryTimeout,
      // which schedules a client timer for every execution.
      String timeout = "-c statement_timeout=" + pool.statementTimeout().toMillis();
      options = options == null || options.isBlank() ? timeout : options + " " + timeout;
    }
    if (!announceChanges) {
      // Read by the table's notify trigger (schema version 3): writes on these connections are
      // silent.
      String silent = "-c sessionkit.notify=off";
      options = options == null || options.isBlank() ? silent : options + " " + silent;
    }
    if (options != null) {
      pg.setOptions(options);
    }
    if (!url.hasParameter("ApplicationName")) {
      pg.setApplicationName("sessionkit");
    }
    if (!url.hasParameter("tcpKeepAlive")) {
      pg.setTcpKeepAlive(true);
    }

    HikariConfig config = new HikariConfig();
    config.setPoolName("sessionkit-jdbc-" + POOL_NUMBER.incrementAndGet());
    OutageGate gate = gates.gateFor(pg);
    config.setDataSource(gate.watching());
    config.setMaximumPoolSize(pool.maxSize());
    config.setMinimumIdle(pool.minIdle());
    config.setConnectionTimeout(pool.poolTimeout().toMillis());
    config.setValidationTimeout(Math.min(pool.poolTimeout().toMillis(), 2_000));
    config.setIdleTimeout(pool.idleTimeout().toMillis());
    config.setMaxLifetime(pool.maxLifetime().toMillis());
    config.setKeepaliveTime(pool.keepaliveTime().toMillis());
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    HikariDataSource created = new HikariDataSource(config);
    gate.attach(created);
    return created;
  }

  /** A setting applies if it was given, or if the URL does not already set the property. */
  private static boolean explicitOrAbsent(
      Settings settings, Setting<?> setting, PostgresUrl url, String property) {
    return setting.find(settings).isPresent() || !url.hasParameter(property);
  }
}
