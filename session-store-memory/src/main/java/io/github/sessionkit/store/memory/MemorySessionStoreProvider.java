package io.github.sessionkit.store.memory;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.StoreContext;
import java.util.Set;

/**
 * Provides the {@link MemorySessionStore} for the {@code memory:} URL. Reads the settings of {@link
 * MemoryStoreSettings}.
 */
public final class MemorySessionStoreProvider implements SessionStoreProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public MemorySessionStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public SessionStore create(StoreContext context) {
    String url = context.url().trim();
    if (!url.equalsIgnoreCase("memory:") && !url.equalsIgnoreCase("memory://")) {
      throw ConfigurationException.invalid(
          context.urlSetting(),
          context.maskedUrl(),
          "exactly 'memory:' (the memory store takes its settings from "
              + MemoryStoreSettings.MAX_SIZE.name()
              + ")");
    }
    MemorySessionStore.Builder builder =
        MemorySessionStore.builder()
            .clock(context.clock())
            .maximumSize(MemoryStoreSettings.MAX_SIZE.read(context.settings()));
    MemoryStoreSettings.MAX_TTL.find(context.settings()).ifPresent(builder::maximumTtl);
    return builder.build();
  }
}
