package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Walks every session key of the prefix with SCAN on each primary, reading the metadata of each
 * page of keys in one pipeline. Used by the rare, operator-driven operations (stats, purge); it
 * costs a round trip per page of keys, never blocks the server, and sees keys added or removed
 * during the walk at most once. Tombstones and unreadable hashes are skipped. Thread-safe.
 */
final class SessionScanner {

  static final int SCAN_COUNT = 500;

  /** Metadata of one scanned session. */
  record Meta(long createdAt, long lastAccessedAt, long idleTimeoutMillis, long absoluteExpiresAt) {
    boolean expiredAt(long now) {
      return now >= SessionRecord.expiresAt(lastAccessedAt, idleTimeoutMillis, absoluteExpiresAt);
    }
  }

  /** Receives scanned sessions; returns whether to go on. */
  interface Visitor {
    boolean visit(SessionKey key, Meta meta);
  }

  private final RedisExecutor executor;
  private final RedisKeys keys;

  SessionScanner(RedisExecutor executor, RedisKeys keys) {
    this.executor = executor;
    this.keys = keys;
  }

  void forEach(String operation, Visitor visitor) {
    String pattern = keys.scanPattern();
    List<Connection> primaries =
        executor.execute(operation, attempt -> executor.deployment().primaries());
    try {
      for (Connection connection : primaries) {
        Jedis node = new Jedis(connection);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          String at = cursor;
          ScanResult<String> page =
              executor.execute(
                  operation,
                  attempt -> node.scan(at, new ScanParams().match(pattern).count(SCAN_COUNT)));
          cursor = page.getCursor();
          List<SessionKey> batch = new ArrayList<>();
          for (String redisKey : page.getResult()) {
            SessionKey key = keys.parseSessionKey(redisKey);
            if (key != null) {
              batch.add(key);
            }
          }
          if (!batch.isEmpty() && !visitBatch(operation, connection, batch, visitor)) {
            return;
          }
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      }
    } finally {
      primaries.forEach(Connection::close);
    }
  }

  // The lambda returns null as the generic T: only NullAway's JSpecify mode types that (JDK 22+).
  @SuppressWarnings("NullAway")
  private boolean visitBatch(
      String operation, Connection connection, List<SessionKey> batch, Visitor visitor) {
    List<Response<List<String>>> responses = new ArrayList<>(batch.size());
    executor.execute(
        operation,
        attempt -> {
          responses.clear();
          Pipeline pipeline = new Pipeline(connection);
          for (SessionKey key : batch) {
            responses.add(
                pipeline.hmget(
                    keys.session(key),
                    RecordCodec.CREATED,
                    RecordCodec.ACCESSED,
                    RecordCodec.IDLE,
                    RecordCodec.ABSOLUTE,
                    RecordCodec.DELETED));
          }
          pipeline.sync();
          return null;
        });
    for (int i = 0; i < batch.size(); i++) {
      List<String> fields;
      try {
        fields = responses.get(i).get();
      } catch (JedisDataException e) {
        continue; // another type under the key: not a session
      }
      Meta meta = meta(fields);
      if (meta != null && !visitor.visit(batch.get(i), meta)) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Meta meta(List<String> fields) {
    if (fields.size() != 5 || fields.get(4) != null) {
      return null;
    }
    try {
      return new Meta(
          Long.parseLong(fields.get(0)),
          Long.parseLong(fields.get(1)),
          Long.parseLong(fields.get(2)),
          Long.parseLong(fields.get(3)));
    } catch (NumberFormatException e) { // Long.parseLong(null) throws this too
      return null;
    }
  }
}
