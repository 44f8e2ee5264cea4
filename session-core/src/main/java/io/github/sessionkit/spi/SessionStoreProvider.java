package io.github.sessionkit.spi;

import java.util.Set;

/**
 * Builds a {@link SessionStore} from a URL. Each store module registers one in {@code
 * META-INF/services/io.github.sessionkit.spi.SessionStoreProvider}; the manager picks it by the
 * URL's scheme, so switching backends is a configuration change.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface SessionStoreProvider {

  /**
   * The URL schemes this provider handles, lower case, without {@code ://}: for example {@code
   * redis} and {@code rediss}, or {@code postgresql} and {@code jdbc:postgresql}.
   */
  Set<String> schemes();

  /**
   * Builds a store. Wrong or missing settings throw a {@link
   * io.github.sessionkit.ConfigurationException} naming the setting; a backend that cannot be
   * reached throws a {@link io.github.sessionkit.StoreUnavailableException} whose message shows the
   * masked URL.
   */
  SessionStore create(StoreContext context);

  /**
   * The scheme of a store URL, as matched against {@link #schemes()}: the part before the first
   * colon, or the first two parts for {@code jdbc:} URLs. Lower case.
   */
  static String schemeOf(String url) {
    String lower = url.trim().toLowerCase(java.util.Locale.ROOT);
    int colon = lower.indexOf(':');
    if (colon < 0) {
      return lower;
    }
    if (lower.startsWith("jdbc:")) {
      int second = lower.indexOf(':', 5);
      return second < 0 ? lower : lower.substring(0, second);
    }
    return lower.substring(0, colon);
  }

  /**
   * Opens the store a URL names with the provider found on {@code loader}'s class path, for stores
   * built from other stores (the tiered store opens its tiers this way). A scheme no provider
   * handles fails with a {@link io.github.sessionkit.ConfigurationException} naming the setting,
   * the masked URL and the module to add.
   */
  static SessionStore open(StoreContext context, ClassLoader loader) {
    return io.github.sessionkit.internal.StoreProviders.open(context, loader);
  }
}
