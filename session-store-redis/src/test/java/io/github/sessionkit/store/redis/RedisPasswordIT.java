package io.github.sessionkit.store.redis;

import static io.github.sessionkit.store.redis.StoreTestSupport.newKey;
import static io.github.sessionkit.store.redis.StoreTestSupport.randomTenant;
import static io.github.sessionkit.store.redis.StoreTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.StoreCredentialsException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A server that requires a password: the right one works, wrong or missing ones fail clearly and
 * never show it.
 */
class RedisPasswordIT {

  private static final String PASSWORD = "Pw-" + StoreTestSupport.randomTenant();
  private static final String ACL_PASSWORD = "Acl-" + StoreTestSupport.randomTenant();
  private static RedisProcess server;

  @BeforeAll
  static void start() {
    server = RedisProcess.builder().password(PASSWORD).start();
    try (Jedis admin = new Jedis(server.host(), server.port())) {
      admin.auth(PASSWORD);
      admin.aclSetUser("sessions", "on", ">" + ACL_PASSWORD, "~*", "&*", "+@all");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url(String userInfo) {
    return "redis://" + userInfo + "@127.0.0.1:" + server.port() + "/0";
  }

  private static void roundTrip(String url) {
    try (RedisSessionStore store = RedisSessionStore.builder().url(url).build()) {
      SessionRecord record =
          record(newKey(randomTenant()), "alice", Map.of("a", "1"), Clock.systemUTC());
      assertThat(store.insert(record)).isTrue();
      assertThat(store.load(record.key())).isEqualTo(record);
      StoreHealth health = store.health();
      assertThat(health.available()).isTrue();
      assertThat(health.toString()).doesNotContain(PASSWORD).doesNotContain(ACL_PASSWORD);
      assertThat(store.toString())
          .doesNotContain(PASSWORD)
          .doesNotContain(ACL_PASSWORD)
          .contains("****");
    }
  }

  @Test
  void theLegacyPasswordFormWorks() {
    roundTrip(url(":" + PASSWORD));
  }

  @Test
  void theDefaultUserNamedExplicitlyWorks() {
    roundTrip(url("default:" + PASSWORD));
  }

  @Test
  void anAclUserWorks() {
    roundTrip(url("sessions:" + ACL_PASSWORD));
  }

  @Test
  void aWrongPasswordIsAClearErrorThatDoesNotShowIt() {
    String wrong = "Wrong-" + PASSWORD;
    assertThatThrownBy(() -> RedisSessionStore.builder().url(url(":" + wrong)).build())
        .isInstanceOf(StoreCredentialsException.class)
        .satisfies(e -> assertThat(((StoreException) e).store()).isEqualTo("redis"))
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("rejected the credentials")
        .hasMessageContaining("redis://:****@127.0.0.1:" + server.port())
        .hasMessageContaining("REDIS_URL")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> RedisSessionStore.builder().url(url("sessions:" + PASSWORD)).build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("rejected the credentials")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aMissingPasswordIsAClearError() {
    assertThatThrownBy(
            () -> RedisSessionStore.builder().url("redis://127.0.0.1:" + server.port()).build())
        .isInstanceOf(StoreCredentialsException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("rejected the credentials")
        .hasMessageContaining("NOAUTH");
  }
}
