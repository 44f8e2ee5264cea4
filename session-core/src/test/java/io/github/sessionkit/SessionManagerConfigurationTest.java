package io.github.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.spi.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Wrong configuration fails at construction, naming the setting and the value. session-core alone
 * has no store provider on its class path, which these tests also rely on.
 */
class SessionManagerConfigurationTest {

  private static SessionManager.Builder from(Map<String, String> env) {
    return SessionManager.builder().settings(Settings.of(env));
  }

  @Test
  void aNonDurationIdleTimeoutIsRejected() {
    assertThatThrownBy(() -> from(Map.of("SESSION_IDLE_TIMEOUT", "abc")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "SESSION_IDLE_TIMEOUT='abc' is not valid: expected a duration such as PT30M");
  }

  @Test
  void aNegativeDurationIsRejected() {
    assertThatThrownBy(() -> from(Map.of("SESSION_ABSOLUTE_TIMEOUT", "-PT5M")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_ABSOLUTE_TIMEOUT='-PT5M'")
        .hasMessageContaining("positive");
  }

  @Test
  void anUnknownStoreKindIsRejected() {
    assertThatThrownBy(() -> from(Map.of("SESSION_STORE", "mongo")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "SESSION_STORE='mongo' is not valid: expected one of memory, redis, jdbc, tiered");
  }

  @Test
  void aUrlNoProviderHandlesIsRejectedWithTheModuleToAddAndThePasswordMasked() {
    assertThatThrownBy(
            () ->
                from(Map.of("SESSION_STORE", "redis", "REDIS_URL", "redis://:s3cret@cache:6379"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("REDIS_URL='redis://:****@cache:6379'")
        .hasMessageContaining("scheme 'redis' has no provider")
        .hasMessageContaining("io.github.sessionkit:sessionkit-store-redis")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> SessionManager.builder().storeUrl("cassandra://db").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("storeUrl='cassandra://db'")
        .hasMessageContaining("scheme 'cassandra'");
  }

  @Test
  void theDefaultMemoryStoreNeedsItsModule() {
    assertThatThrownBy(() -> SessionManager.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sessionkit-store-memory");
  }

  @Test
  void aStoreKindWithoutItsUrlIsRejected() {
    assertThatThrownBy(() -> from(Map.of("SESSION_STORE", "redis")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("REDIS_URL is not set");
    assertThatThrownBy(() -> from(Map.of("SESSION_STORE", "jdbc")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JDBC_URL is not set")
        .hasMessageContaining("DATABASE_URL");
  }

  @Test
  void aTieredStoreWithoutItsModuleNamesTheModule() {
    assertThatThrownBy(
            () -> from(Map.of("SESSION_STORE", "tiered", "REDIS_URL", "redis://h:1")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_STORE")
        .hasMessageContaining("io.github.sessionkit:sessionkit-tiered");
  }

  @Test
  void aTouchIntervalNotShorterThanTheIdleTimeoutIsRejected() {
    assertThatThrownBy(
            () ->
                from(Map.of("SESSION_IDLE_TIMEOUT", "10m", "SESSION_TOUCH_INTERVAL", "10m"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_TOUCH_INTERVAL='PT10M'")
        .hasMessageContaining("shorter than the idle timeout");
  }

  @Test
  void builderMethodsRejectBadValuesAtOnce() {
    assertThatThrownBy(() -> SessionManager.builder().idleTimeout(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("idleTimeout='PT0S'");
    assertThatThrownBy(() -> SessionManager.builder().absoluteTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("absoluteTimeout='PT-1S'");
    assertThatThrownBy(() -> SessionManager.builder().maxAttributeBytes(0))
        .hasMessageContaining("maxAttributeBytes='0'");
    assertThatThrownBy(
            () ->
                SessionManager.builder().maxSessionsPerPrincipal(0, SessionLimitPolicy.REJECT_NEW))
        .hasMessageContaining("maxSessionsPerPrincipal='0'");
    assertThatThrownBy(() -> SessionManager.builder().tenant("a b"))
        .hasMessageContaining("tenant='a b'");
    assertThatThrownBy(() -> SessionManager.builder().keyPrefix("{x}"))
        .hasMessageContaining("keyPrefix='{x}'");
    assertThatThrownBy(() -> SessionManager.builder().storeUrl(" "))
        .hasMessageContaining("storeUrl");
    assertThatThrownBy(
            () -> SessionManager.builder().maxAttributeBytes(10).maxSessionBytes(5).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxAttributeBytes (10)");
  }

  @Test
  void anAttributeLimitAboveTheSessionLimitNamesTheEnvironmentVariables() {
    assertThatThrownBy(
            () ->
                from(Map.of(
                        "SESSION_MAX_ATTRIBUTE_BYTES", "2000", "SESSION_MAX_SESSION_BYTES", "1000"))
                    .build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.setting()).isEqualTo("SESSION_MAX_ATTRIBUTE_BYTES"))
        .hasMessageStartingWith(
            "SESSION_MAX_ATTRIBUTE_BYTES (2000) must not exceed SESSION_MAX_SESSION_BYTES (1000)")
        .hasMessageNotContaining("maxAttributeBytes");
    // Only the session limit from the environment, below the default attribute limit (64 KiB).
    assertThatThrownBy(() -> from(Map.of("SESSION_MAX_SESSION_BYTES", "1000")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "SESSION_MAX_ATTRIBUTE_BYTES (65536) must not exceed SESSION_MAX_SESSION_BYTES (1000)");
    // A builder call after the settings overrides them, and is then what the message names.
    assertThatThrownBy(
            () -> from(Map.of("SESSION_MAX_SESSION_BYTES", "1000")).maxAttributeBytes(5000).build())
        .hasMessageStartingWith(
            "maxAttributeBytes (5000) must not exceed SESSION_MAX_SESSION_BYTES (1000)");
  }

  @Test
  void otherWrongSettingsNameThemselves() {
    assertThatThrownBy(() -> from(Map.of("SESSION_MAX_PER_PRINCIPAL", "-1")))
        .hasMessageContaining("SESSION_MAX_PER_PRINCIPAL='-1'");
    assertThatThrownBy(() -> from(Map.of("SESSION_LIMIT_POLICY", "lru")))
        .hasMessageContaining("SESSION_LIMIT_POLICY='lru'")
        .hasMessageContaining("reject-new, evict-oldest");
    assertThatThrownBy(() -> from(Map.of("SESSION_TENANT", "acme corp")))
        .hasMessageContaining("SESSION_TENANT='acme corp'");
    assertThatThrownBy(() -> from(Map.of("SESSION_KEY_PREFIX", "a b")))
        .hasMessageContaining("SESSION_KEY_PREFIX='a b'");
    assertThatThrownBy(() -> from(Map.of("SESSION_MAX_ATTRIBUTE_BYTES", "1MB")))
        .hasMessageContaining("SESSION_MAX_ATTRIBUTE_BYTES='1MB'");
  }

  @Test
  void propertiesAreReadLikeTheEnvironment() {
    Properties properties = new Properties();
    properties.setProperty("session.idle.timeout", "abc");
    assertThatThrownBy(() -> SessionManager.fromProperties(properties))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_IDLE_TIMEOUT='abc'");
  }

  @Test
  void configurationExceptionsAreSessionExceptions() {
    assertThat(new ConfigurationException("X", "m")).isInstanceOf(SessionException.class);
    assertThat(new StoreUnavailableException("m")).isInstanceOf(StoreException.class);
  }
}
