package io.github.sessionkit.store.redis;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Provides the {@link RedisSessionStore} for {@code redis://}, {@code rediss://}, {@code
 * redis-sentinel://}, {@code rediss-sentinel://}, {@code redis-cluster://} and {@code
 * rediss-cluster://} URLs. Reads its settings from the context:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code SESSION_REDIS_POOL_MAX_SIZE}</td><td>16</td><td>connections per Redis node, 1 to 50</td></tr>
 *   <tr><td>{@code SESSION_REDIS_CONNECT_TIMEOUT}</td><td>2s</td><td>time to open a connection</td></tr>
 *   <tr><td>{@code SESSION_REDIS_SOCKET_TIMEOUT}</td><td>2s</td><td>time to wait for one reply</td></tr>
 *   <tr><td>{@code SESSION_REDIS_COMMAND_TIMEOUT}</td><td>5s</td><td>budget of one operation incl. retries
 *       and the wait for a pooled connection</td></tr>
 *   <tr><td>{@code SESSION_REDIS_RETRIES}</td><td>1</td><td>retries of a transient failure, 0 to 10</td></tr>
 *   <tr><td>{@code SESSION_REDIS_RETRY_DELAY}</td><td>50ms</td><td>pause before a retry</td></tr>
 *   <tr><td>{@code SESSION_REDIS_TRUSTSTORE}</td><td>JVM default</td><td>trust store file for TLS</td></tr>
 *   <tr><td>{@code SESSION_REDIS_TRUSTSTORE_PASSWORD}</td><td>none</td><td>its password</td></tr>
 *   <tr><td>{@code SESSION_REDIS_TRUSTSTORE_TYPE}</td><td>pkcs12</td><td>pkcs12 or jks</td></tr>
 *   <tr><td>{@code SESSION_REDIS_VERIFY_HOSTNAME}</td><td>true</td><td>check the TLS certificate's host name</td></tr>
 *   <tr><td>{@code SESSION_REDIS_TOMBSTONE_TTL}</td><td>60s</td><td>how long deleted ids are remembered</td></tr>
 *   <tr><td>{@code SESSION_REDIS_DEDICATED_DB}</td><td>false</td><td>count keys with DBSIZE instead of SCAN</td></tr>
 *   <tr><td>{@code SESSION_REDIS_HEALTH_SCAN_LIMIT}</td><td>10000</td><td>keys a health check scans at most</td></tr>
 *   <tr><td>{@code SESSION_REDIS_SENTINEL_USER}, {@code SESSION_REDIS_SENTINEL_PASSWORD}</td><td>none</td>
 *       <td>credentials of the sentinels</td></tr>
 *   <tr><td>{@code SESSION_REDIS_SUBSCRIPTION_PING_INTERVAL}</td><td>5s</td><td>liveness ping of the
 *       notification connection</td></tr>
 * </table>
 *
 * <p>The key prefix is {@link StoreContext#keyPrefix()} ({@code SESSION_KEY_PREFIX}). Redis counts
 * as the only store unless {@code SESSION_STORE} is {@code tiered}. Thread-safe.
 */
public final class RedisSessionStoreProvider implements SessionStoreProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisSessionStoreProvider() {}

  static final String POOL_MAX_SIZE = "SESSION_REDIS_POOL_MAX_SIZE";
  static final String CONNECT_TIMEOUT = "SESSION_REDIS_CONNECT_TIMEOUT";
  static final String SOCKET_TIMEOUT = "SESSION_REDIS_SOCKET_TIMEOUT";
  static final String COMMAND_TIMEOUT = "SESSION_REDIS_COMMAND_TIMEOUT";
  static final String RETRIES = "SESSION_REDIS_RETRIES";
  static final String RETRY_DELAY = "SESSION_REDIS_RETRY_DELAY";
  static final String TRUSTSTORE = "SESSION_REDIS_TRUSTSTORE";
  static final String TRUSTSTORE_PASSWORD = "SESSION_REDIS_TRUSTSTORE_PASSWORD";
  static final String TRUSTSTORE_TYPE = "SESSION_REDIS_TRUSTSTORE_TYPE";
  static final String VERIFY_HOSTNAME = "SESSION_REDIS_VERIFY_HOSTNAME";
  static final String TOMBSTONE_TTL = "SESSION_REDIS_TOMBSTONE_TTL";
  static final String DEDICATED_DB = "SESSION_REDIS_DEDICATED_DB";
  static final String HEALTH_SCAN_LIMIT = "SESSION_REDIS_HEALTH_SCAN_LIMIT";
  static final String SENTINEL_USER = "SESSION_REDIS_SENTINEL_USER";
  static final String SENTINEL_PASSWORD = "SESSION_REDIS_SENTINEL_PASSWORD";
  static final String PING_INTERVAL = "SESSION_REDIS_SUBSCRIPTION_PING_INTERVAL";

  @Override
  public Set<String> schemes() {
    return Set.of(
        "redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster");
  }

  @Override
  public SessionStore create(StoreContext context) {
    return configure(context).build();
  }

  /** A builder with every setting of the context applied; settings are validated here. */
  static RedisSessionStore.Builder configure(StoreContext context) {
    Settings s = context.settings();
    String prefix = context.keyPrefix();
    String prefixProblem = RedisKeys.checkPrefix(prefix);
    if (prefixProblem != null) {
      throw ConfigurationException.invalid("SESSION_KEY_PREFIX", prefix, prefixProblem);
    }
    // Parse early so a malformed URL fails before anything else is read.
    RedisUrl.parse(context.urlSetting(), context.url());
    // As a tier of the tiered store, Redis is a cache: the durable store behind it is asked
    // for a principal's sessions, and an evicting policy is expected.
    boolean tier = "tiered".equalsIgnoreCase(s.get("SESSION_STORE").orElse(""));
    RedisSessionStore.Builder b =
        RedisSessionStore.builder()
            .url(context.url())
            .urlSetting(context.urlSetting())
            .keyPrefix(prefix)
            .clock(context.clock())
            .poolMaxSize(s.integer(POOL_MAX_SIZE, 16, 1, 50))
            .connectTimeout(boundedDuration(s, CONNECT_TIMEOUT, Duration.ofSeconds(2)))
            .socketTimeout(boundedDuration(s, SOCKET_TIMEOUT, Duration.ofSeconds(2)))
            .commandTimeout(boundedDuration(s, COMMAND_TIMEOUT, Duration.ofSeconds(5)))
            .retries(s.integer(RETRIES, 1, 0, 10))
            .retryDelay(boundedDuration(s, RETRY_DELAY, Duration.ofMillis(50)))
            .verifyHostname(s.bool(VERIFY_HOSTNAME, true))
            .tombstoneTtl(boundedDuration(s, TOMBSTONE_TTL, Duration.ofSeconds(60)))
            .dedicatedDatabase(s.bool(DEDICATED_DB, false))
            .healthScanLimit(s.integer(HEALTH_SCAN_LIMIT, 10_000, 0, 100_000_000))
            .subscriptionPingInterval(boundedDuration(s, PING_INTERVAL, Duration.ofSeconds(5)))
            .soleStore(!tier)
            .principalIndex(!tier);
    Optional<String> truststore = s.get(TRUSTSTORE);
    if (truststore.isPresent()) {
      Path path = Path.of(truststore.get());
      if (!Files.isReadable(path)) {
        throw ConfigurationException.invalid(
            TRUSTSTORE, truststore.get(), "a readable trust store file");
      }
      String type = s.oneOf(TRUSTSTORE_TYPE, "pkcs12", "pkcs12", "jks");
      char[] password = s.get(TRUSTSTORE_PASSWORD).map(String::toCharArray).orElse(null);
      b.sslSocketFactory(RedisSessionStore.loadTruststore(TRUSTSTORE, path, password, type));
    }
    Optional<String> sentinelPassword = s.get(SENTINEL_PASSWORD);
    if (sentinelPassword.isPresent()) {
      b.sentinelCredentials(s.get(SENTINEL_USER).orElse(null), sentinelPassword.get());
    }
    return b;
  }

  private static Duration boundedDuration(Settings s, String name, Duration defaultValue) {
    Duration d = s.duration(name, defaultValue);
    if (d.toMillis() > Integer.MAX_VALUE) {
      throw ConfigurationException.invalid(
          name, s.get(name).orElse(""), "a duration shorter than 24 days");
    }
    return d;
  }
}
