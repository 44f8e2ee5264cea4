package io.github.sessionkit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;

class RedisUrlTest {

  private static RedisUrl parse(String url) {
    return RedisUrl.parse("REDIS_URL", url);
  }

  @Test
  void plainUrlWithDefaults() {
    RedisUrl url = parse("redis://cache.internal");
    assertThat(url.mode()).isEqualTo(RedisUrl.Mode.STANDALONE);
    assertThat(url.tls()).isFalse();
    assertThat(url.hosts()).containsExactly(new HostAndPort("cache.internal", 6379));
    assertThat(url.database()).isZero();
    assertThat(url.user()).isNull();
    assertThat(url.password()).isNull();
  }

  @Test
  void portAndDatabase() {
    RedisUrl url = parse("redis://10.0.0.7:6380/15");
    assertThat(url.hosts()).containsExactly(new HostAndPort("10.0.0.7", 6380));
    assertThat(url.database()).isEqualTo(15);
    assertThat(parse("redis://h:1/").database()).isZero();
  }

  @Test
  void legacyPasswordFormAuthenticatesAsTheDefaultUser() {
    RedisUrl url = parse("redis://:s3cret@localhost:6379/2");
    assertThat(url.user()).isNull();
    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.database()).isEqualTo(2);
    assertThat(url.masked()).isEqualTo("redis://:****@localhost:6379/2").doesNotContain("s3cret");
    assertThat(url.toString()).doesNotContain("s3cret");
  }

  @Test
  void aclUserAndPercentEncodedPassword() {
    RedisUrl url = parse("rediss://app-user:p%40ss%2Fw%3Ard@redis.example.com:6390/1");
    assertThat(url.tls()).isTrue();
    assertThat(url.user()).isEqualTo("app-user");
    assertThat(url.password()).isEqualTo("p@ss/w:rd");
    assertThat(url.hosts()).containsExactly(new HostAndPort("redis.example.com", 6390));
    assertThat(url.database()).isEqualTo(1);
    assertThat(url.masked()).isEqualTo("rediss://app-user:****@redis.example.com:6390/1");
  }

  @Test
  void anAtSignInAnUnencodedPasswordStillParses() {
    RedisUrl url = parse("redis://:pa@ss@localhost");
    assertThat(url.password()).isEqualTo("pa@ss");
    assertThat(url.hosts()).containsExactly(new HostAndPort("localhost", 6379));
    assertThat(url.masked()).doesNotContain("pa@ss").doesNotContain("ss@");
  }

  @Test
  void ipv6Host() {
    assertThat(parse("redis://[::1]:7000").hosts()).containsExactly(new HostAndPort("::1", 7000));
  }

  @Test
  void sentinelWithHostsMasterAndDatabase() {
    RedisUrl url = parse("redis-sentinel://:pw@s1:26379,s2,s3:26380/mymaster/3");
    assertThat(url.mode()).isEqualTo(RedisUrl.Mode.SENTINEL);
    assertThat(url.hosts())
        .containsExactly(
            new HostAndPort("s1", 26379),
            new HostAndPort("s2", 26379),
            new HostAndPort("s3", 26380));
    assertThat(url.masterName()).isEqualTo("mymaster");
    assertThat(url.database()).isEqualTo(3);
    assertThat(url.password()).isEqualTo("pw");
    assertThat(parse("rediss-sentinel://s1/m").tls()).isTrue();
    assertThat(parse("redis-sentinel://s1/m").database()).isZero();
  }

  @Test
  void clusterWithSeedNodes() {
    RedisUrl url = parse("redis-cluster://user:pw@n1:7000,n2:7001,n3");
    assertThat(url.mode()).isEqualTo(RedisUrl.Mode.CLUSTER);
    assertThat(url.hosts())
        .containsExactly(
            new HostAndPort("n1", 7000), new HostAndPort("n2", 7001), new HostAndPort("n3", 6379));
    assertThat(url.user()).isEqualTo("user");
    assertThat(parse("rediss-cluster://n1:7000/").tls()).isTrue();
    assertThat(parse("redis-cluster://n1:7000/0").database()).isZero();
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(parse("REDIS://localhost").mode()).isEqualTo(RedisUrl.Mode.STANDALONE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:6379",
        "http://localhost",
        "redis://",
        "redis://:@localhost",
        "redis://justapassword@localhost",
        "redis://h1,h2",
        "redis://localhost:0",
        "redis://localhost:65536",
        "redis://localhost:port",
        "redis://localhost/abc",
        "redis://localhost/1/2",
        "redis://localhost/99999999",
        "redis://localhost?timeout=5",
        "redis://local_host!",
        "redis://[::1",
        "redis-sentinel://s1,s2",
        "redis-sentinel://s1/",
        "redis-sentinel://s1/m/x",
        "redis-cluster://n1/3",
        "redis://:bad%zzpassword@localhost",
      })
  void malformedUrlsAreRejectedNamingTheSetting(String url) {
    assertThatThrownBy(() -> parse(url))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("REDIS_URL=")
        .hasMessageContaining("accepted forms")
        .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("REDIS_URL"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://:topsecret@localhost/abc",
        "redis://user:topsecret@h1,h2",
        "redis://topsecret@localhost",
        "redis-sentinel://:topsecret@s1",
        "redis://:topsecret@localhost?x=1",
        "http://:topsecret@localhost",
        "redis://:topsecret%zz@localhost",
      })
  void errorsNeverShowThePassword(String url) {
    assertThatThrownBy(() -> parse(url))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("topsecret")
        .hasMessageContaining("****");
  }

  @Test
  void maskingCoversEveryUserInfoForm() {
    for (String url :
        List.of("redis://:x1y2@h", "redis://u:x1y2@h", "redis://x1y2@h", "rediss://u:x1y2@h:1/2")) {
      assertThat(RedisUrl.mask(url)).doesNotContain("x1y2").contains("****");
    }
    assertThat(RedisUrl.mask("redis://localhost:6379/0")).isEqualTo("redis://localhost:6379/0");
  }
}
