package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.testkit.redis.SelfSignedTls;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a real redis-server serving TLS only (the embedded binary is built with
 * TLS), with a self-signed certificate made by {@code keytool} in the test.
 */
class RedisTlsIT {

  private static final String PASSWORD = "tls-" + randomTenant();
  private static SelfSignedTls tls;
  private static RedisProcess server;

  @BeforeAll
  static void start() {
    tls = SelfSignedTls.generate();
    server = RedisProcess.builder().tls(tls).password(PASSWORD).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (tls != null) {
      tls.close();
    }
  }

  private static void roundTrip(SessionStore store) {
    SessionRecord record =
        record(
            newKey(randomTenant()), "alice", Map.of("secret", "\"over TLS\""), Clock.systemUTC());
    assertThat(store.insert(record)).isTrue();
    assertThat(store.load(record.key())).isEqualTo(record);
    assertThat(store.health().available()).isTrue();
  }

  @Test
  void providerTrustsTheConfiguredTruststoreAndVerifiesTheHostName() {
    assertThat(server.url()).startsWith("rediss://");
    Settings settings =
        Settings.of(
            Map.of(
                "SESSION_REDIS_TRUSTSTORE", tls.truststore().toString(),
                "SESSION_REDIS_TRUSTSTORE_PASSWORD", tls.truststorePassword(),
                "SESSION_REDIS_TRUSTSTORE_TYPE", "pkcs12"));
    for (String host : new String[] {"127.0.0.1", "localhost"}) {
      String url = "rediss://:" + PASSWORD + "@" + host + ":" + server.port();
      try (SessionStore store =
          new RedisSessionStoreProvider()
              .create(
                  new StoreContext("REDIS_URL", url, settings, Clock.systemUTC(), "tlsprefix"))) {
        roundTrip(store);
      }
    }
  }

  @Test
  void builderTakesAnSslSocketFactory() {
    try (RedisSessionStore store =
        RedisSessionStore.builder()
            .url(server.url())
            .sslSocketFactory(tls.sslContext().getSocketFactory())
            .build()) {
      roundTrip(store);
    }
  }

  @Test
  void anUntrustedCertificateIsRefused() {
    assertThatThrownBy(
            () ->
                RedisSessionStore.builder()
                    .url(server.url())
                    .connectTimeout(java.time.Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("rediss://:****@127.0.0.1:" + server.port())
        .hasMessageNotContaining(PASSWORD)
        .satisfies(
            e -> {
              boolean tlsFailure = false;
              for (Throwable t = e; t != null; t = t.getCause()) {
                tlsFailure |= t instanceof SSLException;
              }
              assertThat(tlsFailure)
                  .as("a TLS handshake failure in the cause chain of %s", e)
                  .isTrue();
            });
  }

  @Test
  void aPlainConnectionToTheTlsPortFails() {
    assertThatThrownBy(
            () ->
                RedisSessionStore.builder()
                    .url("redis://:" + PASSWORD + "@127.0.0.1:" + server.port())
                    .socketTimeout(java.time.Duration.ofSeconds(1))
                    .commandTimeout(java.time.Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining(PASSWORD);
  }
}
