package io.github.sessionkit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.Settings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryStoreConfigurationTest {

  @Test
  void noConfigurationAtAllGivesTheMemoryStore() {
    try (SessionManager manager = SessionManager.builder().settings(Settings.empty()).build()) {
      assertThat(manager.store()).isInstanceOf(MemorySessionStore.class);
      Session session = manager.create("alice");
      manager.save(session);
      assertThat(manager.find(session.id())).isPresent();
      assertThat(manager.health().up()).isTrue();
    }
  }

  @Test
  void fromPropertiesSelectsTheMemoryStoreAndItsSize() {
    Properties properties = new Properties();
    properties.setProperty("session.store", "memory");
    properties.setProperty("session.memory.max.size", "2");
    try (SessionManager manager = SessionManager.fromProperties(properties)) {
      assertThat(manager.store().health().details()).containsEntry("maximumSize", 2L);
    }
  }

  @Test
  void aWrongMaximumSizeNamesTheSetting() {
    assertThatThrownBy(
            () ->
                SessionManager.builder()
                    .settings(Settings.of(Map.of("SESSION_MEMORY_MAX_SIZE", "0")))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_MEMORY_MAX_SIZE='0'");
  }

  @ParameterizedTest
  @CsvSource({
    "SESSION_MEMORY_MAX_SIZE, 99999999999999999999",
    "SESSION_MEMORY_MAX_SIZE, 2147483648",
    "SESSION_MEMORY_MAX_TTL, PT9223372036854775807S",
    "SESSION_MEMORY_MAX_TTL, 1000000000000d",
  })
  void anOverflowingValueNamesTheSetting(String name, String value) {
    assertThatThrownBy(
            () -> SessionManager.builder().settings(Settings.of(Map.of(name, value))).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(name + "='" + value + "' is not valid: expected");
  }

  @Test
  void aMemoryUrlWithExtrasIsRejected() {
    assertThatThrownBy(() -> SessionManager.builder().storeUrl("memory://somewhere?size=5").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("storeUrl='memory://somewhere?size=5'");
  }

  @Test
  void aFullStoreEvictsAndCountsIt() {
    MemorySessionStore store = MemorySessionStore.builder().maximumSize(100).build();
    try (SessionManager manager = SessionManager.builder().store(store).build()) {
      for (int i = 0; i < 1_000; i++) {
        manager.save(manager.create("user" + i));
      }
      assertThat(store.stats(System.currentTimeMillis(), 0).total()).isLessThanOrEqualTo(100);
      assertThat(store.evictedBySize()).isGreaterThanOrEqualTo(900);
    }
  }
}
