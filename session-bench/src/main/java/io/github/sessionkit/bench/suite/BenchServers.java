package io.github.sessionkit.bench.suite;

import io.github.sessionkit.bench.RedisKeys;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The servers a benchmark fork measures on. {@link BenchmarkSuite} starts one redis-server and one
 * PostgreSQL and hands them to every fork through the system properties {@value
 * #REDIS_URL_PROPERTY} and {@value PostgresServer#EXTERNAL_URL_VARIABLE}, so every subject and
 * every floor runs on the same two servers. A benchmark run on its own (without the suite) falls
 * back to {@code SESSIONKIT_TEST_REDIS_URL} and {@code SESSIONKIT_TEST_JDBC_URL}, else to embedded
 * servers started in the fork.
 */
final class BenchServers {

  /** The system property naming the redis-server, {@code redis://host:port}. */
  static final String REDIS_URL_PROPERTY = "sessionkit.bench.redisUrl";

  private final String redisUrl;

  private BenchServers(String redisUrl) {
    this.redisUrl = redisUrl;
  }

  /** The servers of this JVM, as the suite (or the environment) names them. */
  static BenchServers current() {
    String url = System.getProperty(REDIS_URL_PROPERTY, "");
    return new BenchServers(url.isBlank() ? RedisTestServers.standaloneUrl() : url);
  }

  String redisUrl() {
    return redisUrl;
  }

  PostgresServer postgres() {
    return PostgresServer.shared();
  }

  /** A plain Jedis connection to the server, for set-up and clean-up; the caller closes it. */
  Jedis jedis() {
    URI uri = URI.create(redisUrl);
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder();
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      config.password(info.substring(info.indexOf(':') + 1));
    }
    return new Jedis(new HostAndPort(uri.getHost(), uri.getPort()), config.build());
  }

  /** Deletes every key matching the glob, so one subject's sessions do not weigh on the next. */
  void deleteRedisKeys(String pattern) {
    try (Jedis jedis = jedis()) {
      RedisKeys.deleteMatching(jedis, pattern);
    }
  }

  /** Settles freshly filled tables, so autovacuum does not start during the measured iterations. */
  void vacuum() {
    PostgresServer.execute(postgres().dataSource(), "VACUUM ANALYZE");
  }
}
