package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.io.PrintStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The servers both nodes share: PostgreSQL and Redis, either embedded ones this demo starts (and
 * can stop), or external ones named by {@code DATABASE_URL} / {@code REDIS_URL}. Thread-safe.
 */
final class DemoBackends implements AutoCloseable {

  private final @Nullable PostgresServer postgres;
  private final @Nullable RedisProcess redis;
  private final String databaseUrl;
  private final String redisUrl;

  private DemoBackends(
      @Nullable PostgresServer postgres,
      @Nullable RedisProcess redis,
      String databaseUrl,
      String redisUrl) {
    this.postgres = postgres;
    this.redis = redis;
    this.databaseUrl = databaseUrl;
    this.redisUrl = redisUrl;
  }

  /** Starts the embedded servers the options ask for; on failure stops what was started. */
  static DemoBackends start(DemoOptions options, PrintStream out) {
    PostgresServer postgres = null;
    RedisProcess redis = null;
    try {
      String databaseUrl = options.databaseUrl();
      if (databaseUrl == null) {
        out.println("Starting embedded PostgreSQL (set DATABASE_URL to use your own server)...");
        postgres = PostgresServer.startEmbedded();
        databaseUrl = postgres.databaseUrl();
      }
      String redisUrl = options.redisUrl();
      if (redisUrl == null) {
        out.println("Starting embedded Redis (set REDIS_URL to use your own server)...");
        redis = RedisProcess.startDefault();
        redisUrl = redis.url();
      }
      return new DemoBackends(postgres, redis, databaseUrl, redisUrl);
    } catch (RuntimeException | Error e) {
      if (redis != null) {
        redis.close();
      }
      if (postgres != null) {
        postgres.close();
      }
      throw e;
    }
  }

  /** The PostgreSQL URL the nodes connect to (may hold a password: print {@link #masked}). */
  String databaseUrl() {
    return databaseUrl;
  }

  /** The Redis URL the nodes connect to (may hold a password: print {@link #masked}). */
  String redisUrl() {
    return redisUrl;
  }

  boolean embeddedPostgres() {
    return postgres != null;
  }

  /** Whether this demo started Redis and so can stop and start it. */
  boolean redisControllable() {
    return redis != null;
  }

  /**
   * Whether the embedded Redis runs; null for an external one, whose state the demo does not know.
   */
  @Nullable Boolean redisRunning() {
    RedisProcess process = redis;
    return process == null ? null : process.isRunning();
  }

  /**
   * Stops the embedded Redis, as a crash of the cache server would (its data is gone).
   *
   * @throws IllegalStateException for an external Redis
   */
  void stopRedis() {
    controllableRedis().stop();
  }

  /**
   * Starts the embedded Redis again on the same port, empty.
   *
   * @throws IllegalStateException for an external Redis
   */
  void startRedis() {
    controllableRedis().start();
  }

  private RedisProcess controllableRedis() {
    if (redis == null) {
      throw new IllegalStateException(
          "Redis is the external server named by REDIS_URL; the demo only stops and "
              + "starts the Redis it started itself");
    }
    return redis;
  }

  /** The URL with any password replaced by {@code ****}, for printing. */
  static String masked(String url) {
    Objects.requireNonNull(url, "url");
    return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@")
        .replaceAll("(?i)(password=)[^&]*", "$1****");
  }

  /** Stops the embedded servers; leaves external ones alone. Idempotent. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}
