package io.github.sessionkit.tiered;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Settings;
import java.time.Duration;

/**
 * How the circuit breaker in front of each remote tier decides that the tier is down, and when it
 * tries again. Over a window of the last {@code windowSize} calls (once at least {@code
 * minimumCalls} were made), the breaker opens when the share of failed calls, or of calls slower
 * than {@code slowCallThreshold}, reaches its threshold. While open, the tier is skipped at once;
 * after {@code openDuration}, {@code halfOpenCalls} trial calls decide whether it closes again.
 *
 * <p>Immutable. {@link #defaults()} gives the values documented on each component.
 *
 * @param failureRatePercent share of failed calls that opens the breaker, 1 to 100 (default 50)
 * @param slowCallThreshold a call taking longer counts as slow (default 250 ms)
 * @param slowCallRatePercent share of slow calls that opens the breaker, 1 to 100 (default 80)
 * @param windowSize calls the rates are computed over (default 20)
 * @param minimumCalls calls needed in the window before rates count (default 5)
 * @param openDuration how long the breaker stays open before trial calls (default 5 s)
 * @param halfOpenCalls trial calls made while half open (default 3)
 */
public record BreakerSettings(
    int failureRatePercent,
    Duration slowCallThreshold,
    int slowCallRatePercent,
    int windowSize,
    int minimumCalls,
    Duration openDuration,
    int halfOpenCalls) {

  public BreakerSettings {
    percent("failureRatePercent", failureRatePercent);
    percent("slowCallRatePercent", slowCallRatePercent);
    positive("slowCallThreshold", slowCallThreshold);
    positive("openDuration", openDuration);
    atLeastOne("windowSize", windowSize);
    atLeastOne("minimumCalls", minimumCalls);
    atLeastOne("halfOpenCalls", halfOpenCalls);
  }

  /**
   * 50 % failures or 80 % calls over 250 ms, in a window of 20 calls (at least 5), open for 5 s, 3
   * trial calls.
   */
  public static BreakerSettings defaults() {
    return from(Settings.empty());
  }

  /**
   * The breaker the {@code SESSION_BREAKER_*} settings of {@link TieredStoreSettings} describe,
   * with their defaults where unset.
   *
   * @throws io.github.sessionkit.ConfigurationException naming a setting whose value is wrong
   */
  public static BreakerSettings from(Settings settings) {
    return new BreakerSettings(
        TieredStoreSettings.BREAKER_FAILURE_RATE.read(settings),
        TieredStoreSettings.BREAKER_SLOW_CALL.read(settings),
        TieredStoreSettings.BREAKER_SLOW_CALL_RATE.read(settings),
        TieredStoreSettings.BREAKER_WINDOW.read(settings),
        TieredStoreSettings.BREAKER_MINIMUM_CALLS.read(settings),
        TieredStoreSettings.BREAKER_OPEN_DURATION.read(settings),
        TieredStoreSettings.BREAKER_HALF_OPEN_CALLS.read(settings));
  }

  /** These settings with another open duration. */
  public BreakerSettings withOpenDuration(Duration openDuration) {
    return new BreakerSettings(
        failureRatePercent,
        slowCallThreshold,
        slowCallRatePercent,
        windowSize,
        minimumCalls,
        openDuration,
        halfOpenCalls);
  }

  /** These settings with another slow-call threshold. */
  public BreakerSettings withSlowCallThreshold(Duration slowCallThreshold) {
    return new BreakerSettings(
        failureRatePercent,
        slowCallThreshold,
        slowCallRatePercent,
        windowSize,
        minimumCalls,
        openDuration,
        halfOpenCalls);
  }

  /** These settings with another window and minimum number of calls. */
  public BreakerSettings withWindow(int windowSize, int minimumCalls) {
    return new BreakerSettings(
        failureRatePercent,
        slowCallThreshold,
        slowCallRatePercent,
        windowSize,
        minimumCalls,
        openDuration,
        halfOpenCalls);
  }

  private static void percent(String name, int value) {
    if (value < 1 || value > 100) {
      throw ConfigurationException.invalid(
          name, String.valueOf(value), "a percentage from 1 to 100");
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw ConfigurationException.invalid(name, String.valueOf(value), "a positive duration");
    }
  }

  private static void atLeastOne(String name, int value) {
    if (value < 1) {
      throw ConfigurationException.invalid(name, String.valueOf(value), "at least 1");
    }
  }
}
