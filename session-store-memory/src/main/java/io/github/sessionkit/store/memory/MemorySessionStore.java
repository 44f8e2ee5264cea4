package io.github.sessionkit.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.WriteOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Keeps sessions in this process, in a Caffeine cache: the zero-configuration default and the local
 * tier of a tiered store. Sessions are lost when the process stops and are not shared between
 * processes.
 *
 * <p>Each entry expires at its own deadline (idle or absolute, whichever is first), measured by the
 * store's clock. The cache is bounded: beyond {@link Builder#maximumSize(long)} entries Caffeine
 * evicts by its W-TinyLFU policy (rarely and least recently used sessions go first), and an evicted
 * session is simply gone, as after a logout. Size it for your peak of concurrent sessions, or use a
 * shared store.
 *
 * <p>Thread-safe; every operation is atomic for its key.
 */
public final class MemorySessionStore implements SessionStore {

  /** Entries kept when no maximum is configured. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  /**
   * Expired sessions remembered for {@link #purgeExpired} events at most; older ones are dropped.
   */
  private static final int MAX_PENDING_EXPIRED = 10_000;

  private final Clock clock;
  private final long maximumSize;
  private final Cache<SessionKey, SessionRecord> cache;
  private final ConcurrentMap<SessionKey, SessionRecord> map;
  private final ConcurrentMap<PrincipalKey, Set<SessionKey>> principals = new ConcurrentHashMap<>();
  private final Queue<PurgedSession> expired = new ConcurrentLinkedQueue<>();
  private final AtomicInteger expiredCount = new AtomicInteger();
  private final LongAdder evictedBySize = new LongAdder();

  private MemorySessionStore(Builder builder) {
    this.clock = builder.clock;
    this.maximumSize = builder.maximumSize;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfter(new RecordExpiry(clock, builder.maximumTtlMillis))
            // Caffeine's own maintenance (size eviction, expiry) runs on its default executor,
            // not on the calling thread, so a find or save pays only for its own map operation.
            // Readers of the counts (stats, health, evictedBySize) run it first, so they are
            // current.
            .evictionListener(this::evicted)
            .build();
    this.map = cache.asMap();
  }

