package io.github.sessionkit.tiered;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.TierListener;
import io.github.sessionkit.spi.TierStats;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One store in the chain, with what the chain needs around it: a circuit breaker for a
 * remote tier, counters, and the keys this node wrote while the tier missed the write.
 */
final class Tier {

  /** Raised instead of calling a tier whose breaker is open. */
  static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String tier) {
      super("tier " + tier + " skipped: circuit breaker open", null, false, false);
    }
  }

  /** Keys awaiting repair beyond which the tier is bypassed instead (see {@link #bypassReads}). */
  static final int MAX_PENDING_REPAIRS = 200_000;

  final SessionStore store;
  final TierStats.Role role;
  final @Nullable CircuitBreaker breaker;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder skipped = new LongAdder();
  private final Set<SessionKey> pendingRepairs = ConcurrentHashMap.newKeySet();
  /** Until when (System.nanoTime) a hit in this tier is checked against the record of truth. */
  private final AtomicLong verifyUntilNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong bypassUntil = new AtomicLong();

  private final TierListener observer;

  Tier(SessionStore store, TierStats.Role role, @Nullable BreakerSettings settings, TierListener observer) {
    this.store = store;
    this.observer = observer;
    this.role = role;
    this.breaker = settings == null ? null : CircuitBreaker.of(store.name(), config(settings));
  }

  private static CircuitBreakerConfig config(BreakerSettings s) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(s.windowSize())
        .minimumNumberOfCalls(Math.min(s.minimumCalls(), s.windowSize()))
        .failureRateThreshold(s.failureRatePercent())
        .slowCallRateThreshold(s.slowCallRatePercent())
        .slowCallDurationThreshold(s.slowCallThreshold())
        .waitDurationInOpenState(s.openDuration())
        .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(e -> e instanceof StoreException)
        .build();
  }

  String name() {
    return store.name();
  }

  boolean isLocal() {
    return role == TierStats.Role.LOCAL;
  }

  /** Whether calls would be attempted now (breaker not open). Does not take a permission. */
  boolean isAvailable() {
    return breaker == null || breaker.getState() != CircuitBreaker.State.OPEN
        && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
  }

  String breakerState() {
    return breaker == null ? "NONE" : breaker.getState().name();
  }

  /**
   * Runs one call through the breaker.
   *
   * @throws Skipped if the breaker does not permit the call
   * @throws StoreException if the call failed (any other runtime failure of a store is
   *     reported as {@link StoreUnavailableException})
   */
  <T> T call(String operationName, Supplier<T> operation) {
    if (breaker != null && !breaker.tryAcquirePermission()) {
      skipped.increment();
      throw new Skipped(name());
    }
    long start = System.nanoTime();
    try {
      T result = operation.get();
      long nanos = System.nanoTime() - start;
      if (breaker != null) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      }
      observer.callCompleted(name(), operationName, nanos, null);
      return result;
    } catch (StoreException e) {
      failed(operationName, start, e);
      throw e;
    } catch (RuntimeException e) {
      StoreUnavailableException wrapped = new StoreUnavailableException(
          "tier " + name() + " failed: " + e.getClass().getSimpleName(), e);
      failed(operationName, start, wrapped);
      throw wrapped;
    }
  }

  private void failed(String operationName, long start, StoreException e) {
    long nanos = System.nanoTime() - start;
    if (breaker != null) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
    }
    errors.increment();
    observer.callCompleted(name(), operationName, nanos, e);
  }

  // --- repair of keys this node wrote while the tier missed the write ------------------------

  /** Remembers that the tier may hold an outdated copy of {@code key}. */
  void markForRepair(SessionKey key, Duration bypassOnOverflow, long nowMillis) {
    if (pendingRepairs.size() >= MAX_PENDING_REPAIRS) {
      // Too many to repair one by one: stop trusting the tier's copies for as long as an
      // untouched copy can live; touches are skipped too, so every stale copy expires.
      bypassUntil.accumulateAndGet(nowMillis + bypassOnOverflow.toMillis(), Math::max);
      pendingRepairs.clear();
      return;
    }
    pendingRepairs.add(key);
  }

  /** Whether the tier's copy of {@code key} must not be read or touched now. */
  boolean bypassReads(SessionKey key, long nowMillis) {
    return nowMillis < bypassUntil.get() || (!pendingRepairs.isEmpty() && pendingRepairs.contains(key));
  }

  /**
   * Checks every hit against the record of truth from now on, until {@link #verifyFor} ends
   * it: the tier may hold copies that other nodes changed while it could not be reached.
   */
  void verifyUntilFurtherNotice() {
    verifyUntilNanos.set(Long.MAX_VALUE);
  }

  /** Keeps checking hits against the record of truth for {@code grace}, then trusts the tier again. */
  void verifyFor(Duration grace) {
    verifyUntilNanos.set(System.nanoTime() + grace.toNanos());
  }

  /** Whether a hit in this tier must be checked against the record of truth now. */
  boolean verifying() {
    long until = verifyUntilNanos.get();
    return until != Long.MIN_VALUE && (until == Long.MAX_VALUE || System.nanoTime() - until < 0);
  }

  Set<SessionKey> pendingRepairs() {
    return pendingRepairs;
  }

  void repaired(SessionKey key) {
    pendingRepairs.remove(key);
  }

  TierStats stats() {
    return new TierStats(name(), role, breakerState(), hits.sum(), misses.sum(), errors.sum(), skipped.sum(),
        pendingRepairs.size());
  }
}
