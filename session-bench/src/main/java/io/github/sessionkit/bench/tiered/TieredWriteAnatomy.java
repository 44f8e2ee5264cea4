package io.github.sessionkit.bench.tiered;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.bench.RedisKeys;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.Jedis;

/**
 * Where the time of the tiered store's write goes, for a session held locally: the raw floors
 * (Jedis SET, JDBC UPDATE, and the two in sequence), the PostgreSQL and Redis stores' own writes on
 * their own, the two in the sequence the tiered store runs them (PostgreSQL's merge without its
 * notice, then Redis's delta fill), the tiered store's merge, and the manager's typical request on
 * the tiered store. Short interleaved rounds (rotating which goes first) on one thread and the same
 * two servers, so machine noise lands on every variant alike; each reports the median round's wall
 * time per call.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.tiered.TieredWriteAnatomy [rounds]} (default 30 rounds of 1,000
 * calls). With {@code -Danatomy.calls=true} it prints Redis's command counts around each round, to
 * check how many scripts and commands each variant costs.
 */
public final class TieredWriteAnatomy {

  private static final int SESSIONS = 2_000;
  private static final int CALLS_PER_ROUND = 1_000;
  private static final String PREFIX = "bench-anatomy";

  /**
   * Commands that in this tool run only inside the store's scripts (Redis 6.2 counts them on their
   * own as well as in the script's time).
   */
  private static final Set<String> SCRIPT_COMMANDS =
      Set.of("hmget", "hset", "hdel", "pexpire", "publish", "exists", "del", "hgetall");

  private static final String[] NAMES = {
    "floor Redis SET (raw Jedis, 200 bytes)",
    "floor PostgreSQL UPDATE (raw JDBC, 200-byte row)",
    "floor UPDATE then SET",
    "floor EVALSHA of a script that returns 1",
    "EVALSHA: HMGET of the 8 metadata fields, return 1",
    "PostgreSQL store mergeUnannounced (base kept)",
    "Redis tier merge (base kept)",
    "PostgreSQL mergeUnannounced, then Redis fill(delta)",
    "tiered load (local hit) + merge",
    "manager typical request on the tiered store",
  };

  private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private final Jedis jedis;
  private final HikariDataSource floorPool;
  private final String floorTable;
  private final String emptyScript;
  private final String metadataScript;
  private final JdbcSessionStore pgAlone;
  private final RedisSessionStore redisAlone;
  private final RedisSessionStore redisOnly;
  private final TieredSessionStore tiered;
  private final SessionManager tieredManager;

  /** The PostgreSQL store's sessions: the first half for its merge alone, the rest for the pair. */
  private final SessionKey[] pairKeys = new SessionKey[2 * SESSIONS];

  private final SessionRecord[] pgRecords = new SessionRecord[2 * SESSIONS];
  private final SessionRecord[] redisRecords = new SessionRecord[SESSIONS];
  private final SessionRecord[] redisOnlyRecords = new SessionRecord[SESSIONS];
  private final SessionKey[] tieredKeys = new SessionKey[SESSIONS];
  private final String[] tieredIds = new String[SESSIONS];
  private final String value = "x".repeat(200);
  private final String otherValue = "y".repeat(200);
  private final boolean countCalls = Boolean.getBoolean("anatomy.calls");
  private long sink;
  private int next;
  private boolean dark;

