package io.github.sessionkit.bench.suite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import redis.clients.jedis.JedisPooled;

/**
 * The raw-client floor under every subject of {@link SessionBenchmark}, on the same servers in the
 * same run: the least a client can do to read and to write one value of {@value #VALUE_BYTES} bytes
 * (about what a benchmark session weighs in a store) by key.
 *
 * <ul>
 *   <li>{@code caffeine}: {@code Cache.getIfPresent} and {@code put};
 *   <li>{@code jedis}: {@code GET} and {@code SET} through a {@code JedisPooled};
 *   <li>{@code jdbc}: a primary-key {@code SELECT} and {@code UPDATE} of a two-column table through
 *       a HikariCP pool of {@value Subjects#POOL_SIZE}, prepared statements, auto-commit.
 * </ul>
 *
 * {@link #insert} writes a value under a key never used before (the floor of a create): a Caffeine
 * {@code put}, a Jedis {@code SET}, a JDBC {@code INSERT}. {@link #readThenWrite} reads a value and
 * then writes the same key, one after the other as a typical request does (measured apart, two
 * short operations can each cost less than the same two in sequence: on a small VM, a loop of one
 * kind of call keeps the CPUs busier than a mixed sequence). The floor {@code jdbc-jedis} is the
 * tiered store's write of a session it holds locally: its {@link #write} is a JDBC {@code UPDATE}
 * and then a Jedis {@code SET} of the same key (it has no read or insert). Each thread walks its
 * own slice of the keys with {@link SessionBenchmark.Cursor}, as the subjects' threads walk their
 * sessions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class FloorBenchmark {

  static final int VALUE_BYTES = 200;
  private static final String KEY_PREFIX = "bench-floor:";

  /** Which client: {@code caffeine}, {@code jedis}, {@code jdbc} or {@code jdbc-jedis}. */
  @Param({"caffeine", "jedis", "jdbc", "jdbc-jedis"})
  public String floor;

  private final String[] keys = new String[Subjects.SESSIONS];
  private final String[] values = {"a".repeat(VALUE_BYTES), "b".repeat(VALUE_BYTES)};
  private BenchServers servers;
  private Client client;
  private @Nullable JedisPooled jedis;
  private @Nullable TestSchema schema;
  private @Nullable HikariDataSource pool;
  private final String select = "SELECT value FROM floor WHERE id = ?";
  private final String update = "UPDATE floor SET value = ? WHERE id = ?";
  private final String insert = "INSERT INTO floor (id, value) VALUES (?, ?)";

  @Setup(Level.Trial)
  public void open(BenchmarkParams params) throws Exception {
    servers = BenchServers.current();
    for (int i = 0; i < keys.length; i++) {
      keys[i] = KEY_PREFIX + i;
    }
    switch (floor) {
      case "caffeine" -> {
        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(100_000).build();
        client =
            new Client() {
              @Override
              public @Nullable Object read(String key) {
                return cache.getIfPresent(key);
              }

              @Override
              public void write(String key, String value) {
                cache.put(key, value);
              }

              @Override
              public void insert(String key, String value) {
                cache.put(key, value);
              }
            };
      }
      case "jedis" -> {
        JedisPooled redis = new JedisPooled(servers.redisUrl());
        jedis = redis;
        client =
            new Client() {
              @Override
              public @Nullable Object read(String key) {
                return redis.get(key);
              }

              @Override
              public void write(String key, String value) {
                redis.set(key, value);
              }

              @Override
              public void insert(String key, String value) {
                redis.set(key, value);
              }
            };
      }
      case "jdbc" -> client = openJdbc();
      case "jdbc-jedis" -> {
        Client jdbc = openJdbc();
        JedisPooled redis = new JedisPooled(servers.redisUrl());
        jedis = redis;
        client =
            new Client() {
              @Override
              public @Nullable Object read(String key) {
                throw new UnsupportedOperationException("jdbc-jedis is a write floor only");
              }

              @Override
              public void write(String key, String value) throws SQLException {
                jdbc.write(key, value);
                redis.set(key, value);
              }

              @Override
              public void insert(String key, String value) {
                throw new UnsupportedOperationException("jdbc-jedis is a write floor only");
              }
            };
      }
      default -> throw new IllegalArgumentException("unknown floor '" + floor + "'");
    }
    for (String key : keys) {
      client.write(key, values[0]);
    }
    if (schema != null) {
      servers.vacuum();
    }
    warmUp(params);
  }

  /** The benchmark's own call until the compiler is quiet, as {@link SessionBenchmark} does. */
  private void warmUp(BenchmarkParams params) throws Exception {
    String method = JitWarmup.method(params);
    JitWarmup.runIfThreaded(
        params,
        i -> {
          int index = (int) (i % keys.length);
          switch (method) {
            case "read" -> client.read(keys[index]);
            case "readThenWrite" -> {
              client.read(keys[index]);
              client.write(keys[index], values[index & 1]);
            }
            case "insert" -> client.insert(KEY_PREFIX + "warm:" + i, values[0]);
            default -> client.write(keys[index], values[index & 1]);
          }
        });
  }

  /** One raw client, resolved once so the measured call does not branch on the floor's name. */
  private interface Client {
    @Nullable Object read(String key) throws SQLException;

    void write(String key, String value) throws SQLException;

    void insert(String key, String value) throws SQLException;
  }

  private Client openJdbc() {
    schema = servers.postgres().createSchema();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        servers.postgres().jdbcUrlWithCredentials() + "&currentSchema=" + schema.name());
    config.setMaximumPoolSize(Subjects.POOL_SIZE);
    config.setMinimumIdle(Subjects.POOL_SIZE);
    pool = new HikariDataSource(config);
    // Rows exist before the first write: the floor's write is an UPDATE by primary key.
    PostgresServer.execute(
        pool,
        "CREATE TABLE floor (id text COLLATE \"C\" PRIMARY KEY, value text NOT NULL);"
            + " INSERT INTO floor SELECT '"
            + KEY_PREFIX
            + "' || i, '' FROM generate_series(0, "
            + (keys.length - 1)
            + ") AS i");
    return new Client() {
      @Override
      public Object read(String key) throws SQLException {
        return jdbcRead(key);
      }

      @Override
      public void write(String key, String value) throws SQLException {
        jdbcWrite(key, value);
      }

      @Override
      public void insert(String key, String value) throws SQLException {
        jdbcInsert(key, value);
      }
    };
  }

  @TearDown(Level.Trial)
  public void close() {
    if (jedis != null) {
      servers.deleteRedisKeys(KEY_PREFIX + "*");
      jedis.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  /** Reads one value by key. */
  @Benchmark
  public @Nullable Object read(SessionBenchmark.Cursor cursor) throws SQLException {
    return client.read(keys[cursor.advance()]);
  }

  /** Writes one value by key. */
  @Benchmark
  public Object write(SessionBenchmark.Cursor cursor) throws SQLException {
    int index = cursor.advance();
    String key = keys[index];
    String value = values[index & 1];
    client.write(key, value);
    return value;
  }

  /** Reads one value by key, then writes the same key. */
  @Benchmark
  public Object readThenWrite(SessionBenchmark.Cursor cursor) throws SQLException {
    int index = cursor.advance();
    String key = keys[index];
    Object read = client.read(key);
    String value = values[index & 1];
    client.write(key, value);
    return read == null ? value : read;
  }

  /** Writes one value under a new key. */
  @Benchmark
  public Object insert(SessionBenchmark.Cursor cursor) throws SQLException {
    String key = KEY_PREFIX + "new:" + cursor.serial++;
    client.insert(key, values[0]);
    return key;
  }

  private void jdbcInsert(String key, String value) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
  }

  private String jdbcRead(String key) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(select)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private int jdbcWrite(String key, String value) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(update)) {
      ps.setString(1, value);
      ps.setString(2, key);
      return ps.executeUpdate();
    }
  }
}
