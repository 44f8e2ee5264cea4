package io.github.sessionkit.store.redis;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * A plain Jedis client on a test server, to look at and tamper with keys behind the store's back.
 */
final class RawRedis implements AutoCloseable {

  private final RedisUrl url;
  private final JedisClientConfig config;
  private final UnifiedJedis client;

  RawRedis(String url) {
    this.url = RedisUrl.parse("test", url);
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder().database(this.url.database());
    if (this.url.password() != null) {
      b.user(this.url.user()).password(this.url.password());
    }
    this.config = b.build();
    this.client =
        this.url.mode() == RedisUrl.Mode.CLUSTER
            ? new JedisCluster(new LinkedHashSet<>(this.url.hosts()), config)
            : new JedisPooled(this.url.hosts().get(0), config);
  }

  UnifiedJedis client() {
    return client;
  }

  /** A direct connection to each node of the URL (each cluster node, or the one server). */
  Map<String, Jedis> nodes() {
    Map<String, Jedis> nodes = new HashMap<>();
    for (var host : url.hosts()) {
      nodes.put(host.toString(), new Jedis(new Connection(host, config)));
    }
    return nodes;
  }

  /** Calls of one command on every node, summed, from INFO commandstats. */
  long commandCalls(String command) {
    long total = 0;
    for (Jedis node : nodes().values()) {
      try (node) {
        for (String line : node.info("commandstats").split("\r?\n")) {
          if (line.startsWith("cmdstat_" + command + ":")) {
            int start = line.indexOf("calls=") + 6;
            int end = line.indexOf(',', start);
            total += Long.parseLong(line.substring(start, end));
          }
        }
      }
    }
    return total;
  }

  @Override
  public void close() {
    client.close();
  }
}
