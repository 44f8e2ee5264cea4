package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolSettingsTest {

  @Test
  void defaults() {
    PoolSettings pool = PoolSettings.from(Settings.empty());
    assertThat(pool.maxSize()).isEqualTo(10);
    assertThat(pool.minIdle()).isEqualTo(2);
    assertThat(pool.poolTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(pool.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(pool.socketTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(pool.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(pool.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(pool.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(pool.keepaliveTime()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void theDefaultSocketTimeoutOutlastsALongStatementTimeout() {
    PoolSettings pool =
        PoolSettings.from(Settings.of(Map.of("SESSION_JDBC_STATEMENT_TIMEOUT", "30s")));
    assertThat(pool.socketTimeout()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void everySettingIsRead() {
    PoolSettings pool =
        PoolSettings.from(
            Settings.of(
                Map.of(
                    "SESSION_JDBC_POOL_MAX_SIZE",
                    "50",
                    "SESSION_JDBC_POOL_MIN_IDLE",
                    "50",
                    "SESSION_JDBC_POOL_TIMEOUT",
                    "750ms",
                    "SESSION_JDBC_CONNECT_TIMEOUT",
                    "3s",
                    "SESSION_JDBC_SOCKET_TIMEOUT",
                    "PT1M",
                    "SESSION_JDBC_STATEMENT_TIMEOUT",
                    "30s",
                    "SESSION_JDBC_IDLE_TIMEOUT",
                    "1m",
                    "SESSION_JDBC_MAX_LIFETIME",
                    "1h",
                    "SESSION_JDBC_KEEPALIVE_TIME",
                    "45s")));
    assertThat(pool)
        .isEqualTo(
            new PoolSettings(
                50,
                50,
                Duration.ofMillis(750),
                Duration.ofSeconds(3),
                Duration.ofMinutes(1),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofSeconds(45)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SESSION_JDBC_POOL_MAX_SIZE|abc|a whole number from 1 to 50",
        "SESSION_JDBC_POOL_MAX_SIZE|51|a whole number from 1 to 50",
        "SESSION_JDBC_POOL_MAX_SIZE|0|a whole number from 1 to 50",
        "SESSION_JDBC_POOL_MIN_IDLE|11|a whole number from 0 to 10",
        "SESSION_JDBC_POOL_TIMEOUT|100ms|from 250ms to",
        "SESSION_JDBC_POOL_TIMEOUT|soon|a duration",
        "SESSION_JDBC_CONNECT_TIMEOUT|1500ms|a whole number of seconds",
        "SESSION_JDBC_SOCKET_TIMEOUT|5s|longer than SESSION_JDBC_STATEMENT_TIMEOUT",
        "SESSION_JDBC_STATEMENT_TIMEOUT|-5s|a duration",
        "SESSION_JDBC_IDLE_TIMEOUT|5s|from 10s to",
        "SESSION_JDBC_MAX_LIFETIME|10s|from 30s to",
        "SESSION_JDBC_KEEPALIVE_TIME|1h|shorter than SESSION_JDBC_MAX_LIFETIME"
      })
  void aWrongValueFailsNamingTheSettingAndTheValue(String setting, String value, String expected) {
    assertThatThrownBy(() -> PoolSettings.from(Settings.of(Map.of(setting, value))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(setting + "='" + value + "'")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo(setting));
  }
}
