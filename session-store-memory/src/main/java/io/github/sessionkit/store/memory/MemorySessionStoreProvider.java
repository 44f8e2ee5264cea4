package io.github.sessionkit.store.memory;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.StoreContext;
import java.util.Set;

/**
 * Provides the {@link MemorySessionStore} for the {@code memory:} URL. Reads {@code
 * SESSION_MEMORY_MAX_SIZE} (default 100,000 sessions) and {@code SESSION_MEMORY_MAX_TTL} (default:
 * none; the tiered store sets it to the local-cache TTL).
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
          "exactly 'memory:' (the memory store takes its settings from SESSION_MEMORY_MAX_SIZE)");
    }
    int maximumSize =
        context
            .settings()
            .integer(
                "SESSION_MEMORY_MAX_SIZE",
                (int) MemorySessionStore.DEFAULT_MAXIMUM_SIZE,
                1,
                Integer.MAX_VALUE);
    MemorySessionStore.Builder builder =
        MemorySessionStore.builder().clock(context.clock()).maximumSize(maximumSize);
    if (context.settings().get("SESSION_MEMORY_MAX_TTL").isPresent()) {
      builder.maximumTtl(
          context.settings().duration("SESSION_MEMORY_MAX_TTL", java.time.Duration.ofMinutes(5)));
    }
    return builder.build();
  }
}
