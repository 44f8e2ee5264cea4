package io.github.sessionkit.tiered;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreListener;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether this node may trust, or fill, its local copy of a session.
 *
 * <p>Every local write and every invalidation notice takes a number from one sequence. A local copy
 * is trusted only if it was written after the last flush, within the local TTL, and while notices
 * can arrive. A copy loaded from a remote tier is not put into the local tier if an invalidation
 * for its key arrived after the load began, unless the copy is at least as new as what that change
 * left: otherwise a notice that overtakes a slow load would leave a stale copy behind. It also owns
 * the local tier's writes and drops, so that a fill and a notice for one key never interleave.
 */
final class LocalCoherence {

  private record Mark(long sequence, long atMillis) {}

  /**
   * An invalidation: its place in the sequence, and what the change it reported left behind
   * (version and access time; {@link StoreListener#UNKNOWN_VERSION} when it did not say).
   */
  private record Invalidation(long sequence, long atMillis, long version, long lastAccessedAt) {

    /** Whether {@code record} is at least as new as what the change left. */
    boolean supersededBy(SessionRecord record) {
      return version != StoreListener.UNKNOWN_VERSION
          && record.version() >= version
          && record.lastAccessedAt() >= lastAccessedAt;
    }
  }

  private final Clock clock;
  private final long localTtlMillis;
  private final long invalidationMemoryMillis;
  private final AtomicLong sequence = new AtomicLong();
  private volatile long flushedAt;
  private final ConcurrentHashMap<SessionKey, Mark> filled = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SessionKey, Invalidation> invalidated = new ConcurrentHashMap<>();
  private final AtomicInteger channels = new AtomicInteger();
  private final AtomicInteger connectedChannels = new AtomicInteger();

  /** Channels that carry notices no other channel repeats, currently down. */
  private final AtomicInteger soleCarriersDown = new AtomicInteger();

  LocalCoherence(Clock clock, long localTtlMillis, long invalidationMemoryMillis) {
    this.clock = clock;
    this.localTtlMillis = localTtlMillis;
    this.invalidationMemoryMillis = invalidationMemoryMillis;
  }

  /** A notification channel was set up; it counts as connected until told otherwise. */
  void channelAdded() {
    channels.incrementAndGet();
    connectedChannels.incrementAndGet();
  }

  /** A channel lost its connection. Returns whether no channel is connected any more. */
  boolean channelDown() {
    return connectedChannels.decrementAndGet() <= 0;
  }

  void channelUp() {
    connectedChannels.incrementAndGet();
  }

  /**
   * A channel that is the only one to carry some notices (the cache tier's, while the record of
   * truth's changes are written unannounced) lost its connection: nothing is trusted until {@link
   * #soleCarrierUp()}, whatever other channels are connected.
   */
  void soleCarrierDown() {
    soleCarriersDown.incrementAndGet();
  }

  void soleCarrierUp() {
    soleCarriersDown.decrementAndGet();
  }

  /**
   * Whether notices can arrive: there is no channel at all (TTL is the only bound), or one is
   * connected and no sole carrier is down.
   */
  boolean listening() {
    return (channels.get() == 0 || connectedChannels.get() > 0) && soleCarriersDown.get() <= 0;
  }

  /** A marker to take before loading from a remote tier. */
  long begin() {
    return sequence.get();
  }

  /**
   * Whether {@code record}, loaded or written since {@code begun}, may be put into the local tier:
   * not if a change notice for its key arrived since then, unless the record is at least as new as
   * what that change left (the notice of this very write, for example).
   */
  boolean mayFill(SessionRecord record, long begun) {
    if (!listening() || flushedAt > begun) {
      return false;
    }
    Invalidation mark = invalidated.get(record.key());
    return mark == null || mark.sequence() <= begun || mark.supersededBy(record);
  }

  /**
   * Puts {@code record}, loaded or written since {@code begun}, into the local tier if {@link
   * #mayFill} allows. Atomic per key with {@link #changed}: a notice is either seen by the fill or
   * sees the copy it wrote, so neither a copy older than a notice survives it nor a copy at least
   * as new is lost to it.
   */
  void fill(SessionStore local, SessionRecord record, long begun) {
    filled.compute(
        record.key(),
        (key, mark) -> {
          if (!mayFill(record, begun)) {
            return mark;
          }
          local.putIfNewer(record);
          return new Mark(sequence.incrementAndGet(), clock.millis());
        });
  }

  /**
   * The session changed to {@code version} and access time {@code lastAccessedAt} ({@link
   * StoreListener#UNKNOWN_VERSION}: deleted, or not told): fills under way of an older copy are
   * refused, and the local copy is dropped unless it is at least that new.
   */
  void changed(SessionStore local, SessionKey key, long version, long lastAccessedAt) {
    invalidated.merge(
        key,
        new Invalidation(sequence.incrementAndGet(), clock.millis(), version, lastAccessedAt),
        LocalCoherence::later);
    filled.compute(
        key,
        (k, mark) -> {
          if (version != StoreListener.UNKNOWN_VERSION) {
            SessionRecord copy = local.load(key);
            if (copy != null
                && copy.version() >= version
                && copy.lastAccessedAt() >= lastAccessedAt) {
              return mark;
            }
          }
          local.delete(key);
          return null;
        });
  }

  /** Whether the local copy of {@code key} may be served. */
  boolean trusted(SessionKey key) {
    if (!listening()) {
      return false;
    }
    Mark mark = filled.get(key);
    return mark != null
        && mark.sequence() > flushedAt
        && clock.millis() - mark.atMillis() < localTtlMillis;
  }

  /** Two invalidations of one key: the newer, demanding at least what both changes left. */
  private static Invalidation later(Invalidation a, Invalidation b) {
    long version =
        a.version() == StoreListener.UNKNOWN_VERSION || b.version() == StoreListener.UNKNOWN_VERSION
            ? StoreListener.UNKNOWN_VERSION
            : Math.max(a.version(), b.version());
    Invalidation newer = a.sequence() > b.sequence() ? a : b;
    return new Invalidation(
        newer.sequence(),
        newer.atMillis(),
        version,
        Math.max(a.lastAccessedAt(), b.lastAccessedAt()));
  }

  /** Distrusts every local copy written so far. */
  void flush() {
    flushedAt = sequence.incrementAndGet();
    filled.clear();
  }

  /** Drops bookkeeping no decision can need any more. */
  void prune() {
    long now = clock.millis();
    filled.values().removeIf(m -> now - m.atMillis() >= localTtlMillis);
    invalidated.values().removeIf(m -> now - m.atMillis() >= invalidationMemoryMillis);
  }
}
