package io.github.sessionkit.store.jdbc;

import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.CONNECT_TIMEOUT;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.IDLE_TIMEOUT;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.KEEPALIVE_TIME;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.MAX_LIFETIME;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.POOL_MAX_SIZE;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.POOL_MIN_IDLE;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.POOL_TIMEOUT;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.SOCKET_TIMEOUT;
import static io.github.sessionkit.store.jdbc.JdbcStoreSettings.STATEMENT_TIMEOUT;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import java.time.Duration;

/**
 * The connection pool and driver settings, read and validated from {@link Settings} through the
 * {@link JdbcStoreSettings} declarations, plus the checks that involve more than one of them.
 *
 * <p>Every value is checked here, with a {@link ConfigurationException} naming the setting, because
 * HikariCP would otherwise replace an out-of-range value with its default and only log it.
 */
record PoolSettings(
    int maxSize,
    int minIdle,
    Duration poolTimeout,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration statementTimeout,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration keepaliveTime) {

  static PoolSettings from(Settings settings) {
    int maxSize = POOL_MAX_SIZE.read(settings);
    int minIdle =
        POOL_MIN_IDLE.read(settings, Math.min(POOL_MIN_IDLE.defaultValue().orElseThrow(), maxSize));
    if (minIdle > maxSize) {
      throw invalid(
          settings,
          POOL_MIN_IDLE,
          "a whole number from 0 to " + maxSize + " (" + POOL_MAX_SIZE.name() + ")");
    }
    Duration poolTimeout = POOL_TIMEOUT.read(settings);
    Duration connectTimeout =
        wholeSeconds(settings, CONNECT_TIMEOUT, CONNECT_TIMEOUT.read(settings));
    Duration statementTimeout = STATEMENT_TIMEOUT.read(settings);
    // By default the socket waits 10 s longer than the server-side timeout (at least 15 s).
    long defaultSocketSeconds = Math.max(15, (statementTimeout.toMillis() + 999) / 1000 + 10);
    Duration socketTimeout =
        wholeSeconds(
            settings,
            SOCKET_TIMEOUT,
            SOCKET_TIMEOUT.read(settings, Duration.ofSeconds(defaultSocketSeconds)));
    if (socketTimeout.compareTo(statementTimeout) <= 0) {
      // The server must get the chance to cancel a slow statement before the client gives
      // up on the socket, or the connection is lost instead of the statement.
      throw invalid(
          settings,
          SOCKET_TIMEOUT,
          "a duration longer than " + STATEMENT_TIMEOUT.name() + " (" + statementTimeout + ")");
    }
    Duration idleTimeout = IDLE_TIMEOUT.read(settings);
    Duration maxLifetime = MAX_LIFETIME.read(settings);
    Duration keepaliveTime = KEEPALIVE_TIME.read(settings);
    if (keepaliveTime.compareTo(maxLifetime) >= 0) {
      throw invalid(
          settings,
          KEEPALIVE_TIME,
          "a duration shorter than " + MAX_LIFETIME.name() + " (" + maxLifetime + ")");
    }
    if (idleTimeout.compareTo(maxLifetime) >= 0 && minIdle < maxSize) {
      throw invalid(
          settings,
          IDLE_TIMEOUT,
          "a duration shorter than " + MAX_LIFETIME.name() + " (" + maxLifetime + ")");
    }
    return new PoolSettings(
        maxSize,
        minIdle,
        poolTimeout,
        connectTimeout,
        socketTimeout,
        statementTimeout,
        idleTimeout,
        maxLifetime,
        keepaliveTime);
  }

  /** PgJDBC takes these in whole seconds; a smaller value would silently mean "no timeout". */
  private static Duration wholeSeconds(
      Settings settings, Setting<Duration> setting, Duration value) {
    if (value.toMillis() % 1000 != 0 || value.toSeconds() > Integer.MAX_VALUE) {
      throw invalid(settings, setting, "a whole number of seconds such as 5s");
    }
    return value;
  }

  /**
   * A value that passed its own bounds but not a check against another setting; the value shown is
   * the one set, or the default's text when it came from the default.
   */
  private static ConfigurationException invalid(
      Settings settings, Setting<?> setting, String expected) {
    String shown = settings.get(setting.name()).map(setting::masked).orElse(setting.defaultText());
    return ConfigurationException.invalid(setting.name(), shown, expected);
  }
}
