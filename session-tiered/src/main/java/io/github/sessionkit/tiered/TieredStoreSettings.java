package io.github.sessionkit.tiered;

import io.github.sessionkit.spi.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings {@link TieredStoreProvider} reads for {@code SESSION_STORE=tiered}; {@link
 * BreakerSettings#defaults()} and the {@link TieredSessionStore.Builder} take their defaults from
 * them.
 */
public final class TieredStoreSettings {

  private TieredStoreSettings() {}

  /** Whether there is an in-process local tier. */
  public static final Setting<Boolean> LOCAL_CACHE =
      Setting.bool("SESSION_LOCAL_CACHE", true, "use an in-process local tier");

  /** Longest a local copy is served. */
  public static final Setting<Duration> LOCAL_CACHE_TTL =
      Setting.duration(
          "SESSION_LOCAL_CACHE_TTL",
          Duration.ofMinutes(5),
          "longest a local copy is served: the staleness bound if a notification is lost");

  /** Share of failed calls that opens a tier's breaker. */
  public static final Setting<Integer> BREAKER_FAILURE_RATE =
      Setting.integer(
          "SESSION_BREAKER_FAILURE_RATE",
          50,
          1,
          100,
          "% of failed calls (over the window) that opens a tier's breaker");

  /** A call slower than this counts as slow. */
  public static final Setting<Duration> BREAKER_SLOW_CALL =
      Setting.duration(
          "SESSION_BREAKER_SLOW_CALL",
          Duration.ofMillis(250),
          "a call slower than this counts as slow");

  /** Share of slow calls that opens the breaker. */
  public static final Setting<Integer> BREAKER_SLOW_CALL_RATE =
      Setting.integer(
          "SESSION_BREAKER_SLOW_CALL_RATE", 80, 1, 100, "% of slow calls that opens the breaker");

  /** Calls the rates are computed over. */
  public static final Setting<Integer> BREAKER_WINDOW =
      Setting.integer("SESSION_BREAKER_WINDOW", 20, 1, 10_000, "calls the rates are computed over");

  /** Calls needed before the rates count. */
  public static final Setting<Integer> BREAKER_MINIMUM_CALLS =
      Setting.integer(
          "SESSION_BREAKER_MINIMUM_CALLS", 5, 1, 10_000, "calls needed before the rates count");

  /** How long an open breaker skips its tier before trial calls. */
  public static final Setting<Duration> BREAKER_OPEN_DURATION =
      Setting.duration(
          "SESSION_BREAKER_OPEN_DURATION",
          Duration.ofSeconds(5),
          "how long an open breaker skips its tier before trial calls (a probe may close it"
              + " sooner)");

  /** How often an open breaker's tier is probed. */
  public static final Setting<Duration> BREAKER_PROBE_INTERVAL =
      Setting.duration(
          "SESSION_BREAKER_PROBE_INTERVAL",
          Duration.ofMillis(200),
          "while a remote tier's breaker is open, how often its health check is asked; the first"
              + " answer closes the breaker");

  /** Trial calls that decide whether a half-open breaker closes. */
  public static final Setting<Integer> BREAKER_HALF_OPEN_CALLS =
      Setting.integer(
          "SESSION_BREAKER_HALF_OPEN_CALLS",
          3,
          1,
          1_000,
          "trial calls that decide whether it closes");

  /** Every setting of this module, in documentation order. */
  public static List<Setting<?>> all() {
    return List.of(
        LOCAL_CACHE,
        LOCAL_CACHE_TTL,
        BREAKER_FAILURE_RATE,
        BREAKER_SLOW_CALL,
        BREAKER_SLOW_CALL_RATE,
        BREAKER_WINDOW,
        BREAKER_MINIMUM_CALLS,
        BREAKER_OPEN_DURATION,
        BREAKER_PROBE_INTERVAL,
        BREAKER_HALF_OPEN_CALLS);
  }
}
