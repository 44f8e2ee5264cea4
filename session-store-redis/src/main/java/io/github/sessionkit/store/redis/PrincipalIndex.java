package io.github.sessionkit.store.redis;

import io.github.sessionkit.StoreException;
import io.github.sessionkit.spi.SessionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The per-principal index: a sorted set of session hashes scored by each session's absolute
 * deadline, in its own hash slot. Every change is one EVALSHA of {@link RedisScript#INDEX}, which
 * also drops members whose deadline has passed and lets the set expire with its last member.
 * Members of sessions that ended earlier (idle expiry, a lost update) are removed by {@link
 * RedisSessionStore#findByPrincipal}. Thread-safe.
 */
final class PrincipalIndex {

  private static final Logger LOG = LoggerFactory.getLogger(PrincipalIndex.class);

  private final RedisExecutor executor;
  private final RedisKeys keys;
  private final Clock clock;
  private final LongAdder corruptRecords;

  /** False for a cache tier, whose durable store answers listings: then nothing is kept. */
  private final boolean kept;

  PrincipalIndex(
      RedisExecutor executor, RedisKeys keys, Clock clock, LongAdder corruptRecords, boolean kept) {
    this.executor = executor;
    this.keys = keys;
    this.clock = clock;
    this.corruptRecords = corruptRecords;
    this.kept = kept;
  }

  boolean kept() {
    return kept;
  }

  /** The hashes listed for a principal; a foreign value under the index key counts as empty. */
  List<String> members(String tenant, String principal) {
    String index = keys.principalIndex(tenant, principal);
    return executor.execute(
        "findByPrincipal",
        attempt -> {
          try {
            return executor.jedis().zrange(index, 0, -1);
          } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("WRONGTYPE")) {
              corruptRecords.increment();
              LOG.warn(
                  "Ignoring foreign data under the principal index {}; it will be replaced", index);
              return List.of();
            }
            throw e;
          }
        });
  }

  void add(SessionKey key, String principal, long absoluteExpiresAt) {
    if (!kept) {
      return;
    }
    update(
        keys.principalIndex(key.tenant(), principal),
        List.of("+", key.hash(), Long.toString(absoluteExpiresAt)));
  }

  /**
   * The script call of {@link #add}, for a caller that sends it in the same round trip as the
   * session write ({@link RedisExecutor#evalAll}); hand its answer to {@link #updated}.
   */
  RedisExecutor.@Nullable ScriptCall addCall(
      SessionKey key, String principal, long absoluteExpiresAt) {
    if (!kept) {
      return null;
    }
    return new RedisExecutor.ScriptCall(
        RedisScript.INDEX,
        List.of(keys.principalIndex(key.tenant(), principal)),
        List.of(Long.toString(clock.millis()), "+", key.hash(), Long.toString(absoluteExpiresAt)));
  }

  /**
   * Takes the answer of a {@link #addCall} sent by the caller: logged, never thrown, as for {@link
   * #update}.
   */
  void updated(RedisExecutor.ScriptCall call, Object answer) {
    String index = call.keys().get(0);
    if (answer instanceof List<?> reply) {
      if (RedisReplies.corruptFlag(reply)) {
        corruptRecords.increment();
        LOG.warn("Replaced foreign data under the principal index {}", index);
      }
    } else {
      LOG.warn("Could not update the principal index {}: {}", index, answer);
    }
  }

  void remove(SessionKey key, String principal) {
    update(keys.principalIndex(key.tenant(), principal), List.of("-", key.hash()));
  }

  void removeAll(String tenant, String principal, List<String> hashes) {
    List<String> operations = new ArrayList<>(hashes.size() * 2);
    for (String hash : hashes) {
      operations.add("-");
      operations.add(hash);
    }
    update(keys.principalIndex(tenant, principal), operations);
  }

  /** Moves an entry to a rotated key, in one command when the tenant stays the same. */
  void move(SessionKey from, SessionKey to, String principal, @Nullable String absoluteExpiresAt) {
    String score =
        absoluteExpiresAt == null || absoluteExpiresAt.isEmpty()
            ? Long.toString(Long.MAX_VALUE)
            : absoluteExpiresAt;
    if (from.tenant().equals(to.tenant())) {
      update(
          keys.principalIndex(from.tenant(), principal),
          List.of("-", from.hash(), "+", to.hash(), score));
    } else {
      remove(from, principal);
      update(keys.principalIndex(to.tenant(), principal), List.of("+", to.hash(), score));
    }
  }

  /** Follows a principal change: out of the old principal's index, into the new one's. */
  void reindex(
      SessionKey key, @Nullable String before, @Nullable String after, long absoluteExpiresAt) {
    if (before != null && !before.equals(after)) {
      remove(key, before);
    }
    if (after != null) {
      add(key, after, absoluteExpiresAt);
    }
  }

  /**
   * Applies operations to one index. The session write before it has succeeded, so a failure here
   * is logged, not thrown: the session is then missing from its principal's list (or listed after
   * it is gone, which findByPrincipal cleans up).
   */
  private void update(String index, List<String> operations) {
    if (!kept) {
      return;
    }
    List<String> args = new ArrayList<>(operations.size() + 1);
    args.add(Long.toString(clock.millis()));
    args.addAll(operations);
    try {
      List<?> reply =
          executor.execute(
              "index update", attempt -> executor.eval(RedisScript.INDEX, List.of(index), args));
      if (RedisReplies.corruptFlag(reply)) {
        corruptRecords.increment();
        LOG.warn("Replaced foreign data under the principal index {}", index);
      }
    } catch (StoreException e) {
      LOG.warn("Could not update the principal index {}: {}", index, e.getMessage());
    }
  }
}
