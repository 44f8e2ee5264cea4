package io.github.sessionkit.bench.scale;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * The system clock, which can be stopped: it runs while sessions are loaded (so they get distinct
 * creation and expiry times, as in production, which matters for PostgreSQL's indexes on them) and
 * stands still at "now" while latencies are measured (so Redis TTLs are real and no read is ever
 * due for a lazy touch). Thread-safe.
 */
final class PausableClock extends Clock {

  private volatile @Nullable Instant stoppedAt;

  /** Stops the clock at the current time. */
  void stop() {
    stoppedAt = Instant.now();
  }

  /** Lets the clock run with the system time again. */
  void run() {
    stoppedAt = null;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("PausableClock is UTC only");
  }

  @Override
  public long millis() {
    Instant stopped = stoppedAt;
    return stopped != null ? stopped.toEpochMilli() : System.currentTimeMillis();
  }

  @Override
  public Instant instant() {
    Instant stopped = stoppedAt;
    return stopped != null ? stopped : Instant.now();
  }
}
