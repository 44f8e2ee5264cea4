package io.github.sessionkit.store.redis;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.ManagerSettings;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Provides the {@link RedisSessionStore} for {@code redis://}, {@code rediss://}, {@code
 * redis-sentinel://}, {@code rediss-sentinel://}, {@code redis-cluster://} and {@code
 * rediss-cluster://} URLs. Reads the settings of {@link RedisStoreSettings} from the context.
 *
 * <p>The key prefix is {@link StoreContext#keyPrefix()} ({@code SESSION_KEY_PREFIX}). Redis counts
 * as the only store unless {@code SESSION_STORE} is {@code tiered}. Thread-safe.
 */
public final class RedisSessionStoreProvider implements SessionStoreProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisSessionStoreProvider() {}

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
      throw ConfigurationException.invalid(
          ManagerSettings.KEY_PREFIX.name(), prefix, prefixProblem);
    }
    // Parse early so a malformed URL fails before anything else is read.
    RedisUrl.parse(context.urlSetting(), context.url());
    // As a tier of the tiered store, Redis is a cache: the durable store behind it is asked
    // for a principal's sessions, and an evicting policy is expected.
    boolean tier = "tiered".equalsIgnoreCase(s.get(ManagerSettings.STORE.name()).orElse(""));
    RedisSessionStore.Builder b =
        RedisSessionStore.builder()
            .url(context.url())
            .urlSetting(context.urlSetting())
            .keyPrefix(prefix)
            .clock(context.clock())
            .poolMaxSize(RedisStoreSettings.POOL_MAX_SIZE.read(s))
            .connectTimeout(RedisStoreSettings.CONNECT_TIMEOUT.read(s))
            .socketTimeout(RedisStoreSettings.SOCKET_TIMEOUT.read(s))
            .commandTimeout(RedisStoreSettings.COMMAND_TIMEOUT.read(s))
            .retries(RedisStoreSettings.RETRIES.read(s))
            .retryDelay(RedisStoreSettings.RETRY_DELAY.read(s))
            .verifyHostname(RedisStoreSettings.VERIFY_HOSTNAME.read(s))
            .tombstoneTtl(RedisStoreSettings.TOMBSTONE_TTL.read(s))
            .dedicatedDatabase(RedisStoreSettings.DEDICATED_DB.read(s))
            .healthScanLimit(RedisStoreSettings.HEALTH_SCAN_LIMIT.read(s))
            .subscriptionPingInterval(RedisStoreSettings.SUBSCRIPTION_PING_INTERVAL.read(s))
            .soleStore(!tier)
            .principalIndex(!tier);
    Optional<String> truststore = RedisStoreSettings.TRUSTSTORE.find(s);
    if (truststore.isPresent()) {
      Path path = Path.of(truststore.get());
      if (!Files.isReadable(path)) {
        throw ConfigurationException.invalid(
            RedisStoreSettings.TRUSTSTORE.name(),
            RedisStoreSettings.TRUSTSTORE.masked(truststore.get()),
            RedisStoreSettings.TRUSTSTORE.expected());
      }
      String type = RedisStoreSettings.TRUSTSTORE_TYPE.read(s);
      char[] password =
          RedisStoreSettings.TRUSTSTORE_PASSWORD.find(s).map(String::toCharArray).orElse(null);
      b.sslSocketFactory(RedisSessionStore.loadTruststore(path, password, type));
    }
    Optional<String> sentinelPassword = RedisStoreSettings.SENTINEL_PASSWORD.find(s);
    if (sentinelPassword.isPresent()) {
      b.sentinelCredentials(
          RedisStoreSettings.SENTINEL_USER.find(s).orElse(null), sentinelPassword.get());
    }
    return b;
  }
}
