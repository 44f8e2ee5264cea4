package io.github.sessionkit.tiered;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Duration idleTimeout = settings.duration("SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30));
    return open(settings, context.clock(), context.keyPrefix(), idleTimeout, loader);
  }

  private static String tierName(String urlSetting) {
    return urlSetting.equals("REDIS_URL") ? "redis" : "postgresql";
  }

  /**
   * A local memory tier (unless {@code SESSION_LOCAL_CACHE=false}), then Redis if {@code REDIS_URL}
   * is set, then PostgreSQL if {@code DATABASE_URL} or {@code JDBC_URL} is set; the last is the
   * record of truth. A remote tier that cannot be reached at start-up joins later by itself, as
   * long as another remote tier could be reached.
   */
  static SessionStore open(
      Settings settings, Clock clock, String keyPrefix, Duration idleTimeout, ClassLoader loader) {
    Duration localTtl = settings.duration("SESSION_LOCAL_CACHE_TTL", Duration.ofMinutes(5));
    boolean useLocal = settings.bool("SESSION_LOCAL_CACHE", true);
    BreakerSettings defaults = BreakerSettings.defaults();
    BreakerSettings breaker =
        new BreakerSettings(
            settings.integer("SESSION_BREAKER_FAILURE_RATE", defaults.failureRatePercent(), 1, 100),
            settings.duration("SESSION_BREAKER_SLOW_CALL", defaults.slowCallThreshold()),
            settings.integer(
                "SESSION_BREAKER_SLOW_CALL_RATE", defaults.slowCallRatePercent(), 1, 100),
            settings.integer("SESSION_BREAKER_WINDOW", defaults.windowSize(), 1, 10_000),
            settings.integer("SESSION_BREAKER_MINIMUM_CALLS", defaults.minimumCalls(), 1, 10_000),
            settings.duration("SESSION_BREAKER_OPEN_DURATION", defaults.openDuration()),
            settings.integer(
                "SESSION_BREAKER_HALF_OPEN_CALLS", defaults.halfOpenCalls(), 1, 1_000));

    List<String[]> remotes = new ArrayList<>();
    settings.get("REDIS_URL").ifPresent(url -> remotes.add(new String[] {"REDIS_URL", url}));
    Optional<String> database = settings.get("DATABASE_URL");
    if (database.isPresent()) {
      remotes.add(new String[] {"DATABASE_URL", database.get()});
    } else {
      settings.get("JDBC_URL").ifPresent(url -> remotes.add(new String[] {"JDBC_URL", url}));
    }
    if (remotes.isEmpty()) {
      throw new ConfigurationException(
          "SESSION_STORE",
          "SESSION_STORE=tiered needs REDIS_URL, DATABASE_URL (or JDBC_URL), "
              + "or both: the local tier alone is not shared between nodes");
    }
    if (!useLocal && remotes.size() < 2) {
      throw new ConfigurationException(
          "SESSION_LOCAL_CACHE",
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
              .probeInterval(
                  settings.duration("SESSION_BREAKER_PROBE_INTERVAL", Duration.ofMillis(200)));
      if (useLocal) {
        Settings localSettings =
            settings.with(Map.of("SESSION_MEMORY_MAX_TTL", localTtl.toMillis() + "ms"));
        SessionStore local =
            SessionStoreProvider.open(
                new StoreContext("SESSION_LOCAL_CACHE", "memory:", localSettings, clock, keyPrefix),
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
