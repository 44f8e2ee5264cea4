package io.github.sessionkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.ManagerSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

  private static final Setting<Integer> POOL =
      Setting.integer("SESSION_TEST_POOL", 16, 1, 50, "connections");
  private static final Setting<Duration> TIMEOUT =
      Setting.duration(
          "SESSION_TEST_TIMEOUT",
          Duration.ofSeconds(2),
          Duration.ofMillis(1),
          Duration.ofDays(24),
          "wait");
  private static final Setting<String> PASSWORD =
      Setting.secret("SESSION_TEST_PASSWORD", "a password", "its password");

  private static Settings with(String name, String value) {
    return Settings.of(Map.of(name, value));
  }

  @Test
  void unsetGivesTheDefaultAndSetGivesTheValue() {
    assertThat(POOL.read(Settings.empty())).isEqualTo(16);
    assertThat(POOL.read(with("SESSION_TEST_POOL", " 32 "))).isEqualTo(32);
    assertThat(POOL.find(with("SESSION_TEST_POOL", "  "))).isEmpty();
    assertThat(TIMEOUT.read(with("SESSION_TEST_TIMEOUT", "500ms"))).hasMillis(500);
    assertThat(TIMEOUT.read(Settings.empty(), Duration.ofSeconds(9))).hasSeconds(9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "51", "-1", "99999999999999999999", "2147483648", "ten", "1.5"})
  void aWrongNumberNamesTheSettingTheValueAndTheBounds(String value) {
    assertThatThrownBy(() -> POOL.read(with("SESSION_TEST_POOL", value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "SESSION_TEST_POOL='" + value + "' is not valid: expected a whole number from 1 to 50")
        .extracting(e -> ((ConfigurationException) e).setting())
        .isEqualTo("SESSION_TEST_POOL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"25d", "PT9223372036854775807S", "1000000000000d", "0s", "-PT1S", "x"})
  void aWrongDurationIsAConfigurationErrorNeverAnOverflow(String value) {
    assertThatThrownBy(() -> TIMEOUT.read(with("SESSION_TEST_TIMEOUT", value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SESSION_TEST_TIMEOUT='" + value + "' is not valid: expected")
        .hasMessageContaining("duration");
  }

  @Test
  void aDurationOverItsOwnMaximumSaysTheMaximum() {
    assertThatThrownBy(() -> TIMEOUT.read(with("SESSION_TEST_TIMEOUT", "25d")))
        .hasMessageEndingWith("from 1ms to 24d");
  }

  @Test
  void aSecretIsNeverEchoed() {
    Setting<Integer> secretNumber = Setting.integer("SESSION_TEST_TOKEN", 1, 1, 2, "a token");
    assertThatThrownBy(() -> secretNumber.read(with("SESSION_TEST_TOKEN", "hunter2")))
        .hasMessage("SESSION_TEST_TOKEN='****' is not valid: expected a whole number from 1 to 2");
    assertThat(PASSWORD.masked("hunter2")).isEqualTo("****");
    assertThat(PASSWORD.toString()).doesNotContain("hunter2");
  }

  @Test
  void aUrlValueIsEchoedWithItsPasswordMasked() {
    Setting<Integer> url = Setting.integer("SESSION_TEST_URL_NUMBER", 1, 1, 2, "n");
    assertThatThrownBy(() -> url.read(with("SESSION_TEST_URL_NUMBER", "redis://u:p/w?d@host")))
        .hasMessageContaining("'redis://u:****@host'")
        .hasMessageNotContaining("p/w?d");
  }

  @Test
  void aLongValueIsCut() {
    String huge = "9".repeat(1_000_000);
    assertThatThrownBy(() -> POOL.read(with("SESSION_TEST_POOL", huge)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("(1000000 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void aRequiredSettingWithoutDefaultSaysWhatIsExpected() {
    assertThatThrownBy(() -> PASSWORD.read(Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("SESSION_TEST_PASSWORD is not set: expected a password");
  }

  @Test
  void builderArgumentsAreCheckedAgainstTheSameBounds() {
    assertThat(POOL.check("poolMaxSize", 50)).isEqualTo(50);
    assertThatThrownBy(() -> POOL.check("poolMaxSize", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "poolMaxSize (the SESSION_TEST_POOL setting) must be a whole number from 1 to 50,"
                + " got 0");
    assertThatThrownBy(() -> TIMEOUT.check("socketTimeout", Duration.ofDays(30)))
        .hasMessageContaining("from 1ms to 24d");
  }

  @Test
  void choicesAndBooleans() {
    Setting<String> policy =
        Setting.choice("SESSION_TEST_POLICY", "a", List.of("a", "b-c"), "which");
    assertThat(policy.read(with("SESSION_TEST_POLICY", "B-C"))).isEqualTo("b-c");
    assertThatThrownBy(() -> policy.read(with("SESSION_TEST_POLICY", "d")))
        .hasMessage("SESSION_TEST_POLICY='d' is not valid: expected one of a, b-c");
    Setting<Boolean> flag = Setting.bool("SESSION_TEST_FLAG", true, "on");
    assertThat(flag.read(with("SESSION_TEST_FLAG", "off"))).isFalse();
    assertThatThrownBy(() -> flag.read(with("SESSION_TEST_FLAG", "maybe")))
        .hasMessage("SESSION_TEST_FLAG='maybe' is not valid: expected true or false");
  }

  @Test
  void aDeclarationIsCheckedWhenMade() {
    assertThatThrownBy(() -> Setting.integer("SESSION_TEST_BAD", 0, 1, 2, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside its own bounds");
    assertThatThrownBy(() -> Setting.bool("session.test", true, "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void documentationShowsDefaultsInTheFormSettingsAccept() {
    assertThat(ManagerSettings.IDLE_TIMEOUT.defaultText()).isEqualTo("30m");
    assertThat(ManagerSettings.PURGE_INTERVAL.defaultText()).isEqualTo("1h");
    assertThat(ManagerSettings.TOUCH_INTERVAL.defaultText()).isEqualTo("idle / 10");
    assertThat(ManagerSettings.ENCRYPTION_KEYS.secret()).isTrue();
    for (Setting<?> setting : ManagerSettings.all()) {
      setting.defaultValue().ifPresent(value -> assertThat(value).isInstanceOf(setting.type()));
    }
  }

  @Test
  void theManagerCatalogListsEveryConstantOnce() throws IllegalAccessException {
    List<Setting<?>> declared = new ArrayList<>();
    for (Field field : ManagerSettings.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
        declared.add((Setting<?>) field.get(null));
      }
    }
    assertThat(ManagerSettings.all()).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(ManagerSettings.all().stream().map(Setting::name)).doesNotHaveDuplicates();
  }
}
