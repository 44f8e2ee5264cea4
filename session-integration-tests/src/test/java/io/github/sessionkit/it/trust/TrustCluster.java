package io.github.sessionkit.it.trust;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.tiered.BreakerSettings;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Two "pods" on one real Redis and one real PostgreSQL, the way a user deploys the tiered store:
 * each node has its own local tier, Redis client and PostgreSQL pool, all at their default settings
 * except the few a test names (a short verify grace, a 1 s connect timeout). There is no proxy:
 * faults are done to the servers themselves, and by an "operator" who talks to Redis directly
 * ({@link #operator()}).
 */
final class TrustCluster implements AutoCloseable {

  /**
   * How long after a logout or a discontinuity the tests allow before asserting: the notice window.
   */
  static final Duration NOTICE_WINDOW = Duration.ofMillis(100);

  /** The verify grace the nodes are built with, short so that tests can check after it. */
  static final Duration VERIFY_GRACE = Duration.ofSeconds(1);

  /**
   * PostgreSQL connect timeout of every node (whole seconds); shorter than the default pool wait of
   * 2 s.
   */
  static final Duration JDBC_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  static final String KEY_PREFIX = "trust";

  final PostgresServer postgres;
  final RedisProcess redis;
  private final String redisUrl;
  final List<Node> nodes = new ArrayList<>();

  /** One pod. */
  static final class Node {
    final String name;
    final SessionManager manager;
    final TieredSessionStore tiered;
    final RedisSessionStore redis;
    final JdbcSessionStore postgres;

    private Node(
        String name,
        SessionManager manager,
        TieredSessionStore tiered,
        RedisSessionStore redis,
        JdbcSessionStore postgres) {
      this.name = name;
      this.manager = manager;
      this.tiered = tiered;
      this.redis = redis;
      this.postgres = postgres;
    }

    SessionKey key(String id) {
      return SessionKey.forId(manager.tenant(), id);
    }

    /** The version PostgreSQL holds, read from it directly; -1 when it holds none. */
    long durableVersion(String id) {
      SessionRecord record = postgres.load(key(id));
      return record == null ? -1 : record.version();
    }

    String breakerState(String tier) {
      for (TierStats stats : tiered.tierStats()) {
        if (stats.name().equals(tier)) {
          return stats.breakerState();
        }
      }
      throw new IllegalArgumentException("no tier " + tier + " in " + tiered.tierStats());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A private PostgreSQL and the given Redis (not yet started, or started). */
  TrustCluster(RedisProcess redis) {
    this(redis, p -> "redis://" + p.host() + ":" + p.port());
  }

  /** As above, with the URL the nodes use to reach Redis (for a Sentinel URL, say). */
  TrustCluster(RedisProcess redis, Function<RedisProcess, String> redisUrl) {
    this.postgres = PostgresServer.startEmbedded();
    this.redis = redis.isRunning() ? redis : redis.start();
    this.redisUrl = redisUrl.apply(redis);
  }

  /** A node at default settings but for {@link #VERIFY_GRACE} and {@link #JDBC_CONNECT_TIMEOUT}. */
  Node node(String name) {
    return node(name, BreakerSettings.defaults());
  }

  Node node(String name, BreakerSettings breaker) {
    return node(name, breaker, redisUrl, Duration.ofSeconds(2));
  }

  /**
   * A node that reaches Redis through {@code proxy} (started towards this cluster's Redis), so it
   * alone can be cut off.
   */
  Node nodeBehind(String name, FaultProxy proxy) {
    // A short socket timeout, as the README advises for a tiered store: it bounds what each call
    // costs before the breaker opens on the black-holed link.
    return node(
        name,
        BreakerSettings.defaults(),
        "redis://" + proxy.host() + ":" + proxy.port(),
        Duration.ofMillis(300));
  }

  private Node node(
      String name, BreakerSettings breaker, String redisUrl, Duration redisSocketTimeout) {
    MemorySessionStore local = MemorySessionStore.builder().build();
    RedisSessionStore redisStore =
        RedisSessionStore.builder()
            .url(redisUrl)
            .keyPrefix(KEY_PREFIX)
            .socketTimeout(redisSocketTimeout)
            .soleStore(false)
            .principalIndex(false)
            .build();
    JdbcSessionStore postgresStore =
        JdbcSessionStore.builder()
            .url(postgres.databaseUrl())
            .settings(
                Settings.of(
                    Map.of("SESSION_JDBC_CONNECT_TIMEOUT", JDBC_CONNECT_TIMEOUT.toSeconds() + "s")))
            .build();
    TieredSessionStore tiered =
        TieredSessionStore.builder()
            .localTier(local)
            .remoteTier(redisStore)
            .remoteTier(postgresStore)
            .breaker(breaker)
            .verifyGrace(VERIFY_GRACE)
            .build();
    SessionManager manager = SessionManager.builder().store(tiered).build();
    Node node = new Node(name, manager, tiered, redisStore, postgresStore);
    nodes.add(node);
    return node;
  }

  // --- what an operator does to Redis, on a connection of its own -------------------------------

  /** A new connection to Redis, as {@code redis-cli} would open; close it. */
  Jedis operator() {
    return new Jedis(redis.host(), redis.port());
  }

  /**
   * The name of a session's hash in Redis ({@code prefix:tenant:{hash}}), for the operator's
   * commands.
   */
  static String redisKey(SessionKey key) {
    return KEY_PREFIX + ":" + key.tenant() + ":{" + key.hash() + "}";
  }

  /**
   * Whether Redis has anything under the session's key (a live hash or a tombstone). Does not touch
   * its LRU clock.
   */
  boolean inRedis(SessionKey key) {
    try (Jedis jedis = operator()) {
      return jedis.exists(redisKey(key));
    }
  }

  void flushRedis() {
    try (Jedis jedis = operator()) {
      jedis.flushDB();
    }
  }

  /** A synchronous RDB snapshot ({@code SAVE}). */
  void snapshotRedis() {
    try (Jedis jedis = operator()) {
      jedis.save();
    }
  }

  /**
   * Writes filler keys (an unrelated application sharing the Redis) until Redis, under its {@code
   * maxmemory} and {@code allkeys-lru}, has evicted every one of the given sessions.
   *
   * @return how many filler keys it took
   * @throws AssertionError if they are not all gone after 50,000 filler keys (400 MB)
   */
  int evictFromRedis(Collection<SessionKey> keys) {
    byte[] value = new byte[8192];
    Arrays.fill(value, (byte) 'x');
    int written = 0;
    try (Jedis jedis = operator()) {
      while (true) {
        int present = 0;
        for (SessionKey key : keys) {
          if (jedis.exists(redisKey(key))) {
            present++;
          }
        }
        if (present == 0) {
          return written;
        }
        if (written >= 50_000) {
          throw new AssertionError(
              present
                  + " of "
                  + keys.size()
                  + " sessions still in Redis after "
                  + written
                  + " filler keys; is maxmemory set?");
        }
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < 500; i++) {
          pipeline.set(("filler:" + written++).getBytes(StandardCharsets.US_ASCII), value);
        }
        pipeline.sync();
      }
    }
  }

  /** Which of the sessions Redis has anything for, asked on one connection. */
  Set<SessionKey> presentInRedis(Collection<SessionKey> keys) {
    Set<SessionKey> present = new HashSet<>();
    try (Jedis jedis = operator()) {
      for (SessionKey key : keys) {
        if (jedis.exists(redisKey(key))) {
          present.add(key);
        }
      }
    }
    return present;
  }

  /** Deletes the filler keys {@link #evictFromRedis} wrote, and nothing else. */
  void removeFiller() {
    try (Jedis jedis = operator()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams match = new ScanParams().match("filler:*").count(5_000);
      do {
        ScanResult<String> page = jedis.scan(cursor, match);
        if (!page.getResult().isEmpty()) {
          jedis.unlink(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }

  // --- checking what the nodes serve -------------------------------------------------------------

  /**
   * Checks what every node serves for the session against PostgreSQL, read directly: nothing for a
   * session logged out, else the version PostgreSQL holds. Adds what is wrong to {@code wrong}, and
   * reads that threw to {@code failedReads}.
   */
  void check(
      String id,
      Set<String> loggedOut,
      String phase,
      List<String> wrong,
      List<String> failedReads) {
    Node first = nodes.get(0);
    long durable = first.durableVersion(id);
    boolean gone = loggedOut.contains(id);
    if ((durable < 0) != gone) {
      throw new AssertionError(
          "PostgreSQL "
              + (gone ? "still holds" : "lost")
              + " session "
              + id.substring(0, 6)
              + "... (version "
              + durable
              + ")");
    }
    for (Node node : nodes) {
      Long served;
      try {
        served = servedVersion(node, id);
      } catch (RuntimeException e) {
        failedReads.add(phase + ": " + node + ": " + e);
        continue;
      }
      String what = phase + ": " + id.substring(0, 6) + "... on " + node + ": ";
      if (gone && served != null) {
        wrong.add(what + "logged out, served at version " + served);
      } else if (!gone && served == null) {
        wrong.add(what + "not served, PostgreSQL holds version " + durable);
      } else if (!gone && served < durable) {
        wrong.add(what + "served at version " + served + ", PostgreSQL holds " + durable);
      }
    }
  }

  /**
   * What Redis holds under each session's key, as text (type and content), read by the operator.
   */
  Map<String, @Nullable String> rawRedis(List<String> ids) {
    try (Jedis jedis = operator()) {
      return rawRedis(jedis, ids);
    }
  }

  /** As {@link #rawRedis(List)}, on the given connection (to a replica, say). */
  Map<String, @Nullable String> rawRedis(Jedis jedis, List<String> ids) {
    Map<String, @Nullable String> raw = new HashMap<>();
    for (String id : ids) {
      String key = redisKey(nodes.get(0).key(id));
      String type = jedis.type(key);
      String value =
          switch (type) {
            case "none" -> null;
            case "hash" -> "hash " + new TreeMap<>(jedis.hgetAll(key));
            case "string" -> "string " + jedis.get(key);
            default -> type;
          };
      raw.put(id, value);
    }
    return raw;
  }

  // --- waiting
  // ------------------------------------------------------------------------------------

  /** Waits until the tier's breaker on the node is in the state; fails after {@code within}. */
  static void awaitBreaker(Node node, String tier, String state, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!node.breakerState(tier).equals(state)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "breaker of "
                + tier
                + " on node "
                + node
                + " not "
                + state
                + " within "
                + within
                + "; states "
                + node.tiered.tierStats());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until the node serves sessions from Redis again after a Redis fault: its Redis breaker is
   * closed and a read reaches Redis (the first calls may still fail while the client reconnects).
   */
  void awaitRedisServing(Duration within) throws InterruptedException {
    for (Node node : nodes) {
      awaitBreaker(node, "redis", "CLOSED", within);
    }
    try (Jedis jedis = awaitOperator(within)) {
      jedis.ping();
    }
  }

  private Jedis awaitOperator(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Jedis jedis = operator();
      try {
        jedis.ping();
        return jedis;
      } catch (RuntimeException e) {
        jedis.close();
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }

  /** The node's answer for the session: its version, or null when it serves none. */
  static @Nullable Long servedVersion(Node node, String id) {
    return node.manager.find(id).map(s -> s.version()).orElse(null);
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
    redis.close();
    postgres.close();
  }
}
