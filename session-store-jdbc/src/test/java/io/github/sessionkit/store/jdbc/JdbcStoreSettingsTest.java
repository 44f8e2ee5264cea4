package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.spi.Setting;
import io.github.sessionkit.spi.Settings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcStoreSettingsTest {

  private static final String PASSWORD = "pw-canary-7f3a";

  @Test
  void everyNameIsAJdbcSetting() {
    assertThat(JdbcStoreSettings.all())
        .allSatisfy(s -> assertThat(s.name()).startsWith("SESSION_JDBC_"))
        .allSatisfy(s -> assertThat(s.doc()).isNotBlank().doesNotContain("\n"));
  }

  @Test
  void allListsEveryConstantOnce() throws IllegalAccessException {
    List<Setting<?>> all = JdbcStoreSettings.all();
    assertThat(all.stream().map(Setting::name)).doesNotHaveDuplicates();

    List<Object> constants = new ArrayList<>();
    for (Field field : JdbcStoreSettings.class.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isPublic(modifiers)
          && Modifier.isStatic(modifiers)
          && Setting.class.isAssignableFrom(field.getType())) {
        constants.add(field.get(null));
      }
    }
    assertThat(constants).hasSize(17);
    assertThat(all)
        .containsExactlyInAnyOrderElementsOf(constants.stream().map(c -> (Setting<?>) c).toList());
  }

  @Test
  void thePublicNameConstantsAreTheSettingsNames() {
    assertThat(JdbcStoreSettings.SCHEMA.name()).isEqualTo(JdbcSessionStore.SCHEMA);
    assertThat(JdbcStoreSettings.TABLE.name()).isEqualTo(JdbcSessionStore.TABLE);
    assertThat(JdbcStoreSettings.MIGRATE.name()).isEqualTo(JdbcSessionStore.MIGRATE);
    assertThat(JdbcStoreSettings.MIGRATION_TIMEOUT.name())
        .isEqualTo(JdbcSessionStore.MIGRATION_TIMEOUT);
    assertThat(JdbcStoreSettings.PURGE_BATCH_SIZE.name())
        .isEqualTo(JdbcSessionStore.PURGE_BATCH_SIZE);
    assertThat(JdbcStoreSettings.NOTIFY.name()).isEqualTo(JdbcSessionStore.NOTIFY);
    assertThat(JdbcStoreSettings.USERNAME.name()).isEqualTo(JdbcSessionStore.USERNAME);
    assertThat(JdbcStoreSettings.PASSWORD.name()).isEqualTo(JdbcSessionStore.PASSWORD);
  }

  @Test
  void defaults() {
    Settings none = Settings.empty();
    assertThat(JdbcStoreSettings.SCHEMA.read(none)).isEqualTo("public");
    assertThat(JdbcStoreSettings.TABLE.read(none)).isEqualTo("sessionkit_sessions");
    assertThat(JdbcStoreSettings.MIGRATE.read(none)).isTrue();
    assertThat(JdbcStoreSettings.MIGRATION_TIMEOUT.read(none)).isEqualTo(Duration.ofSeconds(60));
    assertThat(JdbcStoreSettings.PURGE_BATCH_SIZE.read(none)).isEqualTo(1000);
    assertThat(JdbcStoreSettings.NOTIFY.read(none)).isTrue();
    assertThat(JdbcStoreSettings.USERNAME.find(none)).isEmpty();
    assertThat(JdbcStoreSettings.USERNAME.defaultText()).isEqualTo("from the URL");
    assertThat(JdbcStoreSettings.PASSWORD.find(none)).isEmpty();
    assertThat(JdbcStoreSettings.PASSWORD.defaultText()).isEqualTo("from the URL");
    assertThat(JdbcStoreSettings.PASSWORD.secret()).isTrue();
    assertThat(JdbcStoreSettings.SOCKET_TIMEOUT.defaultValue()).isEmpty();
    assertThat(JdbcStoreSettings.SOCKET_TIMEOUT.defaultText())
        .isEqualTo("statement timeout + 10 s");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SESSION_JDBC_POOL_MAX_SIZE|0",
        "SESSION_JDBC_POOL_MAX_SIZE|51",
        "SESSION_JDBC_POOL_MAX_SIZE|99999999999999999999",
        "SESSION_JDBC_POOL_TIMEOUT|100ms",
        "SESSION_JDBC_MIGRATION_TIMEOUT|PT9223372036854775807S",
        "SESSION_JDBC_NOTIFY|maybe",
        "SESSION_JDBC_PURGE_BATCH_SIZE|100001",
        "SESSION_JDBC_MIGRATE|maybe"
      })
  void aWrongValueIsRefusedNamingTheSettingAndEchoingTheValue(String name, String value) {
    Setting<?> setting =
        JdbcStoreSettings.all().stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow();
    Settings settings = Settings.of(Map.of(name, value));

    assertRefused(catchThrowable(() -> setting.read(settings)), name, value);
    // The store reads the same way, before it connects to anything.
    assertRefused(catchThrowable(() -> build(settings, "localhost:1")), name, value);
  }

  @Test
  void theMinimumIdleCountMayNotExceedThePoolSize() {
    Settings settings =
        Settings.of(Map.of("SESSION_JDBC_POOL_MAX_SIZE", "5", "SESSION_JDBC_POOL_MIN_IDLE", "6"));
    assertRefused(
        catchThrowable(() -> PoolSettings.from(settings)), "SESSION_JDBC_POOL_MIN_IDLE", "6");
    assertThat(PoolSettings.from(Settings.of(Map.of("SESSION_JDBC_POOL_MAX_SIZE", "1"))).minIdle())
        .as("the default minimum idle count is capped by the pool size")
        .isEqualTo(1);
  }

  @Test
  void aBuilderArgumentOutOfBoundsNamesTheMethodAndTheSetting() {
    assertThatThrownBy(() -> JdbcSessionStore.builder().purgeBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purgeBatchSize")
        .hasMessageContaining("SESSION_JDBC_PURGE_BATCH_SIZE")
        .hasMessageContaining("from 1 to 100000")
        .hasMessageEndingWith("got 0");
    assertThatThrownBy(() -> JdbcSessionStore.builder().purgeBatchSize(100_001))
        .isInstanceOf(IllegalArgumentException.class);
    JdbcSessionStore.builder().purgeBatchSize(1).purgeBatchSize(100_000);
  }

  @Test
  void thePasswordNeverAppearsInAMessage() throws Exception {
    assertThat(JdbcStoreSettings.PASSWORD.masked(PASSWORD)).doesNotContain(PASSWORD);
    assertThat(JdbcStoreSettings.PASSWORD.toString()).doesNotContain(PASSWORD);

    // Every wrong setting beside a password.
    for (Map.Entry<String, String> wrong :
        Map.of(
                "SESSION_JDBC_POOL_MAX_SIZE", "0",
                "SESSION_JDBC_POOL_MIN_IDLE", "51",
                "SESSION_JDBC_POOL_TIMEOUT", "100ms",
                "SESSION_JDBC_SOCKET_TIMEOUT", "1s",
                "SESSION_JDBC_KEEPALIVE_TIME", "1h",
                "SESSION_JDBC_NOTIFY", "maybe",
                "SESSION_JDBC_TABLE", "No Such Table")
            .entrySet()) {
      Map<String, String> values = new HashMap<>();
      values.put("SESSION_JDBC_PASSWORD", PASSWORD);
      values.put(wrong.getKey(), wrong.getValue());
      Throwable thrown = catchThrowable(() -> build(Settings.of(values), "localhost:1"));
      assertThat(thrown).as(wrong.getKey()).isNotNull();
      assertThat(messagesOf(thrown)).as(wrong.getKey()).doesNotContain(PASSWORD);
    }

    // The server is down: the message names the masked URL, never the password.
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Throwable down =
        catchThrowable(
            () ->
                build(
                    Settings.of(
                        Map.of(
                            "SESSION_JDBC_PASSWORD",
                            PASSWORD,
                            "SESSION_JDBC_POOL_TIMEOUT",
                            "250ms",
                            "SESSION_JDBC_CONNECT_TIMEOUT",
                            "1s")),
                    "localhost:" + closedPort));
    assertThat(down).isNotNull();
    assertThat(messagesOf(down)).doesNotContain(PASSWORD);
  }

  private static JdbcSessionStore build(Settings settings, String hostAndPort) {
    return JdbcSessionStore.builder()
        .url("postgresql://user@" + hostAndPort + "/db")
        .settings(settings)
        .build();
  }

  private static void assertRefused(Throwable thrown, String name, String value) {
    assertThat(thrown)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(name + "='" + value + "'")
        .hasMessageContaining("expected");
    assertThat(((ConfigurationException) thrown).setting()).isEqualTo(name);
  }

  /** Every message and string form in the cause chain, suppressed ones too. */
  private static String messagesOf(Throwable thrown) {
    StringBuilder all = new StringBuilder();
    List<Throwable> seen = new ArrayList<>();
    List<Throwable> queue = new ArrayList<>(List.of(thrown));
    while (!queue.isEmpty()) {
      Throwable t = queue.remove(0);
      if (seen.contains(t)) {
        continue;
      }
      seen.add(t);
      all.append(t).append('\n');
      if (t.getCause() != null) {
        queue.add(t.getCause());
      }
      queue.addAll(List.of(t.getSuppressed()));
    }
    return all.toString();
  }
}
