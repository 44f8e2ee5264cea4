package io.github.sessionkit.spring.boot;

import io.github.sessionkit.ManagerSettings;
import io.github.sessionkit.spi.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sessionkit.*} properties. Each maps to the environment variable of the same meaning
 * (named in its description), so a value can come from either; a property wins over the variable.
 * Unset properties leave the variable's value, or the library's default. Wrong values fail at
 * start-up with a {@link io.github.sessionkit.ConfigurationException} naming the variable. Not
 * thread-safe; bound once at start-up.
 */
@ConfigurationProperties(prefix = "sessionkit")
public class SessionkitProperties {

  /** Whether sessionkit backs HttpSession; false leaves the container's own sessions. */
  private boolean enabled = true;

  /** Where sessions live: memory, redis, jdbc or tiered (SESSION_STORE). */
  private @Nullable String store;

  /** The Redis server, redis://[user:password@]host:port[/db] or rediss:// (REDIS_URL). */
  private @Nullable String redisUrl;

  /** The PostgreSQL database, postgresql://user:password@host:port/db (DATABASE_URL). */
  private @Nullable String databaseUrl;

  /** The PostgreSQL database as a JDBC URL, used when database-url is unset (JDBC_URL). */
  private @Nullable String jdbcUrl;

  /**
   * A session dies after this long without use (SESSION_IDLE_TIMEOUT); default
   * server.servlet.session.timeout, else 30m.
   */
  private @Nullable Duration idleTimeout;

  /**
   * A session dies this long after its creation however active (SESSION_ABSOLUTE_TIMEOUT, default
   * 24h).
   */
  private @Nullable Duration absoluteTimeout;

  /**
   * A read writes the access time at most this often (SESSION_TOUCH_INTERVAL, default a tenth of
   * the idle timeout).
   */
  private @Nullable Duration touchInterval;

  /**
   * Prefix of store keys, to share a server between applications (SESSION_KEY_PREFIX, default
   * session).
   */
  private @Nullable String keyPrefix;

  /** The tenant of the sessions (SESSION_TENANT, default "default"). */
  private @Nullable String tenant;

  /**
   * Packages whose records, beans and enums attributes may be, read back as their own class
   * (SESSION_ATTRIBUTE_PACKAGES); default the application's own packages (those of
   * {@code @SpringBootApplication}).
   */
  private List<String> attributePackages = new ArrayList<>();

  /** Largest encoded attribute, bytes (SESSION_MAX_ATTRIBUTE_BYTES, default 65536). */
  private @Nullable Integer maxAttributeBytes;

  /** Largest encoded session, bytes (SESSION_MAX_SESSION_BYTES, default 524288). */
  private @Nullable Integer maxSessionBytes;

  /** Live sessions one user may have, 0 for no limit (SESSION_MAX_PER_PRINCIPAL). */
  private @Nullable Integer maxPerPrincipal;

  /** At that limit: reject-new or evict-oldest (SESSION_LIMIT_POLICY). */
  private @Nullable String limitPolicy;

  /** Background purge of expired sessions (SESSION_PURGE_ENABLED; default on for PostgreSQL). */
  private @Nullable Boolean purgeEnabled;

  /** How often the purge runs, about (SESSION_PURGE_INTERVAL, default 1h). */
  private @Nullable Duration purgeInterval;

  /**
   * Any other setting, by its environment variable name in any case and with dots or dashes
   * (session-redis-pool-max-size: 50 is SESSION_REDIS_POOL_MAX_SIZE=50); see the README.
   */
  private Map<String, String> settings = new LinkedHashMap<>();

