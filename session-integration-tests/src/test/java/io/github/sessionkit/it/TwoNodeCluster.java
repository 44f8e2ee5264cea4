package io.github.sessionkit.it;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.TierListener;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.CountingSessionStore;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.tiered.BreakerSettings;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real servers and two "pods": a private PostgreSQL and a Redis process this class may stop and
 * restart, a fault proxy in front of each, and two managers, each with its own local tier, Redis
 * client and PostgreSQL pool, as two processes would have.
 */
final class TwoNodeCluster implements AutoCloseable {

  /** Socket timeout of the Redis tier: what one call costs at most before the breaker opens. */
  static final Duration REDIS_TIMEOUT = Duration.ofMillis(150);

  static final Duration BREAKER_OPEN = Duration.ofSeconds(1);

  final PostgresServer postgres;
  final RedisProcess redis;
  final FaultProxy redisProxy;
  final FaultProxy postgresProxy;
  final List<Node> nodes = new ArrayList<>();

  /** One pod: its manager, its tiered store and the stores in it. */
  static final class Node {
    final String name;
    final SessionManager manager;
    final TieredSessionStore tiered;
    final MemorySessionStore local;
    final RedisSessionStore redis;
    final CountingSessionStore postgres;

    /** Breaker transitions as {@code tier:FROM->TO}, in order. */
    final List<String> breakerEvents;

    Node(
        String name,
        SessionManager manager,
        TieredSessionStore tiered,
        MemorySessionStore local,
        RedisSessionStore redis,
        CountingSessionStore postgres,
        List<String> breakerEvents) {
      this.name = name;
      this.breakerEvents = breakerEvents;
      this.manager = manager;
      this.tiered = tiered;
      this.local = local;
      this.redis = redis;
      this.postgres = postgres;
    }
  }

  TwoNodeCluster() {
    postgres = PostgresServer.startEmbedded();
    redis = RedisProcess.startDefault();
    redisProxy = FaultProxy.start(redis.host(), redis.port());
    postgresProxy = FaultProxy.start(postgres.host(), postgres.port());
  }

  Node node(String name) {
    return node(name, Duration.ofMinutes(5));
  }

  Node node(String name, Duration localTtl) {
    MemorySessionStore local = MemorySessionStore.builder().maximumTtl(localTtl).build();
    RedisSessionStore redisStore =
        RedisSessionStore.builder()
            .url("redis://" + redisProxy.host() + ":" + redisProxy.port())
            .connectTimeout(REDIS_TIMEOUT)
            .socketTimeout(REDIS_TIMEOUT)
            .commandTimeout(REDIS_TIMEOUT.multipliedBy(2))
            .retries(0)
            .subscriptionPingInterval(Duration.ofMillis(300))
            .soleStore(false)
            .principalIndex(false)
            .build();
    String postgresUrl =
        "postgresql://"
            + postgres.user()
            + (postgres.password() == null ? "" : ":" + postgres.password())
            + "@"
            + postgresProxy.host()
            + ":"
            + postgresProxy.port()
            + "/"
            + postgres.database();
    JdbcSessionStore postgresStore =
        JdbcSessionStore.builder()
            .url(postgresUrl)
            .settings(
                Settings.of(
                    Map.of(
                        "SESSION_JDBC_POOL_MAX_SIZE", "10",
                        "SESSION_JDBC_POOL_TIMEOUT", "500ms",
                        "SESSION_JDBC_CONNECT_TIMEOUT", "1s",
                        "SESSION_JDBC_STATEMENT_TIMEOUT", "5s",
                        "SESSION_JDBC_SOCKET_TIMEOUT", "7s")))
            .build();
    CountingSessionStore countedPostgres = new CountingSessionStore(postgresStore);
    List<String> events = new CopyOnWriteArrayList<>();
    TieredSessionStore tiered =
        TieredSessionStore.builder()
            .localTier(local)
            .remoteTier(redisStore)
            .remoteTier(countedPostgres)
            .breaker(
                BreakerSettings.defaults()
                    .withOpenDuration(BREAKER_OPEN)
                    .withWindow(10, 4)
                    .withSlowCallThreshold(REDIS_TIMEOUT))
            .localTtl(localTtl)
            .repairInterval(Duration.ofMillis(200))
            .listener(
                new TierListener() {
                  @Override
                  public void breakerStateChanged(String tier, String fromState, String toState) {
                    events.add(tier + ":" + fromState + "->" + toState);
                  }
                })
            .build();
    SessionManager manager =
        SessionManager.builder().store(tiered).idleTimeout(Duration.ofMinutes(30)).build();
    Node node = new Node(name, manager, tiered, local, redisStore, countedPostgres, events);
    nodes.add(node);
    return node;
  }

  static SessionStore unwrap(SessionStore store) {
    return store instanceof CountingSessionStore counting ? counting.delegate() : store;
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      try {
        node.manager.close();
      } catch (RuntimeException e) {
        // keep closing the rest
      }
    }
    redisProxy.close();
    postgresProxy.close();
    redis.close();
    postgres.close();
  }
}
