package io.github.sessionkit;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.StoreContext;
import java.time.Duration;
import java.util.List;

/**
 * The settings {@link SessionManager.Builder#settings} reads: which store, its URL, and the
 * manager's own knobs. Each store module declares its own beside it ({@code MemoryStoreSettings},
 * {@code RedisStoreSettings}, {@code JdbcStoreSettings}, {@code TieredStoreSettings}); the README's
 * configuration table lists them all and is checked against these declarations.
 */
public final class ManagerSettings {

  private ManagerSettings() {}

  /** Which store: memory, redis, jdbc or tiered. */
  public static final Setting<String> STORE =
      Setting.choice(
          "SESSION_STORE",
          "memory",
          List.of("memory", "redis", "jdbc", "tiered"),
          "`memory`, `redis` (uses `REDIS_URL`), `jdbc` (uses `DATABASE_URL`, else `JDBC_URL`) or"
              + " `tiered` (local tier, then `REDIS_URL` and/or `DATABASE_URL`)");

  /** The Redis server, Sentinel group or Cluster. */
  public static final Setting<String> REDIS_URL =
      Setting.text(
          "REDIS_URL",
          null,
          "a Redis URL such as redis://[user:password@]host:6379[/db]",
          "`redis://[[user]:password@]host[:6379][/db]`, `rediss://` for TLS,"
              + " `redis-sentinel://[[user]:pw@]h1:26379,h2/master[/db]`,"
              + " `redis-cluster://[[user]:pw@]h1:port,h2:port`");

  /** The PostgreSQL database, in the URL form hosting platforms hand out. */
  public static final Setting<String> DATABASE_URL =
      Setting.text(
          "DATABASE_URL",
          null,
          "a database URL such as postgresql://user:password@host:5432/db",
          "`postgresql://user:password@host:5432/db[?sslmode=require]` (also `postgres://`)");

  /** The PostgreSQL database as a JDBC URL, used when {@link #DATABASE_URL} is unset. */
  public static final Setting<String> JDBC_URL =
      Setting.text(
          "JDBC_URL",
          null,
          "a JDBC URL such as jdbc:postgresql://host:5432/db?user=u",
          "`jdbc:postgresql://host:5432/db?user=...` (used when `DATABASE_URL` is unset)");

  /** How long a session lives without use. */
  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.duration(
          "SESSION_IDLE_TIMEOUT",
          Duration.ofMinutes(30),
          "a session dies after this long without use");

  /** How long a session lives however active. */
  public static final Setting<Duration> ABSOLUTE_TIMEOUT =
      Setting.duration(
          "SESSION_ABSOLUTE_TIMEOUT",
          Duration.ofHours(24),
          "a session dies this long after creation, however active");

  /** How often at most a read writes the access time; default a tenth of the idle timeout. */
  public static final Setting<Duration> TOUCH_INTERVAL =
      Setting.duration(
              "SESSION_TOUCH_INTERVAL",
              null,
              "a read writes the access time at most this often; must be shorter than the idle"
                  + " timeout")
          .documentedDefault("idle / 10");

  /** The prefix of store keys and channels. */
  public static final Setting<String> KEY_PREFIX =
      Setting.text(
          "SESSION_KEY_PREFIX",
          StoreContext.DEFAULT_KEY_PREFIX,
          "1 to 64 characters of [A-Za-z0-9_.:-] starting with a letter or digit",
          "prefix of Redis keys and channels, to share a server between applications");

  /** The manager's tenant. */
  public static final Setting<String> TENANT =
      Setting.text(
          "SESSION_TENANT",
          SessionKey.DEFAULT_TENANT,
          "1 to 64 characters of [A-Za-z0-9_.-] starting with a letter or digit",
          "tenant of the manager (`forTenant` gives others)");

  /** Packages whose types attributes may be read back as. */
  public static final Setting<String> ATTRIBUTE_PACKAGES =
      Setting.text(
              "SESSION_ATTRIBUTE_PACKAGES",
              null,
              "comma-separated Java package names",
              "comma-separated Java packages whose records, beans and enums attributes may be"
                  + " (read back as their class); JDK value and collection types are always"
                  + " allowed")
          .documentedDefault("(none)");

  /** Largest encoded attribute. */
  public static final Setting<Integer> MAX_ATTRIBUTE_BYTES =
      Setting.integer(
          "SESSION_MAX_ATTRIBUTE_BYTES",
          64 * 1024,
          1,
          Integer.MAX_VALUE,
          "largest encoded attribute (name + JSON value), bytes");

  /** Largest encoded session. */
  public static final Setting<Integer> MAX_SESSION_BYTES =
      Setting.integer(
          "SESSION_MAX_SESSION_BYTES",
          512 * 1024,
          1,
          Integer.MAX_VALUE,
          "largest encoded session (all attributes), bytes");

  /** Live sessions one principal may have; 0 for no limit. */
  public static final Setting<Integer> MAX_PER_PRINCIPAL =
      Setting.integer(
              "SESSION_MAX_PER_PRINCIPAL", 0, 0, 1_000_000, "live sessions one user may have")
          .documentedDefault("`0` (no limit)");

  /** What happens at that limit. */
  public static final Setting<String> LIMIT_POLICY =
      Setting.choice(
          "SESSION_LIMIT_POLICY",
          "reject-new",
          List.of("reject-new", "evict-oldest"),
          "at the limit: `reject-new` or `evict-oldest`");

  /** Background purge of expired sessions; default on for stores without native expiry. */
  public static final Setting<Boolean> PURGE_ENABLED =
      Setting.bool("SESSION_PURGE_ENABLED", null, "background purge of expired sessions")
          .documentedDefault("on for stores without native expiry (PostgreSQL)");

  /** How often the purge runs. */
  public static final Setting<Duration> PURGE_INTERVAL =
      Setting.duration(
          "SESSION_PURGE_INTERVAL", Duration.ofHours(1), "how often, about (jittered by 10 %)");

  /** Keys that encrypt attribute values at rest. */
  public static final Setting<String> ENCRYPTION_KEYS =
      Setting.secret(
              "SESSION_ENCRYPTION_KEYS",
              "id:base64key entries, comma-separated",
              "encrypt attribute values at rest: `id:base64key,id:base64key`, newest first (the"
                  + " first encrypts, all decrypt); each key 32 random bytes (`openssl rand"
                  + " -base64 32`), each id 1-32 of `[A-Za-z0-9_.-]`; see [Security](#security)")
          .documentedDefault("none (no encryption)");

  /** Reading values stored before encryption was turned on. */
  public static final Setting<Boolean> ENCRYPTION_ACCEPT_PLAINTEXT =
      Setting.bool(
          "SESSION_ENCRYPTION_ACCEPT_PLAINTEXT",
          false,
          "with encryption on, read values stored before it was turned on instead of treating"
              + " their session as absent (for the migration window only)");

  /** Every setting of this module, in documentation order. */
  public static List<Setting<?>> all() {
    return List.of(
        STORE,
        REDIS_URL,
        DATABASE_URL,
        JDBC_URL,
        IDLE_TIMEOUT,
        ABSOLUTE_TIMEOUT,
        TOUCH_INTERVAL,
        KEY_PREFIX,
        TENANT,
        ATTRIBUTE_PACKAGES,
        MAX_ATTRIBUTE_BYTES,
        MAX_SESSION_BYTES,
        MAX_PER_PRINCIPAL,
        LIMIT_POLICY,
        PURGE_ENABLED,
        PURGE_INTERVAL,
        ENCRYPTION_KEYS,
        ENCRYPTION_ACCEPT_PLAINTEXT);
  }
}
