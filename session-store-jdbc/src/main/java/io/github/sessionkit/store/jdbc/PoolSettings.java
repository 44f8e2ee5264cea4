package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Settings;
import java.time.Duration;

/**
 * The connection pool and driver settings, read and validated from {@link Settings}.
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

  static final String POOL_MAX_SIZE = "SESSION_JDBC_POOL_MAX_SIZE";
  static final String POOL_MIN_IDLE = "SESSION_JDBC_POOL_MIN_IDLE";
  static final String POOL_TIMEOUT = "SESSION_JDBC_POOL_TIMEOUT";
  static final String CONNECT_TIMEOUT = "SESSION_JDBC_CONNECT_TIMEOUT";
  static final String SOCKET_TIMEOUT = "SESSION_JDBC_SOCKET_TIMEOUT";
  static final String STATEMENT_TIMEOUT = "SESSION_JDBC_STATEMENT_TIMEOUT";
  static final String IDLE_TIMEOUT = "SESSION_JDBC_IDLE_TIMEOUT";
  static final String MAX_LIFETIME = "SESSION_JDBC_MAX_LIFETIME";
  static final String KEEPALIVE_TIME = "SESSION_JDBC_KEEPALIVE_TIME";

  static final int DEFAULT_MAX_SIZE = 10;
  static final int MAX_MAX_SIZE = 50;

  static PoolSettings from(Settings settings) {
    int maxSize = settings.integer(POOL_MAX_SIZE, DEFAULT_MAX_SIZE, 1, MAX_MAX_SIZE);
    int minIdle = settings.integer(POOL_MIN_IDLE, Math.min(2, maxSize), 0, maxSize);
    Duration poolTimeout =
        atLeast(settings, POOL_TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(250));
    Duration connectTimeout = wholeSeconds(settings, CONNECT_TIMEOUT, Duration.ofSeconds(5));
    Duration statementTimeout =
        atLeast(settings, STATEMENT_TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(1));
    // By default the socket waits 10 s longer than the server-side timeout (at least 15 s).
    long defaultSocketSeconds = Math.max(15, (statementTimeout.toMillis() + 999) / 1000 + 10);
    Duration socketTimeout =
        wholeSeconds(settings, SOCKET_TIMEOUT, Duration.ofSeconds(defaultSocketSeconds));
    if (socketTimeout.compareTo(statementTimeout) <= 0) {
      // The server must get the chance to cancel a slow statement before the client gives
      // up on the socket, or the connection is lost instead of the statement.
      throw ConfigurationException.invalid(
          SOCKET_TIMEOUT,
          settings.get(SOCKET_TIMEOUT).orElse(""),
          "a duration longer than " + STATEMENT_TIMEOUT + " (" + statementTimeout + ")");
    }
    Duration idleTimeout =
        atLeast(settings, IDLE_TIMEOUT, Duration.ofMinutes(10), Duration.ofSeconds(10));
    Duration maxLifetime =
        atLeast(settings, MAX_LIFETIME, Duration.ofMinutes(30), Duration.ofSeconds(30));
    Duration keepaliveTime =
        atLeast(settings, KEEPALIVE_TIME, Duration.ofMinutes(2), Duration.ofSeconds(30));
    if (keepaliveTime.compareTo(maxLifetime) >= 0) {
      throw ConfigurationException.invalid(
          KEEPALIVE_TIME,
          settings.get(KEEPALIVE_TIME).orElse("2m"),
          "a duration shorter than " + MAX_LIFETIME + " (" + maxLifetime + ")");
    }
    if (idleTimeout.compareTo(maxLifetime) >= 0 && minIdle < maxSize) {
      throw ConfigurationException.invalid(
          IDLE_TIMEOUT,
          settings.get(IDLE_TIMEOUT).orElse("10m"),
          "a duration shorter than " + MAX_LIFETIME + " (" + maxLifetime + ")");
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

  private static Duration atLeast(
      Settings settings, String name, Duration defaultValue, Duration minimum) {
    Duration value = settings.duration(name, defaultValue);
    if (value.compareTo(minimum) < 0) {
      throw ConfigurationException.invalid(
          name, settings.get(name).orElse(""), "a duration of at least " + human(minimum));
    }
    return value;
  }

  /** PgJDBC takes these in whole seconds; a smaller value would silently mean "no timeout". */
  private static Duration wholeSeconds(Settings settings, String name, Duration defaultValue) {
    Duration value = settings.duration(name, defaultValue);
    if (value.toMillis() % 1000 != 0 || value.toSeconds() > Integer.MAX_VALUE) {
      throw ConfigurationException.invalid(
          name, settings.get(name).orElse(""), "a whole number of seconds such as 5s");
    }
    return value;
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
