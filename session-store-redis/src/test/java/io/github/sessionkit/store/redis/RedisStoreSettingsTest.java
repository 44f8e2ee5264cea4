package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The declarations of {@link RedisStoreSettings} and how the provider refuses bad values. */
class RedisStoreSettingsTest {

  private static final String URL = "redis://127.0.0.1:1";

  private static StoreContext context(Map<String, String> settings) {
    return new StoreContext("REDIS_URL", URL, Settings.of(settings), Clock.systemUTC(), "session");
  }

  private static List<Setting<?>> declared() throws IllegalAccessException {
    List<Setting<?>> declared = new ArrayList<>();
    for (Field field : RedisStoreSettings.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isPublic(modifiers)
          && Modifier.isStatic(modifiers)
          && Setting.class.isAssignableFrom(field.getType())) {
        declared.add((Setting<?>) field.get(null));
      }
    }
    return declared;
  }

  @Test
  void everyNameIsARedisSetting() throws IllegalAccessException {
    assertThat(declared()).hasSize(16);
    assertThat(declared()).allSatisfy(s -> assertThat(s.name()).startsWith("SESSION_REDIS_"));
  }

  @Test
  void allListsEveryDeclaredSettingOnce() throws IllegalAccessException {
    List<String> names = RedisStoreSettings.all().stream().map(Setting::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    assertThat(RedisStoreSettings.all()).containsExactlyInAnyOrderElementsOf(declared());
    assertThat(names.get(0)).isEqualTo("SESSION_REDIS_POOL_MAX_SIZE");
    assertThat(names.get(names.size() - 1)).isEqualTo("SESSION_REDIS_SUBSCRIPTION_PING_INTERVAL");
  }

  @Test
  void everyDocIsOneLine() {
    assertThat(RedisStoreSettings.all())
        .allSatisfy(s -> assertThat(s.doc()).isNotBlank().doesNotContain("\n", "|"));
  }

  @Test
  void theProviderReadsTheDeclaredDefaults() {
    // Every setting unset: the builder gets the declared defaults, so nothing fails here.
    RedisSessionStoreProvider.configure(context(Map.of()));
    assertThat(RedisStoreSettings.POOL_MAX_SIZE.read(Settings.empty())).isEqualTo(16);
    assertThat(RedisStoreSettings.SOCKET_TIMEOUT.read(Settings.empty()))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(RedisStoreSettings.TRUSTSTORE.find(Settings.empty())).isEmpty();
    assertThat(RedisStoreSettings.TRUSTSTORE.defaultText()).isEqualTo("JVM default");
    assertThat(RedisStoreSettings.TRUSTSTORE_TYPE.read(Settings.empty())).isEqualTo("pkcs12");
  }

  @ParameterizedTest
  @CsvSource({
    "SESSION_REDIS_POOL_MAX_SIZE, 0",
    "SESSION_REDIS_POOL_MAX_SIZE, 51",
    "SESSION_REDIS_POOL_MAX_SIZE, 99999999999999999999",
    "SESSION_REDIS_SOCKET_TIMEOUT, 25d",
    "SESSION_REDIS_SOCKET_TIMEOUT, PT9223372036854775807S",
    "SESSION_REDIS_SOCKET_TIMEOUT, PT0.0001S",
    "SESSION_REDIS_VERIFY_HOSTNAME, maybe",
    "SESSION_REDIS_RETRIES, 11",
    "SESSION_REDIS_HEALTH_SCAN_LIMIT, -1",
  })
  void theProviderRefusesABadValueNamingTheSettingAndEchoingTheValue(String name, String value) {
    assertThatThrownBy(() -> RedisSessionStoreProvider.configure(context(Map.of(name, value))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(name + "='" + value + "' is not valid: expected ")
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo(name));
  }

  @Test
  void theTruststoreTypeIsOnlyReadWithATruststore() {
    // As before: without a trust store, its type is never looked at.
    RedisSessionStoreProvider.configure(
        context(Map.of("SESSION_REDIS_TRUSTSTORE_TYPE", "no-such-type")));
  }

  @Test
  void aBoundsMessageSaysWhatIsExpected() {
    assertThatThrownBy(
            () ->
                RedisSessionStoreProvider.configure(
                    context(Map.of("SESSION_REDIS_SOCKET_TIMEOUT", "25d"))))
        .hasMessageContaining(RedisStoreSettings.SOCKET_TIMEOUT.expected())
        .hasMessageContaining("to 24d");
  }

  @Test
  void builderArgumentsAreCheckedAgainstTheSameBounds() {
    RedisSessionStore.Builder b = RedisSessionStore.builder();
    assertThatThrownBy(() -> b.poolMaxSize(51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolMaxSize")
        .hasMessageContaining("SESSION_REDIS_POOL_MAX_SIZE")
        .hasMessageContaining("1 to 50");
    assertThatThrownBy(() -> b.socketTimeout(Duration.ofDays(25)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("socketTimeout")
        .hasMessageContaining("SESSION_REDIS_SOCKET_TIMEOUT");
    assertThatThrownBy(() -> b.retries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SESSION_REDIS_RETRIES");
    assertThatThrownBy(() -> b.healthScanLimit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SESSION_REDIS_HEALTH_SCAN_LIMIT");
    b.poolMaxSize(50).retries(0).healthScanLimit(0).socketTimeout(Duration.ofDays(24));
  }

  @Test
  void aTruststorePasswordNeverAppearsInAMessage(@TempDir Path dir)
      throws IOException, GeneralSecurityException {
    String secret = "wr0ng-storepass-secret";
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
    Path real = dir.resolve("real.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (OutputStream out = Files.newOutputStream(real)) {
      store.store(out, "the-right-one".toCharArray());
    }
    List<Map<String, String>> cases = new ArrayList<>();
    for (Path truststore : List.of(garbage, real, dir.resolve("missing.p12"))) {
      for (String type : List.of("pkcs12", "jks", "maybe")) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SESSION_REDIS_TRUSTSTORE", truststore.toString());
        settings.put("SESSION_REDIS_TRUSTSTORE_PASSWORD", secret);
        settings.put("SESSION_REDIS_TRUSTSTORE_TYPE", type);
        cases.add(settings);
      }
    }
    for (Map<String, String> settings : cases) {
      assertThatThrownBy(() -> RedisSessionStoreProvider.configure(context(settings)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("SESSION_REDIS_TRUSTSTORE")
          .satisfies(e -> assertThat(messages(e)).doesNotContain(secret));
    }
    assertThat(RedisStoreSettings.TRUSTSTORE_PASSWORD.masked(secret)).isEqualTo("****");
    assertThat(RedisStoreSettings.TRUSTSTORE_PASSWORD.toString()).doesNotContain(secret);
  }

  /** Every message and string of the exception, its causes and suppressed ones. */
  private static String messages(Throwable e) {
    List<String> out = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
      out.add(t.toString());
      for (Throwable suppressed : t.getSuppressed()) {
        out.add(messages(suppressed));
      }
    }
    return out.stream().collect(Collectors.joining("\n"));
  }
}
