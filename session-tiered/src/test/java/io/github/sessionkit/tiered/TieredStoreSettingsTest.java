package io.github.sessionkit.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.memory.MemoryStoreSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tiered store's settings: one declaration each, and every wrong value named. */
class TieredStoreSettingsTest {

  @Test
  void theBreakerDefaultsAreTheDeclaredOnes() {
    BreakerSettings defaults = BreakerSettings.defaults();
    assertThat(defaults.failureRatePercent()).isEqualTo(50);
    assertThat(defaults.slowCallThreshold()).isEqualTo(Duration.ofMillis(250));
    assertThat(defaults.openDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(BreakerSettings.from(Settings.of(Map.of("SESSION_BREAKER_WINDOW", "40"))))
        .isEqualTo(defaults.withWindow(40, defaults.minimumCalls()));
  }

  @Test
  void theLocalTierIsGivenTheMemoryStoresOwnSetting() {
    assertThat(TieredStoreProvider.MEMORY_MAX_TTL).isEqualTo(MemoryStoreSettings.MAX_TTL.name());
  }

  @ParameterizedTest
  @CsvSource({
    "SESSION_BREAKER_FAILURE_RATE, 0",
    "SESSION_BREAKER_FAILURE_RATE, 101",
    "SESSION_BREAKER_WINDOW, 99999999999999999999",
    "SESSION_BREAKER_HALF_OPEN_CALLS, 1001",
    "SESSION_BREAKER_OPEN_DURATION, PT9223372036854775807S",
    "SESSION_BREAKER_SLOW_CALL, 1000000000000d",
    "SESSION_LOCAL_CACHE_TTL, 0s",
    "SESSION_LOCAL_CACHE, maybe",
  })
  void aWrongValueNamesTheSettingAndTheValue(String name, String value) {
    Settings settings =
        Settings.of(Map.of("SESSION_STORE", "tiered", "REDIS_URL", "redis://h:1", name, value));
    assertThatThrownBy(
            () ->
                TieredStoreProvider.open(
                    settings,
                    java.time.Clock.systemUTC(),
                    "session",
                    Duration.ofMinutes(30),
                    getClass().getClassLoader()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(name + "='" + value + "' is not valid: expected")
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo(name);
  }
}
