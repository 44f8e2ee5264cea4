package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provider discovery and configuration errors; no server needed. */
class RedisSessionStoreProviderTest {

  private final RedisSessionStoreProvider provider = new RedisSessionStoreProvider();

  private static StoreContext context(String url, Map<String, String> settings) {
    return new StoreContext("REDIS_URL", url, Settings.of(settings), Clock.systemUTC(), "session");
  }

  @Test
  void isFoundByServiceLoaderForEveryRedisScheme() {
    List<SessionStoreProvider> found = new ArrayList<>();
    ServiceLoader.load(SessionStoreProvider.class).forEach(found::add);
    assertThat(found).anySatisfy(p -> assertThat(p).isInstanceOf(RedisSessionStoreProvider.class));
    for (String url :
        List.of(
            "redis://h",
            "rediss://h",
            "redis-sentinel://h/m",
            "rediss-sentinel://h/m",
            "redis-cluster://h",
            "rediss-cluster://h")) {
      assertThat(provider.schemes()).contains(SessionStoreProvider.schemeOf(url));
    }
  }

  @Test
  void malformedUrlFailsNamingTheSettingWithThePasswordMasked() {
    assertThatThrownBy(() -> provider.create(context("redis://:hunter2@host:notaport", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("REDIS_URL='redis://:****@host:notaport'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void outOfRangeSettingsFailNamingTheSetting() {
    String url = "redis://127.0.0.1:1";
    assertThatThrownBy(
            () -> provider.create(context(url, Map.of("SESSION_REDIS_POOL_MAX_SIZE", "51"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_POOL_MAX_SIZE='51'")
        .hasMessageContaining("1 to 50");
    assertThatThrownBy(
            () -> provider.create(context(url, Map.of("SESSION_REDIS_CONNECT_TIMEOUT", "soon"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_CONNECT_TIMEOUT");
    assertThatThrownBy(() -> provider.create(context(url, Map.of("SESSION_REDIS_RETRIES", "-1"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_RETRIES");
    assertThatThrownBy(
            () -> provider.create(context(url, Map.of("SESSION_REDIS_VERIFY_HOSTNAME", "maybe"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_VERIFY_HOSTNAME");
    assertThatThrownBy(
            () ->
                provider.create(
                    new StoreContext(
                        "REDIS_URL", url, Settings.empty(), Clock.systemUTC(), "bad{prefix}")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_KEY_PREFIX");
  }

  @Test
  void anUnreadableTruststoreFailsWithoutShowingItsPassword(@TempDir Path dir) throws IOException {
    Path garbage = Files.writeString(dir.resolve("trust.p12"), "not a key store");
    Map<String, String> settings =
        Map.of(
            "SESSION_REDIS_TRUSTSTORE",
            garbage.toString(),
            "SESSION_REDIS_TRUSTSTORE_PASSWORD",
            "storepass-secret");
    assertThatThrownBy(() -> provider.create(context("rediss://127.0.0.1:1", settings)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_TRUSTSTORE")
        .hasMessageNotContaining("storepass-secret");
    assertThatThrownBy(
            () ->
                provider.create(
                    context(
                        "rediss://127.0.0.1:1",
                        Map.of("SESSION_REDIS_TRUSTSTORE", dir.resolve("missing.p12").toString()))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SESSION_REDIS_TRUSTSTORE");
  }

  @Test
  void anUnreachableServerIsUnavailableWithTheMaskedUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "redis://app:pa55word@127.0.0.1:" + closedPort + "/3";
    assertThatThrownBy(
            () -> provider.create(context(url, Map.of("SESSION_REDIS_CONNECT_TIMEOUT", "500ms"))))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("redis://app:****@127.0.0.1:" + closedPort + "/3")
        .hasMessageContaining("REDIS_URL")
        .hasMessageNotContaining("pa55word")
        .hasCauseInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
  }

  @Test
  void builderRejectsBadValuesNamingTheMethod() {
    RedisSessionStore.Builder b = RedisSessionStore.builder();
    assertThatThrownBy(() -> b.poolMaxSize(0)).hasMessageContaining("poolMaxSize");
    assertThatThrownBy(() -> b.retries(11)).hasMessageContaining("retries");
    assertThatThrownBy(() -> b.keyPrefix("a}b")).hasMessageContaining("keyPrefix");
    assertThatThrownBy(() -> b.connectTimeout(java.time.Duration.ZERO))
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("REDIS_URL");
  }
}
