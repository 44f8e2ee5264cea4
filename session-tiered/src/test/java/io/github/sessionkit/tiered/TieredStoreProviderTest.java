package io.github.sessionkit.tiered;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code SESSION_STORE=tiered}: wrong combinations of settings fail at start-up, naming the
 * setting.
 */
class TieredStoreProviderTest {

  private static SessionManager.Builder from(Map<String, String> env) {
    return SessionManager.builder().settings(Settings.of(env));
  }

  @Test
  void aTieredStoreNeedsARemoteTier() {
    assertThatThrownBy(() -> from(Map.of("SESSION_STORE", "tiered")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_STORE=tiered needs REDIS_URL, DATABASE_URL");
    assertThatThrownBy(
            () ->
                from(Map.of(
                        "SESSION_STORE",
                        "tiered",
                        "REDIS_URL",
                        "redis://h:1",
                        "SESSION_LOCAL_CACHE",
                        "false"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_LOCAL_CACHE=false");
    assertThatThrownBy(
            () ->
                from(Map.of(
                        "SESSION_STORE",
                        "tiered",
                        "REDIS_URL",
                        "redis://h:1",
                        "SESSION_BREAKER_OPEN_DURATION",
                        "soon"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_BREAKER_OPEN_DURATION='soon'");
  }
}