  /** Starts building a store. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    SessionRecord record = cache.getIfPresent(key);
    return record == null || record.isExpiredAt(clock.millis()) ? null : record;
  }

  @Override
  public boolean insert(SessionRecord record) {
    long now = clock.millis();
    boolean[] inserted = new boolean[1];
    map.compute(
        record.key(),
        (k, current) -> {
          if (current != null && !current.isExpiredAt(now)) {
            return current;
          }
          inserted[0] = true;
          return record;
        });
    if (inserted[0]) {
      index(record.key(), record.principal());
    }
    return inserted[0];
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    long now = clock.millis();
    Object[] before = new Object[1];
    SessionRecord merged =
        map.computeIfPresent(
            key,
            (k, current) -> {
              if (current.isExpiredAt(now)) {
                return null;
              }
              before[0] = current;
              return delta.applyTo(current);
            });
    if (merged != null && delta.principalChanged()) {
      SessionRecord previous = (SessionRecord) before[0];
      if (!Objects.equals(previous.principal(), merged.principal())) {
        unindex(key, previous.principal());
        index(key, merged.principal());
      }
    }
    return merged;
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    if (record.version() <= expectedVersion) {
      throw new IllegalArgumentException(
          "the new version "
              + record.version()
              + " must be greater than the expected version "
              + expectedVersion);
    }
    long now = clock.millis();
    WriteOutcome[] outcome = {WriteOutcome.NOT_FOUND};
    Object[] before = new Object[1];
    map.computeIfPresent(
        record.key(),
        (k, current) -> {
          if (current.isExpiredAt(now)) {
            return null;
          }
          if (current.version() != expectedVersion) {
            outcome[0] = WriteOutcome.CONFLICT;
            return current;
          }
          outcome[0] = WriteOutcome.WRITTEN;
          before[0] = current;
          return record;
        });
    if (outcome[0] == WriteOutcome.WRITTEN) {
      reindex(record.key(), ((SessionRecord) before[0]).principal(), record.principal());
    }
    return outcome[0];
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return fill(record).written();
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    long now = clock.millis();
    if (record.isExpiredAt(now)) {
      return FillOutcome.KEPT;
    }
    boolean[] written = new boolean[1];
    Object[] before = new Object[1];
    map.compute(
        record.key(),
        (k, current) -> {
          if (current != null
              && !current.isExpiredAt(now)
              && current.version() >= record.version()) {
            return current;
          }
          written[0] = true;
          before[0] = current;
          return record;
        });
    if (written[0]) {
      SessionRecord previous = (SessionRecord) before[0];
      reindex(record.key(), previous == null ? null : previous.principal(), record.principal());
      return previous != null && !previous.isExpiredAt(now)
          ? FillOutcome.REPLACED
          : FillOutcome.CREATED;
    }
    return FillOutcome.KEPT;
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    long now = clock.millis();
    return map.computeIfPresent(
            key,
            (k, current) -> {
              if (current.isExpiredAt(now)) {
                return null;
              }
              return lastAccessedAt > current.lastAccessedAt()
                  ? current.toBuilder().lastAccessedAt(lastAccessedAt).build()
                  : current;
            })
        != null;
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    SessionRecord moved = map.remove(from);
    if (moved == null) {
      return false;
    }
    unindex(from, moved.principal());
    if (moved.isExpiredAt(clock.millis())) {
      return false;
    }
    map.put(to, moved.withKey(to));
    index(to, moved.principal());
    return true;
  }

  @Override
  public boolean delete(SessionKey key) {
    SessionRecord removed = map.remove(key);
    if (removed == null) {
      return false;
    }
    unindex(key, removed.principal());
    return !removed.isExpiredAt(clock.millis());
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    PrincipalKey principalKey = new PrincipalKey(tenant, principal);
    List<SessionKey> keys = new ArrayList<>();
    principals.computeIfPresent(
        principalKey,
        (k, set) -> {
          keys.addAll(set);
          return set;
        });
    List<SessionRecord> records = new ArrayList<>(keys.size());
    for (SessionKey key : keys) {
      SessionRecord record = map.get(key);
      if (record != null && principal.equals(record.principal())) {
        records.add(record);
      } else {
        unindex(key, principal);
      }
    }
    return records;
  }

  /** Walks a snapshot of the keys, so the visitor may change the store. */
  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    for (SessionKey key : List.copyOf(map.keySet())) {
      if (!visitor.test(key)) {
        return;
      }
    }
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    List<PurgedSession> purged = new ArrayList<>();
    // Caffeine hides entries once they expire by the store's clock; cleanUp() evicts them,
    // and the eviction listener queues them for the events the manager sends.
    cache.cleanUp();
    if (nowMillis > clock.millis()) {
      for (SessionRecord record : map.values()) {
        if (purged.size() >= maxSessions) {
          return purged;
        }
        if (record.isExpiredAt(nowMillis) && map.remove(record.key(), record)) {
          unindex(record.key(), record.principal());
          purged.add(new PurgedSession(record.key(), record.principal(), record.expiresAt()));
        }
      }
    }
    PurgedSession next;
    while (purged.size() < maxSessions && (next = expired.poll()) != null) {
      expiredCount.decrementAndGet();
      purged.add(next);
    }
    return purged;
  }

  @Override
  public boolean expiresEntriesItself() {
    return true;
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    cache.cleanUp();
    long total = 0;
    long active = 0;
    long created = 0;
    for (SessionRecord record : map.values()) {
      total++;
      if (!record.isExpiredAt(nowMillis)) {
        active++;
      }
      if (record.createdAt() >= createdSinceMillis) {
        created++;
      }
    }
    return new StoreStats(total, active, created);
  }

  @Override
  public StoreHealth health() {
    cache.cleanUp();
    return StoreHealth.up(
        name(),
        Map.of(
            "size", cache.estimatedSize(),
            "maximumSize", maximumSize,
            "evictedBySize", evictedBySize.sum()));
  }

  /** Sessions dropped because the cache was full. */
  public long evictedBySize() {
    cache.cleanUp();
    return evictedBySize.sum();
  }

  /** Drops every entry. The memory store holds only this process's sessions. */
  @Override
  public void close() {
    cache.invalidateAll();
    principals.clear();
    expired.clear();
  }

  @Override
  public String toString() {
    return "MemorySessionStore{maximumSize="
        + maximumSize
        + ", size="
        + cache.estimatedSize()
        + "}";
  }

  private void evicted(
      @Nullable SessionKey key, @Nullable SessionRecord record, RemovalCause cause) {
    if (key == null || record == null) {
      return;
    }
    unindex(key, record.principal());
    if (cause == RemovalCause.EXPIRED) {
      if (expiredCount.incrementAndGet() <= MAX_PENDING_EXPIRED) {
        expired.add(new PurgedSession(key, record.principal(), record.expiresAt()));
      } else {
        expiredCount.decrementAndGet();
      }
    } else if (cause == RemovalCause.SIZE) {
      evictedBySize.increment();
    }
  }

  private void reindex(SessionKey key, @Nullable String before, @Nullable String after) {
    if (!Objects.equals(before, after)) {
      unindex(key, before);
      index(key, after);
    }
  }

  private void index(SessionKey key, @Nullable String principal) {
    if (principal != null) {
      principals.compute(
          new PrincipalKey(key.tenant(), principal),
          (k, set) -> {
            Set<SessionKey> keys = set == null ? new HashSet<>() : set;
            keys.add(key);
            return keys;
          });
    }
  }

  private void unindex(SessionKey key, @Nullable String principal) {
    if (principal != null) {
      principals.computeIfPresent(
          new PrincipalKey(key.tenant(), principal),
          (k, set) -> {
            set.remove(key);
            return set.isEmpty() ? null : set;
          });
    }
  }

  private record PrincipalKey(String tenant, String principal) {}

  /**
   * Expires each entry at its record's own deadline, or after the maximum TTL since its last write.
   */
  private static final class RecordExpiry implements Expiry<SessionKey, SessionRecord> {
    private final Clock clock;
    private final long maximumTtlMillis;

    RecordExpiry(Clock clock, long maximumTtlMillis) {
      this.clock = clock;
      this.maximumTtlMillis = maximumTtlMillis;
    }

    private long remainingNanos(SessionRecord record) {
      long remainingMillis = Math.min(record.expiresAt() - clock.millis(), maximumTtlMillis);
      if (remainingMillis <= 0) {
        return 0;
      }
      return remainingMillis >= Long.MAX_VALUE / 1_000_000L
          ? Long.MAX_VALUE
          : remainingMillis * 1_000_000L;
    }

    @Override
    public long expireAfterCreate(SessionKey key, SessionRecord value, long currentTime) {
      return remainingNanos(value);
    }

    @Override
    public long expireAfterUpdate(
        SessionKey key, SessionRecord value, long currentTime, long currentDuration) {
      return remainingNanos(value);
    }

    @Override
    public long expireAfterRead(
        SessionKey key, SessionRecord value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Builds a {@link MemorySessionStore}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private long maximumTtlMillis = Long.MAX_VALUE;

    private Builder() {}

    /** The clock deciding expiry; use the manager's. Default: the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many sessions to keep at most before evicting. Default 100,000. */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * Keeps an entry at most this long after it was last written, however long the session lives:
     * the local-cache TTL of a tiered store, which bounds how stale a copy can get if an
     * invalidation notice is lost. Default: no bound beyond the session's own expiry.
     */
    public Builder maximumTtl(java.time.Duration ttl) {
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("maximumTtl must be positive, got " + ttl);
      }
      this.maximumTtlMillis = ttl.toMillis();
      return this;
    }

    public MemorySessionStore build() {
      return new MemorySessionStore(this);
    }
  }
}
