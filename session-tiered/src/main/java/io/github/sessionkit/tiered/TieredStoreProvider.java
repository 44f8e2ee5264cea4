package io.github.sessionkit.tiered;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.ManagerSettings;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the tiered store {@code SESSION_STORE=tiered} asks for, from the other settings. The
 * manager asks for it with the URL {@code tiered:}; it is found through {@link
 * java.util.ServiceLoader} like every store, so core does not depend on this module.
 */
public final class TieredStoreProvider implements SessionStoreProvider {

  private static final Logger log = LoggerFactory.getLogger(TieredStoreProvider.class);

  /** Used by {@link java.util.ServiceLoader}. */
  public TieredStoreProvider() {}

  /**
   * The memory store's {@code MemoryStoreSettings.MAX_TTL}, which the local tier is given as the
   * local-cache TTL (the memory module is not a compile dependency of this one; a test checks the
   * name).
   */
  static final String MEMORY_MAX_TTL = "SESSION_MEMORY_MAX_TTL";

  @Override
  public Set<String> schemes() {
    return Set.of("tiered");
  }

  @Override
  public SessionStore create(StoreContext context) {
    ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
    ClassLoader loader =
        contextLoader != null ? contextLoader : TieredStoreProvider.class.getClassLoader();
    Settings settings = context.settings();
    Duration idleTimeout = ManagerSettings.IDLE_TIMEOUT.read(settings);
    return open(settings, context.clock(), context.keyPrefix(), idleTimeout, loader);
  }

  private static String tierName(String urlSetting) {
    return urlSetting.equals(ManagerSettings.REDIS_URL.name()) ? "redis" : "postgresql";
  }

  /**
   * A local memory tier (unless {@code SESSION_LOCAL_CACHE=false}), then Redis if {@code REDIS_URL}
   * is set, then PostgreSQL if {@code DATABASE_URL} or {@code JDBC_URL} is set; the last is the
   * record of truth. A remote tier that cannot be reached at start-up joins later by itself, as
   * long as another remote tier could be reached.
   */
  static SessionStore open(
      Settings settings, Clock clock, String keyPrefix, Duration idleTimeout, ClassLoader loader) {
    Duration localTtl = TieredStoreSettings.LOCAL_CACHE_TTL.read(settings);
    boolean useLocal = TieredStoreSettings.LOCAL_CACHE.read(settings);
    BreakerSettings breaker = BreakerSettings.from(settings);

    List<String[]> remotes = new ArrayList<>();
    ManagerSettings.REDIS_URL
        .find(settings)
        .ifPresent(url -> remotes.add(new String[] {ManagerSettings.REDIS_URL.name(), url}));
    Setting<String> database =
        ManagerSettings.DATABASE_URL.find(settings).isPresent()
            ? ManagerSettings.DATABASE_URL
            : ManagerSettings.JDBC_URL;
    database.find(settings).ifPresent(url -> remotes.add(new String[] {database.name(), url}));
    if (remotes.isEmpty()) {
      throw new ConfigurationException(
          ManagerSettings.STORE.name(),
          "SESSION_STORE=tiered needs REDIS_URL, DATABASE_URL (or JDBC_URL), "
              + "or both: the local tier alone is not shared between nodes");
    }
    if (!useLocal && remotes.size() < 2) {
      throw new ConfigurationException(
          TieredStoreSettings.LOCAL_CACHE.name(),
          "SESSION_STORE=tiered with SESSION_LOCAL_CACHE=false needs both "
              + "REDIS_URL and DATABASE_URL (a single store is not a tier chain)");
    }

    List<SessionStore> opened = new ArrayList<>();
    try {
      TieredSessionStore.Builder builder =
          TieredSessionStore.builder()
              .clock(clock)
              .breaker(breaker)
              .localTtl(localTtl)
              .repairBypass(idleTimeout)
              .probeInterval(TieredStoreSettings.BREAKER_PROBE_INTERVAL.read(settings));
      if (useLocal) {
        Settings localSettings = settings.with(Map.of(MEMORY_MAX_TTL, localTtl.toMillis() + "ms"));
        SessionStore local =
            SessionStoreProvider.open(
                new StoreContext(
                    TieredStoreSettings.LOCAL_CACHE.name(),
                    "memory:",
                    localSettings,
                    clock,
                    keyPrefix),
                loader);
        opened.add(local);
        builder.localTier(local);
      }
      int reachable = 0;
      StoreUnavailableException lastFailure = null;
      for (String[] remote : remotes) {
        StoreContext context = new StoreContext(remote[0], remote[1], settings, clock, keyPrefix);
        SessionStore store;
        try {
          store = SessionStoreProvider.open(context, loader);
          reachable++;
        } catch (StoreUnavailableException e) {
          // Start anyway and keep trying: the other tiers serve meanwhile, behind this
          // tier's open circuit breaker.
          lastFailure = e;
          log.warn(
              "tier {} ({}) is unreachable at start-up; starting without it and retrying: {}",
              remote[0],
              context.maskedUrl(),
              e.getMessage());
          store =
              new DeferredStore(
                  tierName(remote[0]),
                  () -> SessionStoreProvider.open(context, loader),
                  Duration.ofSeconds(1),
                  String.valueOf(e.getMessage()));
        }
        opened.add(store);
        builder.remoteTier(store);
      }
      if (reachable == 0 && lastFailure != null) {
        throw lastFailure;
      }
      return builder.build();
    } catch (RuntimeException e) {
      opened.forEach(
          store -> {
            try {
              store.close();
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          });
      throw e;
    }
  }
}
