package io.github.sessionkit.tiered;

import io.github.sessionkit.spi.SessionKey;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether this node may trust, or fill, its local copy of a session.
 *
 * <p>Every local write and every invalidation notice takes a number from one sequence. A
 * local copy is trusted only if it was written after the last flush, within the local TTL,
 * and while notices can arrive. A copy loaded from a remote tier is not put into the local
 * tier if an invalidation for its key arrived after the load began: otherwise a notice that
 * overtakes a slow load would leave a stale copy behind.
 */
final class LocalCoherence {

  private record Mark(long sequence, long atMillis) {}

  private final Clock clock;
  private final long localTtlMillis;
  private final long invalidationMemoryMillis;
  private final AtomicLong sequence = new AtomicLong();
  private volatile long flushedAt;
  private final ConcurrentHashMap<SessionKey, Mark> filled = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SessionKey, Mark> invalidated = new ConcurrentHashMap<>();
  private final AtomicInteger channels = new AtomicInteger();
  private final AtomicInteger connectedChannels = new AtomicInteger();

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

  /** Whether notices can arrive: there is no channel at all (TTL is the only bound), or one is connected. */
  boolean listening() {
    return channels.get() == 0 || connectedChannels.get() > 0;
  }

  /** A marker to take before loading from a remote tier. */
  long begin() {
    return sequence.get();
  }

  /** Whether a copy loaded since {@code begun} may be put into the local tier. */
  boolean mayFill(SessionKey key, long begun) {
    if (!listening() || flushedAt > begun) {
      return false;
    }
    Mark mark = invalidated.get(key);
    return mark == null || mark.sequence() <= begun;
  }

  /** Records a write of the local copy. */
  void filled(SessionKey key) {
    filled.put(key, new Mark(sequence.incrementAndGet(), clock.millis()));
  }

  /** Whether the local copy of {@code key} may be served. */
  boolean trusted(SessionKey key) {
    if (!listening()) {
      return false;
    }
    Mark mark = filled.get(key);
    return mark != null && mark.sequence() > flushedAt && clock.millis() - mark.atMillis() < localTtlMillis;
  }

  /** Another node changed the session: forget the local copy and refuse fills already under way. */
  void invalidated(SessionKey key) {
    filled.remove(key);
    invalidated.put(key, new Mark(sequence.incrementAndGet(), clock.millis()));
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
