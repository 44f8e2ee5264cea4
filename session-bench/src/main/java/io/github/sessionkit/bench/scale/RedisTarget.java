package io.github.sessionkit.bench.scale;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.RedisKeys;
import io.github.sessionkit.store.redis.RedisSessionStore;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import redis.clients.jedis.Jedis;

/**
 * The Redis store under a key prefix of its own ({@code scale-<random>}); its footprint is {@code
 * used_memory} from {@code INFO memory}. Closing it deletes every key under that prefix (and
 * nothing else: the server may be shared).
 */
final class RedisTarget implements ScaleTarget {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;
  private final Jedis admin;
  private final SessionManager manager;
  private final String server;

  RedisTarget(String url, boolean embedded, Clock clock, int loaderThreads) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    this.prefix = "scale-" + HexFormat.of().formatHex(random);
    this.admin = new Jedis(URI.create(url));
    try {
      this.server =
          "Redis "
              + infoField(admin.info("server"), "redis_version")
              + (embedded ? " (embedded)" : "");
      RedisSessionStore store =
          RedisSessionStore.builder()
              .url(url)
              .clock(clock)
              .keyPrefix(prefix)
              .poolMaxSize(Math.min(50, Math.max(16, loaderThreads + 2)))
              .build();
      this.manager = ScaleTarget.manager(store, clock);
    } catch (RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public String server() {
    return server;
  }

  @Override
  public String counted() {
    return "`used_memory` from `INFO memory`: the session's hash with its key, TTL and"
        + " main-dictionary entries, plus its principal's index key; not allocator"
        + " fragmentation (`used_memory_rss`)";
  }

  /** The prefix of every key this target's store writes. */
  String keyPrefix() {
    return prefix;
  }

  @Override
  public SessionManager manager() {
    return manager;
  }

  @Override
  public long footprint() {
    return Long.parseLong(infoField(admin.info("memory"), "used_memory"));
  }

  @Override
  public void close() {
    try {
      manager.close();
      deleteKeys();
    } finally {
      admin.close();
    }
  }

  /** Deletes every key under the prefix, in batches; returns how many were deleted. */
  long deleteKeys() {
    return RedisKeys.deleteMatching(admin, prefix + ":*");
  }

  static String infoField(String info, String field) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    throw new IllegalStateException("INFO has no field " + field);
  }
}
