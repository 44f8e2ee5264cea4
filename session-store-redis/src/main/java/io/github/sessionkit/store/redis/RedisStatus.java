package io.github.sessionkit.store.redis;

import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.StoreHealth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What operators see: the server's version, role, memory, clients and eviction policy, and how many
 * session keys there are, read from each primary with INFO and SCAN (or DBSIZE on a dedicated
 * database). Reads the policy from INFO, falling back to CONFIG GET, so servers with CONFIG renamed
 * or forbidden are fine; never changes the server's configuration.
 *
 * <p>Every session key carries a TTL, so the {@code volatile-*} policies can evict sessions as well
 * as the {@code allkeys-*} ones: only {@code noeviction} is safe when Redis is the only store, and
 * anything else is logged once, loudly. Thread-safe.
 */
final class RedisStatus {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStatus.class);
  private static final String UNKNOWN = "unknown";

  private final RedisExecutor executor;
  private final RedisKeys keys;
  private final RedisUrl url;
  private final boolean dedicatedDatabase;
  private final int healthScanLimit;
  private final boolean soleStore;
  private final LongSupplier corruptRecords;
  private final AtomicBoolean evictionWarned = new AtomicBoolean();

  RedisStatus(
      RedisExecutor executor,
      RedisKeys keys,
      RedisUrl url,
      boolean dedicatedDatabase,
      int healthScanLimit,
      boolean soleStore,
      LongSupplier corruptRecords) {
    this.executor = executor;
    this.keys = keys;
    this.url = url;
    this.dedicatedDatabase = dedicatedDatabase;
    this.healthScanLimit = healthScanLimit;
    this.soleStore = soleStore;
    this.corruptRecords = corruptRecords;
  }

  StoreHealth health(String storeName) {
    try {
      return executor.execute("health", attempt -> StoreHealth.up(storeName, details()));
    } catch (StoreException e) {
      return StoreHealth.down(storeName, e.getMessage());
    }
  }

  private Map<String, Object> details() {
    long usedMemory = 0;
    long clients = 0;
    long keyCount = 0;
    boolean exact = true;
    String version = UNKNOWN;
    String role = UNKNOWN;
    String policy = UNKNOWN;
    List<Connection> primaries = executor.deployment().primaries();
    try {
      for (Connection connection : primaries) {
        Jedis node = new Jedis(connection);
        Map<String, String> info = parseInfo(node.info());
        version = info.getOrDefault("redis_version", version);
        role = info.getOrDefault("role", role);
        usedMemory += parseLong(info.get("used_memory"));
        clients += parseLong(info.get("connected_clients"));
        policy = worse(policy, policyOf(node, info));
        if (dedicatedDatabase) {
          keyCount += node.dbSize();
        } else {
          long[] counted = countSessionKeys(node, healthScanLimit - keyCount);
          keyCount += counted[0];
          exact &= counted[1] == 1;
        }
      }
    } finally {
      primaries.forEach(Connection::close);
    }
    warnIfEvictable(policy);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connected", true);
    details.put("mode", url.mode().name().toLowerCase(Locale.ROOT));
    details.put("url", url.masked());
    details.put("keyPrefix", keys.prefix());
    details.put("serverVersion", version);
    details.put(
        "role",
        executor.deployment().isCluster() ? "cluster of " + primaries.size() + " primaries" : role);
    details.put("usedMemoryBytes", usedMemory);
    details.put("connectedClients", clients);
    details.put("maxmemoryPolicy", policy);
    details.put("evictionRisk", evicting(policy));
    details.put("sessionKeys", keyCount);
    details.put("sessionKeysExact", exact);
    details.put(
        "keyCountMethod",
        dedicatedDatabase
            ? "DBSIZE (dedicated database)"
            : "SCAN MATCH " + keys.scanPattern() + " (at most " + healthScanLimit + " keys)");
    details.put("pool", executor.poolState());
    details.put("corruptRecords", corruptRecords.getAsLong());
    return details;
  }

  /**
   * Reads the eviction policy once at start, to warn before the first eviction rather than after.
   */
  void checkEvictionPolicyAtStart() {
    if (!soleStore) {
      return;
    }
    try {
      String policy =
          executor.execute(
              "connect",
              attempt -> {
                List<Connection> primaries = executor.deployment().primaries();
                try {
                  String found = UNKNOWN;
                  for (Connection connection : primaries) {
                    Jedis node = new Jedis(connection);
                    found = worse(found, policyOf(node, parseInfo(node.info("memory"))));
                  }
                  return found;
                } finally {
                  primaries.forEach(Connection::close);
                }
              });
      warnIfEvictable(policy);
    } catch (StoreException e) {
      LOG.debug("Could not read the eviction policy of {}: {}", url.masked(), e.getMessage());
    }
  }

  boolean evictionWarningLogged() {
    return evictionWarned.get();
  }

  private void warnIfEvictable(String policy) {
    if (soleStore && evicting(policy) && evictionWarned.compareAndSet(false, true)) {
      LOG.warn(
          "!!! Redis at {} has maxmemory-policy '{}' and is the only session store: when it reaches"
              + " maxmemory it may EVICT live sessions (every session key has a TTL, so volatile-*"
              + " policies evict them too), logging users out. Set maxmemory-policy to noeviction,"
              + " give sessions a dedicated Redis, or put a durable store behind Redis"
              + " (SESSION_STORE=tiered).",
          url.masked(),
          policy);
    }
  }

  /**
   * Whether a policy is known to evict keys with a TTL; an unreadable policy is not warned about.
   */
  private static boolean evicting(String policy) {
    return !"noeviction".equals(policy) && !UNKNOWN.equals(policy);
  }

  /** Of two nodes' policies, the one to report: an evicting or unknown one beats noeviction. */
  private static String worse(String current, String next) {
    return UNKNOWN.equals(current) || !"noeviction".equals(next) ? next : current;
  }

  private static String policyOf(Jedis node, Map<String, String> info) {
    String policy = info.get("maxmemory_policy");
    if (policy != null) {
      return policy;
    }
    try {
      return node.configGet("maxmemory-policy").getOrDefault("maxmemory-policy", UNKNOWN);
    } catch (JedisDataException e) {
      // CONFIG is renamed or forbidden on many managed services.
      return UNKNOWN;
    }
  }

  /**
   * Counts session keys with SCAN, examining at most {@code limit} keys: {count, 1 if complete}.
   */
  private long[] countSessionKeys(Jedis node, long limit) {
    long count = 0;
    long examined = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams params = new ScanParams().match(keys.scanPattern()).count(SessionScanner.SCAN_COUNT);
    do {
      if (examined >= limit) {
        return new long[] {count, 0};
      }
      ScanResult<String> page = node.scan(cursor, params);
      cursor = page.getCursor();
      for (String key : page.getResult()) {
        examined++;
        if (keys.parseSessionKey(key) != null) {
          count++;
        }
      }
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return new long[] {count, 1};
  }

  /**
   * The run ids of the primaries, sorted and joined: a new one after every restart (empty or from a
   * snapshot) and every failover, which is when the dataset may have gone back in time.
   */
  String datasetIdentity() {
    List<Connection> primaries = executor.deployment().primaries();
    try {
      List<String> ids = new ArrayList<>();
      for (Connection connection : primaries) {
        ids.add(parseInfo(new Jedis(connection).info("server")).getOrDefault("run_id", UNKNOWN));
      }
      Collections.sort(ids);
      return String.join(",", ids);
    } finally {
      primaries.forEach(Connection::close);
    }
  }

  private static Map<String, String> parseInfo(String info) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : info.split("\r?\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return out;
  }

  private static long parseLong(@Nullable String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
