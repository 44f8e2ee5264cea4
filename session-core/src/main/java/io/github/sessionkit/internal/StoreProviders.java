package io.github.sessionkit.internal;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link SessionStoreProvider} for a URL among those on the class path. */
public final class StoreProviders {

  /** Module to add for each well-known scheme, for the error message when it is missing. */
  private static final Map<String, String> MODULE_HINTS =
      Map.of(
          "memory", "sessionkit-store-memory",
          "redis", "sessionkit-store-redis",
          "rediss", "sessionkit-store-redis",
          "redis-sentinel", "sessionkit-store-redis",
          "redis-cluster", "sessionkit-store-redis",
          "postgresql", "sessionkit-store-jdbc",
          "postgres", "sessionkit-store-jdbc",
          "jdbc:postgresql", "sessionkit-store-jdbc",
          "tiered", "sessionkit-tiered");

  private StoreProviders() {}

  /** Opens the store a URL names, or fails naming the setting and the masked URL. */
  public static SessionStore open(StoreContext context, ClassLoader loader) {
    String scheme = SessionStoreProvider.schemeOf(context.url());
    List<SessionStoreProvider> providers = new ArrayList<>();
    ServiceLoader.load(SessionStoreProvider.class, loader).forEach(providers::add);
    for (SessionStoreProvider provider : providers) {
      if (provider.schemes().contains(scheme)) {
        return provider.create(context);
      }
    }
    TreeSet<String> known = new TreeSet<>();
    providers.forEach(p -> known.addAll(p.schemes()));
    String hint = MODULE_HINTS.get(scheme);
    throw ConfigurationException.invalid(
        context.urlSetting(),
        Settings.maskUrl(context.url()),
        "a URL whose scheme a store on the class path handles; scheme '"
            + scheme
            + "' has no provider"
            + (hint == null ? "" : " (add the io.github.sessionkit:" + hint + " dependency)")
            + "; schemes available: "
            + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
