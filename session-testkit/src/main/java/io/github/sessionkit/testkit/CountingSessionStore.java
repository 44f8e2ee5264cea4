package io.github.sessionkit.testkit;

import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a store and counts calls per operation, to assert how many store operations a manager call
 * costs (for example: a malformed id costs none). Thread-safe.
 */
public final class CountingSessionStore extends ForwardingSessionStore {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public CountingSessionStore(SessionStore delegate) {
    super(delegate);
  }

  /**
   * Calls of one operation ({@code load}, {@code merge}, {@code touch}...) since the last reset.
   */
  public long count(String operation) {
    LongAdder adder = counts.get(operation);
    return adder == null ? 0 : adder.sum();
  }

  /** Calls of every operation since the last reset. */
  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Calls of the operations that write. */
  public long writes() {
    return count("insert")
        + count("merge")
        + count("compareAndSet")
        + count("putIfNewer")
        + count("touch")
        + count("changeKey")
        + count("delete")
        + count("purgeExpired");
  }

  /** Counts by operation, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((k, v) -> result.put(k, v.sum()));
    return result;
  }

  /** Sets every count back to zero. */
  public void reset() {
    counts.clear();
  }

  private void count0(String operation) {
    counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    count0("load");
    return super.load(key);
  }

  @Override
  public boolean insert(SessionRecord record) {
    count0("insert");
    return super.insert(record);
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    count0("merge");
    return super.merge(key, delta);
  }

  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    count0("merge");
    return super.mergeUnannounced(key, delta);
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    count0("compareAndSet");
    return super.compareAndSet(expectedVersion, record);
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    count0("putIfNewer");
    return super.putIfNewer(record);
  }

  /** Counted as {@code putIfNewer}: it is the same write, with a finer answer. */
  @Override
  public FillOutcome fill(SessionRecord record) {
    count0("putIfNewer");
    return super.fill(record);
  }

  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    count0("putIfNewer");
    return super.fill(record, change);
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key, long minVersion) {
    count0("load");
    return super.load(key, minVersion);
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    count0("touch");
    return super.touch(key, lastAccessedAt);
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    count0("changeKey");
    return super.changeKey(from, to);
  }

  @Override
  public boolean delete(SessionKey key) {
    count0("delete");
    return super.delete(key);
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    count0("findByPrincipal");
    return super.findByPrincipal(tenant, principal);
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    count0("purgeExpired");
    return super.purgeExpired(nowMillis, maxSessions);
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    count0("stats");
    return super.stats(nowMillis, createdSinceMillis);
  }

  @Override
  public StoreHealth health() {
    count0("health");
    return super.health();
  }
}
