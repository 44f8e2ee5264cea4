package io.github.sessionkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

  @ParameterizedTest
  @CsvSource({
    "PT30M,1800",
    "30m,1800",
    "1800s,1800",
    "2h,7200",
    "1d,86400",
    "pt1h,3600",
    "30 m,1800"
  })
  void durationsAcceptIsoAndPlainForms(String text, long seconds) {
    assertThat(
            Settings.of(Map.of("SESSION_IDLE_TIMEOUT", text))
                .duration("SESSION_IDLE_TIMEOUT", Duration.ZERO))
        .hasSeconds(seconds);
  }

  @Test
  void millisecondDurations() {
    assertThat(Settings.parseDuration("X", "500ms")).isEqualTo(Duration.ofMillis(500));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "30",
        "-5m",
        "0s",
        "PT0S",
        "-PT5M",
        "30 minutes",
        "1.5h",
        "99999999999999999999d"
      })
  void wrongDurationsNameTheSettingAndTheValue(String text) {
    Settings settings = Settings.of(Map.of("SESSION_IDLE_TIMEOUT", text));
    assertThatThrownBy(() -> settings.duration("SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_IDLE_TIMEOUT")
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("PT30M")
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).setting())
                    .isEqualTo("SESSION_IDLE_TIMEOUT"));
  }

  @Test
  void unsetOrBlankGivesTheDefault() {
    Settings settings = Settings.of(Map.of("SESSION_IDLE_TIMEOUT", "  "));
    assertThat(settings.duration("SESSION_IDLE_TIMEOUT", Duration.ofMinutes(7)))
        .isEqualTo(Duration.ofMinutes(7));
    assertThat(settings.integer("POOL", 5, 1, 50)).isEqualTo(5);
    assertThat(settings.get("NOPE")).isEmpty();
  }

  @Test
  void integersAreRangeChecked() {
    Settings settings = Settings.of(Map.of("POOL", "51", "BAD", "ten"));
    assertThatThrownBy(() -> settings.integer("POOL", 10, 1, 50))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("POOL='51' is not valid: expected a whole number from 1 to 50");
    assertThatThrownBy(() -> settings.integer("BAD", 10, 1, 50)).hasMessageContaining("BAD='ten'");
  }

  @Test
  void booleansAndChoices() {
    Settings settings =
        Settings.of(Map.of("ON", "yes", "OFF", "0", "BAD", "maybe", "KIND", "Redis"));
    assertThat(settings.bool("ON", false)).isTrue();
    assertThat(settings.bool("OFF", true)).isFalse();
    assertThatThrownBy(() -> settings.bool("BAD", true))
        .hasMessageContaining("BAD='maybe'")
        .hasMessageContaining("true or false");
    assertThat(settings.oneOf("KIND", "memory", "memory", "redis")).isEqualTo("redis");
    assertThatThrownBy(() -> settings.oneOf("KIND", "memory", "memory", "jdbc"))
        .hasMessageContaining("KIND='Redis'")
        .hasMessageContaining("one of memory, jdbc");
  }

  @Test
  void propertiesAcceptDottedLowerCaseNames() {
    Properties properties = new Properties();
    properties.setProperty("session.idle.timeout", "5m");
    properties.setProperty("SESSION_ABSOLUTE_TIMEOUT", "2h");
    Settings settings = Settings.fromProperties(properties);
    assertThat(settings.duration("SESSION_IDLE_TIMEOUT", Duration.ZERO))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.duration("SESSION_ABSOLUTE_TIMEOUT", Duration.ZERO))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void secretsAreMasked() {
    assertThat(Settings.mask("REDIS_URL", "redis://:s3cret@cache:6379/0"))
        .isEqualTo("redis://:****@cache:6379/0");
    assertThat(Settings.mask("REDIS_URL", "rediss://app:s3cret@cache:6379"))
        .isEqualTo("rediss://app:****@cache:6379");
    assertThat(Settings.mask("DATABASE_URL", "postgresql://app:pa@ss@db:5432/app"))
        .doesNotContain("pa@ss")
        .doesNotContain("ss@db")
        .contains("app:****@");
    assertThat(
            Settings.mask("JDBC_URL", "jdbc:postgresql://db/app?user=app&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/app?user=app&password=****&ssl=true");
    assertThat(Settings.mask("SESSION_REDIS_PASSWORD", "s3cret")).isEqualTo("****");
    assertThat(Settings.mask("SESSION_ENCRYPTION_KEYS", "k1:abc")).isEqualTo("****");
    assertThat(Settings.mask("REDIS_URL", "redis://cache:6379")).isEqualTo("redis://cache:6379");
    assertThat(Settings.mask("REDIS_URL", "redis://s3cret@cache:6379"))
        .isEqualTo("redis://****@cache:6379");
    assertThat(Settings.of(Map.of("REDIS_URL", "redis://:s3cret@x")).toString())
        .doesNotContain("s3cret");
  }

  /**
   * A corpus of URL forms, well-formed and not, whose password holds characters that end a URL
   * part: no form prints any piece of the password.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://:%s@cache:6379/0",
        "redis://app:%s@cache:6379",
        "rediss://app:%s@cache:6379/2?x=1",
        "redis-sentinel://app:%s@s1:26379,s2:26379/mymaster",
        "redis-cluster://:%s@n1:7000,n2:7001",
        "postgresql://app:%s@db:5432/app",
        "postgres://app:%s@db/app?sslmode=require",
        "jdbc:postgresql://db/app?user=app&password=%s",
        "jdbc:postgresql://app:%s@db/app",
        "redis//app:%s@cache:6379",
        "postgresql//app:%s@db:5432/app",
        "redis:/app:%s@cache",
        "app:%s@db:5432/app",
        "unknown-scheme://app:%s@host/path",
        "memory://app:%s@x",
        "  redis://app:%s@cache:6379  ",
        "REDIS://APP:%s@CACHE:6379"
      })
  void noUrlFormLeaksAPasswordWithUrlDelimitersInIt(String form) {
    for (String password :
        new String[] {
          "Qx7/Wk9",
          "Qx7?Wk9",
          "Qx7#Wk9",
          "Qx7@Wk9",
          "Qx7:Wk9",
          "Qx7%2FWk9%3FZr2",
          "Qx7/Wk9?Zr2#Tm5@Yb8:Hn4",
          "Zm9v/YmFy+YmF6=="
        }) {
      String url = String.format(form, password);
      String masked = Settings.maskUrl(url);
      assertThat(masked).as(url).doesNotContain(password);
      for (String piece : password.split("[/?#@:%]")) {
        if (piece.length() >= 3) {
          assertThat(masked).as("a piece of the password in %s", url).doesNotContain(piece);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1000000000000d",
        "PT9223372036854775807S",
        "36501d",
        "999999999999999999ms",
        "P106751991167300D"
      })
  void aDurationTooLongToCountInMillisecondsNamesTheSetting(String value) {
    assertThatThrownBy(
            () ->
                Settings.of(Map.of("SESSION_IDLE_TIMEOUT", value))
                    .duration("SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_IDLE_TIMEOUT='" + value + "'")
        .hasMessageContaining("at most 36500d");
  }

  @Test
  void aHugeValueIsCutInTheMessage() {
    String huge = "x".repeat(1_000_000);
    assertThatThrownBy(
            () ->
                Settings.of(Map.of("SESSION_IDLE_TIMEOUT", huge))
                    .duration("SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("(1000000 characters)"));
  }

  @Test
  void aWrongValueInASecretSettingIsNotEchoed() {
    Settings settings = Settings.of(Map.of("SESSION_REDIS_PASSWORD_TTL", "s3cret"));
    assertThatThrownBy(() -> settings.duration("SESSION_REDIS_PASSWORD_TTL", Duration.ofMinutes(1)))
        .hasMessageContaining("SESSION_REDIS_PASSWORD_TTL='****'")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void schemes() {
    assertThat(SessionStoreProvider.schemeOf("redis://h:1")).isEqualTo("redis");
    assertThat(SessionStoreProvider.schemeOf("REDISS://h:1")).isEqualTo("rediss");
    assertThat(SessionStoreProvider.schemeOf("jdbc:postgresql://h/db"))
        .isEqualTo("jdbc:postgresql");
    assertThat(SessionStoreProvider.schemeOf("memory:")).isEqualTo("memory");
    assertThat(SessionStoreProvider.schemeOf("postgresql://u:p@h/db")).isEqualTo("postgresql");
  }
}
