package io.github.sessionkit.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The Jedis client for one kind of deployment (standalone, Sentinel, Cluster) plus what the store
 * needs beyond ordinary commands: a connection to each primary (for INFO, SCAN, CONFIG GET), a
 * connection to hold a subscription, and a way to drop idle connections after the server went away.
 * Thread-safe.
 */
abstract class RedisDeployment implements AutoCloseable {

  /** Redirections a cluster command may follow; Jedis's default. */
  private static final int CLUSTER_MAX_ATTEMPTS = 5;

  abstract UnifiedJedis client();

  abstract boolean isCluster();

  /** A connection to each primary; the caller closes every one. */
  abstract List<Connection> primaries();

  /** A connection for a long-lived subscription, taken from the pool; the caller closes it. */
  abstract Connection subscriptionConnection();

  /** Pools whose idle connections may be stale after a failure. */
  abstract List<Pool<Connection>> pools();

  /**
   * Closes idle pooled connections, so a restarted server costs one failed call, not one per
   * connection.
   */
  void discardIdleConnections() {
    for (Pool<Connection> pool : pools()) {
      try {
        pool.clear();
      } catch (RuntimeException ignored) {
        // Best effort: a pool being closed concurrently has nothing left to clear.
      }
    }
  }

  /** Active, idle and waiting counts of the pools, for messages about exhaustion. */
  String poolState(int maxSize) {
    int active = 0;
    int idle = 0;
    int waiting = 0;
    for (Pool<Connection> pool : pools()) {
      active += pool.getNumActive();
      idle += pool.getNumIdle();
      waiting += pool.getNumWaiters();
    }
    return "pool "
        + (pools().size() > 1 ? "(" + pools().size() + " nodes) " : "")
        + "active="
        + active
        + ", idle="
        + idle
        + ", waiting="
        + waiting
        + ", max="
        + maxSize
        + " per node";
  }

  @Override
  public void close() {
    client().close();
  }

  static GenericObjectPoolConfig<Connection> poolConfig(int maxSize, Duration maxWait) {
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(maxSize);
    config.setMaxIdle(maxSize);
    config.setMinIdle(0);
    config.setMaxWait(maxWait);
    config.setBlockWhenExhausted(true);
    // Idle connections are checked in the background, never on borrow: a PING per borrow
    // would double the round trips of every operation.
    config.setTestOnBorrow(false);
    config.setTestWhileIdle(true);
    config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    config.setMinEvictableIdleDuration(Duration.ofMinutes(5));
    config.setJmxEnabled(false);
    return config;
  }

  static RedisDeployment connect(
      RedisUrl url,
      JedisClientConfig clientConfig,
      JedisClientConfig sentinelConfig,
      GenericObjectPoolConfig<Connection> poolConfig,
      Duration commandTimeout) {
    return switch (url.mode()) {
      case STANDALONE ->
          SinglePrimary.standalone(
              new PooledConnectionProvider(url.hosts().get(0), clientConfig, poolConfig));
      case SENTINEL ->
          SinglePrimary.sentinel(
              new SentineledConnectionProvider(
                  url.masterName(),
                  clientConfig,
                  poolConfig,
                  new LinkedHashSet<>(url.hosts()),
                  sentinelConfig));
      case CLUSTER ->
          new Cluster(
              new ClusterConnectionProvider(
                  new LinkedHashSet<>(url.hosts()), clientConfig, poolConfig),
              commandTimeout);
    };
  }

  /**
   * A deployment with one primary at a time, standalone or found through Sentinel: both hand out
   * connections to that primary from their provider.
   */
  private static final class SinglePrimary extends RedisDeployment {
    private final ConnectionProvider provider;
    private final UnifiedJedis client;
    private final Supplier<List<Pool<Connection>>> pools;

    SinglePrimary(
        ConnectionProvider provider, UnifiedJedis client, Supplier<List<Pool<Connection>>> pools) {
      this.provider = provider;
      this.client = client;
      this.pools = pools;
    }

    static SinglePrimary standalone(PooledConnectionProvider provider) {
      return new SinglePrimary(
          provider, new UnifiedJedis(provider), () -> List.of(provider.getPool()));
    }

    static SinglePrimary sentinel(SentineledConnectionProvider provider) {
      return new SinglePrimary(
          provider,
          new JedisSentineled(provider),
          () -> {
            List<Pool<Connection>> pools = new ArrayList<>();
            for (Object pool : provider.getConnectionMap().values()) {
              if (pool instanceof Pool<?> p) {
                @SuppressWarnings("unchecked")
                Pool<Connection> typed = (Pool<Connection>) p;
                pools.add(typed);
              }
            }
            return pools;
          });
    }

    @Override
    UnifiedJedis client() {
      return client;
    }

    @Override
    boolean isCluster() {
      return false;
    }

    @Override
    List<Connection> primaries() {
      return List.of(provider.getConnection());
    }

    @Override
    Connection subscriptionConnection() {
      return provider.getConnection();
    }

    @Override
    List<Pool<Connection>> pools() {
      return pools.get();
    }
  }

  private static final class Cluster extends RedisDeployment {
    private final ClusterConnectionProvider provider;
    private final JedisCluster client;

    Cluster(ClusterConnectionProvider provider, Duration commandTimeout) {
      this.provider = provider;
      this.client = new JedisCluster(provider, CLUSTER_MAX_ATTEMPTS, commandTimeout);
    }

    @Override
    UnifiedJedis client() {
      return client;
    }

    @Override
    boolean isCluster() {
      return true;
    }

    @Override
    List<Connection> primaries() {
      List<Connection> connections = new ArrayList<>();
      try {
        for (Map.Entry<String, ConnectionPool> node :
            provider.getPrimaryNodesConnectionMap().entrySet()) {
          connections.add(node.getValue().getResource());
        }
      } catch (RuntimeException e) {
        connections.forEach(Connection::close);
        throw e;
      }
      return connections;
    }

    @Override
    Connection subscriptionConnection() {
      // Classic pub/sub is broadcast across a cluster, so any primary will do.
      return provider.getConnection();
    }

    @Override
    List<Pool<Connection>> pools() {
      return new ArrayList<Pool<Connection>>(provider.getNodes().values());
    }
  }

  /** The host list of a URL, for health output. */
  static String describeHosts(List<HostAndPort> hosts) {
    StringBuilder b = new StringBuilder();
    for (HostAndPort h : hosts) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(h);
    }
    return b.toString();
  }
}