  private TieredWriteAnatomy(
      String redisUrl, PostgresServer server, TestSchema pairSchema, TestSchema tieredSchema)
      throws SQLException {
    URI uri = URI.create(redisUrl);
    jedis = new Jedis(uri.getHost(), uri.getPort());
    emptyScript = jedis.scriptLoad("return 1");
    // The store's scripts all start by reading a session's metadata so (see RedisScript.state).
    metadataScript =
        jedis.scriptLoad(
            "redis.call('HMGET', KEYS[1], '#v', '#a', '#i', '#x', '#c', '#d', '#g', '#p')"
                + " return 1");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrlWithCredentials());
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    floorPool = new HikariDataSource(config);
    floorTable = pairSchema.name() + ".floor";
    pgAlone = jdbcStore(server, pairSchema);
    redisAlone = redisTier(redisUrl, PREFIX + "-pair");
    redisOnly = redisTier(redisUrl, PREFIX + "-redis");
    SessionManager pairManager =
        SessionManager.builder().store(pgAlone).clock(clock).automaticPurge(false).build();
    String[] pairIds = BenchSessions.create(pairManager, 2 * SESSIONS);
    for (int i = 0; i < 2 * SESSIONS; i++) {
      pairKeys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, pairIds[i]);
      pgRecords[i] = Objects.requireNonNull(pgAlone.load(pairKeys[i]));
    }
    for (int i = 0; i < SESSIONS; i++) {
      SessionKey key = pairKeys[SESSIONS + i];
      redisAlone.fill(pgRecords[SESSIONS + i]);
      redisRecords[i] = Objects.requireNonNull(redisAlone.load(key));
      redisOnly.fill(pgRecords[i]);
      redisOnlyRecords[i] = Objects.requireNonNull(redisOnly.load(pairKeys[i]));
    }
    tiered =
        TieredSessionStore.builder()
            .clock(clock)
            .localTier(
                MemorySessionStore.builder().clock(clock).maximumTtl(Duration.ofMinutes(5)).build())
            .remoteTier(redisTier(redisUrl, PREFIX + "-tiered"))
            .remoteTier(jdbcStore(server, tieredSchema))
            .build();
    tieredManager =
        SessionManager.builder().store(tiered).clock(clock).automaticPurge(false).build();
    String[] created = BenchSessions.create(tieredManager, SESSIONS);
    for (int i = 0; i < SESSIONS; i++) {
      tieredIds[i] = created[i];
      tieredKeys[i] = SessionKey.forId(SessionKey.DEFAULT_TENANT, created[i]);
    }
    try (Connection c = floorPool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + floorTable + " (id text COLLATE \"C\" PRIMARY KEY, value text)");
      s.execute(
          "INSERT INTO "
              + floorTable
              + " SELECT 'k' || i, '"
              + value
              + "' FROM generate_series(0, "
              + (SESSIONS - 1)
              + ") AS i");
      s.execute("VACUUM ANALYZE");
    }
    for (int i = 0; i < SESSIONS; i++) {
      jedis.set(PREFIX + "-floor:" + i, value);
      // A hash laid out as the store writes a session, for the metadata read alone.
      String now = Long.toString(clock.millis());
      jedis.hset(
          PREFIX + "-meta:" + i,
          Map.of(
              "#v",
              "3",
              "#c",
              now,
              "#a",
              now,
              "#i",
              "1800000",
              "#x",
              "9999999999999",
              "#p",
              "user" + i,
              "@cart",
              "[\"book\",\"pen\"]",
              "@theme",
              "\"dark\""));
    }
  }

  private JdbcSessionStore jdbcStore(PostgresServer server, TestSchema schema) {
    return JdbcSessionStore.builder()
        .url(server.jdbcUrlWithCredentials())
        .settings(
            Settings.of(
                Map.of(
                    "SESSION_JDBC_SCHEMA",
                    schema.name(),
                    "SESSION_JDBC_POOL_MAX_SIZE",
                    "2",
                    "SESSION_JDBC_POOL_MIN_IDLE",
                    "2")))
        .clock(clock)
        .build();
  }

  /** Redis as the tiered store's provider builds it for a tier: a cache, no principal index. */
  private RedisSessionStore redisTier(String url, String prefix) {
    return RedisSessionStore.builder()
        .url(url)
        .clock(clock)
        .keyPrefix(prefix)
        .soleStore(false)
        .principalIndex(false)
        .build();
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String redisUrl = RedisTestServers.standaloneUrl();
    PostgresServer server = PostgresServer.shared();
    try (TestSchema pair = server.createSchema();
        TestSchema tieredSchema = server.createSchema()) {
      TieredWriteAnatomy bench = new TieredWriteAnatomy(redisUrl, server, pair, tieredSchema);
      try {
        bench.run(rounds);
      } finally {
        bench.close();
      }
    }
  }

  private void close() {
    try {
      tieredManager.close();
      pgAlone.close();
      redisAlone.close();
      redisOnly.close();
      floorPool.close();
      RedisKeys.deleteMatching(jedis, PREFIX + "*");
    } finally {
      jedis.close();
    }
  }

  private void run(int rounds) throws SQLException {
    for (int warm = 0; warm < 3; warm++) {
      for (int variant = 0; variant < NAMES.length; variant++) {
        round(variant);
      }
    }
    double[][] wall = new double[NAMES.length][rounds];
    double[][] redisTime = new double[NAMES.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < NAMES.length; i++) {
        int variant = (i + r) % NAMES.length;
        jedis.configResetStat();
        long start = System.nanoTime();
        round(variant);
        wall[variant][r] = (System.nanoTime() - start) / 1_000.0 / CALLS_PER_ROUND;
        redisTime[variant][r] = redisMicros() / CALLS_PER_ROUND;
      }
    }
    String version =
        jedis
            .info("server")
            .lines()
            .filter(l -> l.startsWith("redis_version:"))
            .findFirst()
            .orElse("");
    System.out.printf(
        "%s; %d rounds of %d calls; median round, per call: wall time, and Redis's own time%n",
        version, rounds, CALLS_PER_ROUND);
    for (int v = 0; v < NAMES.length; v++) {
      System.out.printf(
          "  %-52s %8.2f us   Redis %6.2f us%n", NAMES[v], median(wall[v]), median(redisTime[v]));
    }
    System.out.println("tiers: " + tiered.tierStats());
    System.out.println("(sink " + sink + ")");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private void round(int variant) throws SQLException {
    String before = countCalls ? calls() : "";
    for (int i = 0; i < CALLS_PER_ROUND; i++) {
      next = (next + 1) % SESSIONS;
      dark = !dark;
      switch (variant) {
        case 0 -> floorSet();
        case 1 -> floorUpdate();
        case 2 -> {
          floorUpdate();
          floorSet();
        }
        case 3 -> sink += (Long) jedis.evalsha(emptyScript);
        case 4 -> sink += (Long) jedis.evalsha(metadataScript, 1, PREFIX + "-meta:" + next);
        case 5 -> sink += pgMerge(next).version();
        case 6 -> redisMerge();
        case 7 -> {
          SessionRecord merged = pgMerge(SESSIONS + next);
          sink += redisAlone.fill(merged, delta(redisRecords[next])).ordinal();
          redisRecords[next] = merged;
        }
        case 8 -> {
          SessionKey key = tieredKeys[next];
          SessionRecord base = Objects.requireNonNull(tiered.load(key));
          sink += Objects.requireNonNull(tiered.merge(key, delta(base))).version();
        }
        case 9 ->
            sink += BenchSessions.typicalRequest(tieredManager, tieredIds[next], dark).version();
        default -> throw new IllegalArgumentException();
      }
    }
    if (countCalls) {
      System.out.println(NAMES[variant] + ": " + before + " -> " + calls());
    }
  }

  /**
   * The microseconds Redis spent running commands since its statistics were reset: the top-level
   * commands' time (a script's includes the commands it ran), without the INFO asking for it.
   */
  private double redisMicros() {
    double total = 0;
    for (String line : jedis.info("commandstats").split("\\r?\\n")) {
      int usec = line.indexOf(",usec=");
      if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && usec > 0) {
        String name = line.substring(8, line.indexOf(':'));
        if (!SCRIPT_COMMANDS.contains(name)) {
          total += Long.parseLong(line.substring(usec + 6, line.indexOf(',', usec + 1)));
        }
      }
    }
    return total;
  }

  /** Redis's own count of each command it ran, scripts' commands included. */
  private String calls() {
    StringBuilder out = new StringBuilder();
    for (String line : jedis.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        out.append(line, 8, line.indexOf(",usec=")).append(' ');
      }
    }
    return out.toString();
  }

  private SessionDelta delta(SessionRecord base) {
    return SessionDelta.builder(base.lastAccessedAt(), base.idleTimeoutMillis())
        .set("theme", dark ? "\"dark\"" : "\"light\"")
        .base(base)
        .build();
  }

  private SessionRecord pgMerge(int index) {
    SessionRecord merged =
        Objects.requireNonNull(pgAlone.mergeUnannounced(pairKeys[index], delta(pgRecords[index])));
    pgRecords[index] = merged;
    return merged;
  }

  private void redisMerge() {
    SessionRecord merged =
        Objects.requireNonNull(redisOnly.merge(pairKeys[next], delta(redisOnlyRecords[next])));
    redisOnlyRecords[next] = merged;
    sink += merged.version();
  }

  private void floorSet() {
    sink += jedis.set(PREFIX + "-floor:" + next, dark ? value : otherValue).length();
  }

  private void floorUpdate() throws SQLException {
    try (Connection c = floorPool.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE " + floorTable + " SET value = ? WHERE id = ?")) {
      ps.setString(1, dark ? value : otherValue);
      ps.setString(2, "k" + next);
      sink += ps.executeUpdate();
    }
  }
}
