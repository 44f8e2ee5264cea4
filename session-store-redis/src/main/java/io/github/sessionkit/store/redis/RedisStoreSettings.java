package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings {@link RedisSessionStoreProvider} reads, beside the URL ({@code REDIS_URL}) and the
 * key prefix ({@code SESSION_KEY_PREFIX}) of {@link io.github.sessionkit.ManagerSettings}. The
 * defaults and bounds of {@link RedisSessionStore.Builder} come from here too; the README's
 * configuration table is checked against these declarations.
 */
public final class RedisStoreSettings {

  private RedisStoreSettings() {}

  /** Longest duration handed to Jedis, which takes its timeouts as an int of milliseconds. */
  private static final Duration MAX_MILLIS = Duration.ofDays(24);

  private static final Duration MIN_MILLIS = Duration.ofMillis(1);

  private static Setting<Duration> millis(String name, Duration defaultValue, String doc) {
    return Setting.duration(name, defaultValue, MIN_MILLIS, MAX_MILLIS, doc);
  }

  /** Connections per Redis node, each subscription holding one. */
  public static final Setting<Integer> POOL_MAX_SIZE =
      Setting.integer(
          "SESSION_REDIS_POOL_MAX_SIZE",
          16,
          1,
          50,
          "connections per node; each subscription holds one");

  /** How long opening a connection may take. */
  public static final Setting<Duration> CONNECT_TIMEOUT =
      millis("SESSION_REDIS_CONNECT_TIMEOUT", Duration.ofSeconds(2), "time to open a connection");

  /** How long one command may wait for its reply. */
  public static final Setting<Duration> SOCKET_TIMEOUT =
      millis(
          "SESSION_REDIS_SOCKET_TIMEOUT",
          Duration.ofSeconds(2),
          "wait for one reply (in a tiered store, make it short: it bounds a call before the"
              + " breaker opens)");

  /** The time budget of one store operation including retries and the wait for a connection. */
  public static final Setting<Duration> COMMAND_TIMEOUT =
      millis(
          "SESSION_REDIS_COMMAND_TIMEOUT",
          Duration.ofSeconds(5),
          "budget of one operation including retries and the pool wait");

  /** How often a transiently failed operation is tried again. */
  public static final Setting<Integer> RETRIES =
      Setting.integer("SESSION_REDIS_RETRIES", 1, 0, 10, "retries after a transient failure");

  /** The pause before a retry. */
  public static final Setting<Duration> RETRY_DELAY =
      millis("SESSION_REDIS_RETRY_DELAY", Duration.ofMillis(50), "pause before a retry");

  /** A trust store file for {@code rediss://}; default the JVM's trusted certificates. */
  public static final Setting<String> TRUSTSTORE =
      Setting.text(
              "SESSION_REDIS_TRUSTSTORE",
              null,
              "a readable trust store file",
              "TLS trust store file")
          .documentedDefault("JVM default");

  /** The password of {@link #TRUSTSTORE}. */
  public static final Setting<String> TRUSTSTORE_PASSWORD =
      Setting.secret(
          "SESSION_REDIS_TRUSTSTORE_PASSWORD", "the trust store's password", "its password");

  /** The type of {@link #TRUSTSTORE}. */
  public static final Setting<String> TRUSTSTORE_TYPE =
      Setting.choice(
          "SESSION_REDIS_TRUSTSTORE_TYPE",
          "pkcs12",
          List.of("pkcs12", "jks"),
          "its type: `pkcs12` or `jks`");

  /** Whether a TLS server's certificate must match the host name. */
  public static final Setting<Boolean> VERIFY_HOSTNAME =
      Setting.bool("SESSION_REDIS_VERIFY_HOSTNAME", true, "TLS host name check");

  /** How long a deleted or rotated-away session is remembered against late cache fills. */
  public static final Setting<Duration> TOMBSTONE_TTL =
      millis(
          "SESSION_REDIS_TOMBSTONE_TTL",
          Duration.ofSeconds(60),
          "how long a deleted or rotated-away id blocks late cache fills");

  /** Whether the database holds only this library's keys, so health may count them with DBSIZE. */
  public static final Setting<Boolean> DEDICATED_DB =
      Setting.bool(
          "SESSION_REDIS_DEDICATED_DB", false, "health counts keys with DBSIZE instead of SCAN");

  /** How many keys one health check examines at most when counting with SCAN; 0 skips counting. */
  public static final Setting<Integer> HEALTH_SCAN_LIMIT =
      Setting.integer(
          "SESSION_REDIS_HEALTH_SCAN_LIMIT",
          10_000,
          0,
          100_000_000,
          "most keys one health check scans; 0 skips counting");

  /** The user name the sentinels themselves require (the URL's is the master's). */
  public static final Setting<String> SENTINEL_USER =
      Setting.text(
          "SESSION_REDIS_SENTINEL_USER", null, "a user name", "the sentinels' own user name");

  /** The password the sentinels themselves require (the URL's is the master's). */
  public static final Setting<String> SENTINEL_PASSWORD =
      Setting.secret(
          "SESSION_REDIS_SENTINEL_PASSWORD",
          "the sentinels' password",
          "the sentinels' own password");

  /** How often a subscription's connection is pinged to detect a silent network failure. */
  public static final Setting<Duration> SUBSCRIPTION_PING_INTERVAL =
      millis(
          "SESSION_REDIS_SUBSCRIPTION_PING_INTERVAL",
          Duration.ofSeconds(5),
          "liveness ping on the notification connection");

  /** Every setting above, in the order the README lists them. */
  public static List<Setting<?>> all() {
    return List.of(
        POOL_MAX_SIZE,
        CONNECT_TIMEOUT,
        SOCKET_TIMEOUT,
        COMMAND_TIMEOUT,
        RETRIES,
        RETRY_DELAY,
        TRUSTSTORE,
        TRUSTSTORE_PASSWORD,
        TRUSTSTORE_TYPE,
        VERIFY_HOSTNAME,
        TOMBSTONE_TTL,
        DEDICATED_DB,
        HEALTH_SCAN_LIMIT,
        SENTINEL_USER,
        SENTINEL_PASSWORD,
        SUBSCRIPTION_PING_INTERVAL);
  }
}
