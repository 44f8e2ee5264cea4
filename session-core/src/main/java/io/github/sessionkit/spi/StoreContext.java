package io.github.sessionkit.spi;

import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link SessionStoreProvider} gets to build a store: the URL that selected it, the setting
 * that URL came from, every other setting, the clock and the key prefix.
 *
 * @param urlSetting the setting that held the URL ({@code REDIS_URL}, {@code DATABASE_URL}...), to
 *     name in error messages
 * @param url the store URL; may contain a password, print it only through {@link #maskedUrl()}
 * @param settings all settings, for the provider's own ones (pool sizes, timeouts...)
 * @param clock the manager's clock; stores use it for "now" wherever they compute expiry
 * @param keyPrefix prefix of every key or name the store creates ({@code SESSION_KEY_PREFIX})
 */
public record StoreContext(
    String urlSetting, String url, Settings settings, Clock clock, String keyPrefix) {

  /** The prefix used when {@code SESSION_KEY_PREFIX} is not set. */
  public static final String DEFAULT_KEY_PREFIX = "session";

  public StoreContext {
    Objects.requireNonNull(urlSetting, "urlSetting");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  /** The URL with passwords masked, safe for logs and messages. */
  public String maskedUrl() {
    return Settings.maskUrl(url);
  }

  /** Hides the URL's password. */
  @Override
  public String toString() {
    return "StoreContext{" + urlSetting + "=" + maskedUrl() + ", keyPrefix=" + keyPrefix + "}";
  }
}
