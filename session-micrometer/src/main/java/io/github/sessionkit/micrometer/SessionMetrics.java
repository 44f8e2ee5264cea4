package io.github.sessionkit.micrometer;

import io.github.sessionkit.SessionEvent;
import io.github.sessionkit.SessionListener;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.TierListener;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.spi.TierView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a {@link SessionManager}'s metrics to a Micrometer {@link MeterRegistry}; with a
 * Prometheus registry they appear as {@code sessionkit_*} series.
 *
 * <pre>{@code
 * SessionMetrics.bind(sessions, prometheusRegistry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code sessionkit.session.events}</td><td>counter</td><td>{@code type} = created, invalidated, expired, rotated</td></tr>
 *   <tr><td>{@code sessionkit.sessions.rejected}</td><td>function counter</td><td>{@code reason} = invalid-id, limit</td></tr>
 *   <tr><td>{@code sessionkit.sessions.active}</td><td>gauge</td><td>-</td></tr>
 *   <tr><td>{@code sessionkit.store.calls}</td><td>timer (p50, p95, p99), with {@link #meterStore}</td><td>{@code store}, {@code operation}, {@code outcome} = success, error</td></tr>
 *   <tr><td>{@code sessionkit.store.errors}</td><td>counter, with {@link #meterStore}</td><td>{@code store}, {@code operation}, {@code kind} (exception type)</td></tr>
 *   <tr><td>{@code sessionkit.tier.reads}</td><td>function counter</td><td>{@code tier}, {@code result} = hit, miss, skipped</td></tr>
 *   <tr><td>{@code sessionkit.tier.calls}</td><td>timer (p50, p95, p99)</td><td>{@code tier}, {@code operation}, {@code outcome} = success, error</td></tr>
 *   <tr><td>{@code sessionkit.tier.errors}</td><td>counter</td><td>{@code tier}, {@code kind} (exception type)</td></tr>
 *   <tr><td>{@code sessionkit.tier.breaker.state}</td><td>gauge: 0 closed, 1 half open, 2 open</td><td>{@code tier}</td></tr>
 *   <tr><td>{@code sessionkit.tier.breaker.transitions}</td><td>counter</td><td>{@code tier}, {@code from}, {@code to}</td></tr>
 * </table>
 *
 * <p>The active-sessions gauge reads {@link SessionManager#stats()}, whose store counts are cached
 * for a few seconds. Tier meters exist only for a store made of tiers (one whose {@link
 * io.github.sessionkit.spi.SessionStore#tiers()} is present). Thread-safe.
 */
public final class SessionMetrics implements SessionListener, TierListener {

  private static final String PREFIX = "sessionkit.";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter created;
  private final Counter invalidated;
  private final Counter expired;
  private final Counter rotated;

  private SessionMetrics(SessionManager manager, MeterRegistry registry) {
    this.registry = registry;
    this.created = event("created", "sessions saved for the first time");
    this.invalidated = event("invalidated", "sessions logged out or revoked");
    this.expired = event("expired", "sessions found expired or purged");
    this.rotated = event("rotated", "session id rotations");
    FunctionCounter.builder(PREFIX + "sessions.rejected", manager, m -> m.stats().rejectedIds())
        .tag("reason", "invalid-id")
        .description("lookups refused because the id was malformed")
        .register(registry);
    FunctionCounter.builder(PREFIX + "sessions.rejected", manager, m -> m.stats().limitRejections())
        .tag("reason", "limit")
        .description("new sessions refused by the per-principal limit")
        .register(registry);
    Gauge.builder(
            PREFIX + "sessions.active", manager, m -> positiveOrNaN(m.stats().activeSessions()))
        .description("sessions not expired, as the store counts them")
        .register(registry);

    manager
        .store()
        .tiers()
        .ifPresent(
            tiered -> {
              for (TierStats tier : tiered.tierStats()) {
                String name = tier.name();
                readCounter(tiered, name, "hit", TierStats::hits);
                readCounter(tiered, name, "miss", TierStats::misses);
                readCounter(tiered, name, "skipped", TierStats::skipped);
                Gauge.builder(PREFIX + "tier.breaker.state", tiered, t -> breakerState(t, name))
                    .tag("tier", name)
                    .description("circuit breaker state: 0 closed, 1 half open, 2 open")
                    .register(registry);
              }
              tiered.addListener(this);
            });
    manager.addListener(this);
  }

  // One counter with a type tag: a Prometheus counter may not end in "_created", which its
  // exposition format reserves for creation timestamps.
  private Counter event(String type, String description) {
    return Counter.builder(PREFIX + "session.events")
        .tag("type", type)
        .description(description)
        .register(registry);
  }

  /**
   * Wraps a store so that every call to it is timed, with its outcome, in {@code registry} ({@code
   * sessionkit.store.calls}, {@code sessionkit.store.errors}; see the table above). For any store,
   * Redis and PostgreSQL included:
   *
   * <pre>{@code
   * SessionManager sessions = SessionManager.builder().settings(Settings.fromEnvironment())
   *     .decorateStore(store -> SessionMetrics.meterStore(store, registry))
   *     .build();
   * SessionMetrics.bind(sessions, registry);
   * }</pre>
   */
  public static SessionStore meterStore(SessionStore store, MeterRegistry registry) {
    return new MeteredSessionStore(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(registry, "registry"));
  }

  /** Registers the manager's meters in {@code registry} and keeps them up to date. */
  public static SessionMetrics bind(SessionManager manager, MeterRegistry registry) {
    return new SessionMetrics(
        Objects.requireNonNull(manager, "manager"), Objects.requireNonNull(registry, "registry"));
  }

  private void readCounter(
      TierView tiered, String tier, String result, ToDoubleFunction<TierStats> value) {
    FunctionCounter.builder(PREFIX + "tier.reads", tiered, t -> value.applyAsDouble(find(t, tier)))
        .tags("tier", tier, "result", result)
        .description("reads answered by a tier")
        .register(registry);
  }

  private static TierStats find(TierView tiered, String tier) {
    for (TierStats stats : tiered.tierStats()) {
      if (stats.name().equals(tier)) {
        return stats;
      }
    }
    throw new IllegalStateException("no tier " + tier);
  }

  private static double breakerState(TierView tiered, String tier) {
    return switch (find(tiered, tier).breakerState()) {
      case "OPEN", "FORCED_OPEN" -> 2;
      case "HALF_OPEN" -> 1;
      default -> 0;
    };
  }

  private static double positiveOrNaN(long value) {
    return value < 0 ? Double.NaN : value;
  }

  @Override
  public void created(SessionEvent event) {
    created.increment();
  }

  @Override
  public void invalidated(SessionEvent event) {
    invalidated.increment();
  }

  @Override
  public void expired(SessionEvent event) {
    expired.increment();
  }

  @Override
  public void idRotated(SessionEvent event) {
    rotated.increment();
  }

  @Override
  public void breakerStateChanged(String tier, String fromState, String toState) {
    registry
        .counter(
            PREFIX + "tier.breaker.transitions", "tier", tier, "from", fromState, "to", toState)
        .increment();
  }

  @Override
  public void callCompleted(
      String tier, String operation, long nanos, @Nullable StoreException failure) {
    // Every remote call passes here: look the timer up in our own map rather than build and
    // register a meter id per call.
    String outcome = failure == null ? "success" : "error";
    timers
        .computeIfAbsent(
            tier + '\u0000' + operation + '\u0000' + outcome,
            k ->
                Timer.builder(PREFIX + "tier.calls")
                    .tags("tier", tier, "operation", operation, "outcome", outcome)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .distributionStatisticExpiry(Duration.ofMinutes(1))
                    .description("calls to a remote tier")
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      registry
          .counter(PREFIX + "tier.errors", "tier", tier, "kind", failure.getClass().getSimpleName())
          .increment();
    }
  }
}