  /** The properties as environment-style settings, only those that are set. */
  Map<String, String> toSettings() {
    Map<String, String> out = new LinkedHashMap<>(settings);
    put(out, ManagerSettings.STORE, store);
    put(out, ManagerSettings.REDIS_URL, redisUrl);
    put(out, ManagerSettings.DATABASE_URL, databaseUrl);
    put(out, ManagerSettings.JDBC_URL, jdbcUrl);
    put(out, ManagerSettings.IDLE_TIMEOUT, idleTimeout);
    put(out, ManagerSettings.ABSOLUTE_TIMEOUT, absoluteTimeout);
    put(out, ManagerSettings.TOUCH_INTERVAL, touchInterval);
    put(out, ManagerSettings.KEY_PREFIX, keyPrefix);
    put(out, ManagerSettings.TENANT, tenant);
    put(out, ManagerSettings.MAX_ATTRIBUTE_BYTES, maxAttributeBytes);
    put(out, ManagerSettings.MAX_SESSION_BYTES, maxSessionBytes);
    put(out, ManagerSettings.MAX_PER_PRINCIPAL, maxPerPrincipal);
    put(out, ManagerSettings.LIMIT_POLICY, limitPolicy);
    put(out, ManagerSettings.PURGE_ENABLED, purgeEnabled);
    put(out, ManagerSettings.PURGE_INTERVAL, purgeInterval);
    if (!attributePackages.isEmpty()) {
      out.put(ManagerSettings.ATTRIBUTE_PACKAGES.name(), String.join(",", attributePackages));
    }
    return out;
  }

  private static void put(Map<String, String> out, Setting<?> setting, @Nullable Object value) {
    if (value != null) {
      out.put(setting.name(), value.toString());
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable String getStore() {
    return store;
  }

  public void setStore(@Nullable String store) {
    this.store = store;
  }

  public @Nullable String getRedisUrl() {
    return redisUrl;
  }

  public void setRedisUrl(@Nullable String redisUrl) {
    this.redisUrl = redisUrl;
  }

  public @Nullable String getDatabaseUrl() {
    return databaseUrl;
  }

  public void setDatabaseUrl(@Nullable String databaseUrl) {
    this.databaseUrl = databaseUrl;
  }

  public @Nullable String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(@Nullable String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public @Nullable Duration getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(@Nullable Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public @Nullable Duration getAbsoluteTimeout() {
    return absoluteTimeout;
  }

  public void setAbsoluteTimeout(@Nullable Duration absoluteTimeout) {
    this.absoluteTimeout = absoluteTimeout;
  }

  public @Nullable Duration getTouchInterval() {
    return touchInterval;
  }

  public void setTouchInterval(@Nullable Duration touchInterval) {
    this.touchInterval = touchInterval;
  }

  public @Nullable String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(@Nullable String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  public @Nullable String getTenant() {
    return tenant;
  }

  public void setTenant(@Nullable String tenant) {
    this.tenant = tenant;
  }

  public List<String> getAttributePackages() {
    return attributePackages;
  }

  public void setAttributePackages(List<String> attributePackages) {
    this.attributePackages = attributePackages;
  }

  public @Nullable Integer getMaxAttributeBytes() {
    return maxAttributeBytes;
  }

  public void setMaxAttributeBytes(@Nullable Integer maxAttributeBytes) {
    this.maxAttributeBytes = maxAttributeBytes;
  }

  public @Nullable Integer getMaxSessionBytes() {
    return maxSessionBytes;
  }

  public void setMaxSessionBytes(@Nullable Integer maxSessionBytes) {
    this.maxSessionBytes = maxSessionBytes;
  }

  public @Nullable Integer getMaxPerPrincipal() {
    return maxPerPrincipal;
  }

  public void setMaxPerPrincipal(@Nullable Integer maxPerPrincipal) {
    this.maxPerPrincipal = maxPerPrincipal;
  }

  public @Nullable String getLimitPolicy() {
    return limitPolicy;
  }

  public void setLimitPolicy(@Nullable String limitPolicy) {
    this.limitPolicy = limitPolicy;
  }

  public @Nullable Boolean getPurgeEnabled() {
    return purgeEnabled;
  }

  public void setPurgeEnabled(@Nullable Boolean purgeEnabled) {
    this.purgeEnabled = purgeEnabled;
  }

  public @Nullable Duration getPurgeInterval() {
    return purgeInterval;
  }

  public void setPurgeInterval(@Nullable Duration purgeInterval) {
    this.purgeInterval = purgeInterval;
  }

  public Map<String, String> getSettings() {
    return settings;
  }

  public void setSettings(Map<String, String> settings) {
    this.settings = settings;
  }
}
