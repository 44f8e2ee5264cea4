package io.github.sessionkit.bench.scale;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;

/**
 * One store under measurement: a manager on it, a way to read how many bytes it holds, and clean-up
 * that frees everything it stored.
 */
interface ScaleTarget extends AutoCloseable {

  /** Sessions live this long unread; far longer than any run, so nothing expires meanwhile. */
  Duration IDLE_TIMEOUT = Duration.ofHours(8);

  /** Longer than any run, so no read is due for a lazy touch write. */
  Duration TOUCH_INTERVAL = Duration.ofHours(7);

  /** The store's name in the report: {@code memory}, {@code redis} or {@code postgresql}. */
  String name();

  /** The server, as the report describes it, e.g. {@code Redis 6.2.6 (embedded)}. */
  String server();

  /** What {@link #footprint()} counts, for the report. */
  String counted();

  SessionManager manager();

  /** Whether every operation is a network round trip (so {@link KeepAwake} applies). */
  default boolean remote() {
    return true;
  }

  /** The bytes the store holds now, by the store's own measure. */
  long footprint();

  /** Prepares for a latency measurement after a load (e.g. VACUUM ANALYZE). */
  default void settle() {}

  /** Prepares for the footprint measurement before the large load (e.g. reclaims dead rows). */
  default void compact() {}

  /** Closes the manager and frees everything the store holds. */
  @Override
  void close();

  static SessionManager manager(SessionStore store, Clock clock) {
    return SessionManager.builder()
        .store(store)
        .clock(clock)
        .idleTimeout(IDLE_TIMEOUT)
        .touchInterval(TOUCH_INTERVAL)
        .absoluteTimeout(Duration.ofHours(24))
        .automaticPurge(false)
        .build();
  }
}
