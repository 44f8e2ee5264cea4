package io.github.sessionkit.tiered;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.sessionkit.StoreCredentialsException;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnreachableException;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.TierListener;
import io.github.sessionkit.spi.TierStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One store in the chain, with what the chain needs around it: a circuit breaker for a remote tier,
 * counters, and the keys this node wrote while the tier missed the write.
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

  /** {@link #MAX_PENDING_REPAIRS}, smaller in tests. */
  int maxPendingRepairs = MAX_PENDING_REPAIRS;

  final SessionStore store;
  final TierStats.Role role;
  final @Nullable CircuitBreaker breaker;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder skipped = new LongAdder();
  private final Set<SessionKey> pendingRepairs = ConcurrentHashMap.newKeySet();

  /** Until when (ticker nanos) a hit in this tier is checked against the record of truth. */
  private final AtomicLong verifyUntilNanos = new AtomicLong(Long.MIN_VALUE);

  private final AtomicLong bypassUntil = new AtomicLong();

  /** When (ticker nanos) the breaker last closed: failures of calls begun before do not count. */
  private volatile long closedAtNanos;

  /**
   * Whether this tier's cache generation must be checked before its copies are trusted again (it
   * was unreachable, or its notification channel dropped: it may have restarted).
   */
  private volatile boolean generationUnchecked;

  /** The dataset identity the cache generation was last agreed for; maintenance thread only. */
  @Nullable String datasetIdentity;

  private final TierListener observer;
  private final Ticker ticker;
  private final boolean openOnUnreachable;

  /**
   * @param openOnUnreachable open the breaker at the first call that finds the tier's server down
   *     ({@link StoreUnreachableException}: refused or dropped connections; not a timeout or a busy
   *     pool, which load alone can cause), instead of waiting for a window of failures: for the
   *     record of truth, whose every refused call is a failed request anyway
   */
  Tier(
      SessionStore store,
      TierStats.Role role,
      @Nullable BreakerSettings settings,
      TierListener observer,
      Ticker ticker,
      Clock clock,
      boolean openOnUnreachable) {
    this.store = store;
    this.observer = observer;
    this.role = role;
    this.ticker = ticker;
    this.openOnUnreachable = openOnUnreachable;
    this.closedAtNanos = ticker.read();
    this.breaker =
        settings == null ? null : CircuitBreaker.of(store.name(), config(settings, ticker, clock));
    if (breaker != null) {
      breaker
          .getEventPublisher()
          .onStateTransition(
              event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                  closedAtNanos = ticker.read();
                }
              });
    }
  }

  private static CircuitBreakerConfig config(BreakerSettings s, Ticker ticker, Clock clock) {
    return CircuitBreakerConfig.custom()
        .clock(clock)
        .currentTimestampFunction(ignored -> ticker.read(), TimeUnit.NANOSECONDS)
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
    return breaker == null
        || (breaker.getState() != CircuitBreaker.State.OPEN
            && breaker.getState() != CircuitBreaker.State.FORCED_OPEN);
  }

  String breakerState() {
    return breaker == null ? "NONE" : breaker.getState().name();
  }

  /**
   * Runs one call through the breaker.
   *
   * @throws Skipped if the breaker does not permit the call
   * @throws StoreException if the call failed; only those other than rejected credentials count as
   *     failures of the tier. Any other exception (a bug) passes through uncounted.
   */
  <T> T call(String operationName, Supplier<T> operation) {
    if (breaker != null && !breaker.tryAcquirePermission()) {
      skipped.increment();
      throw new Skipped(name());
    }
    long start = ticker.read();
    try {
      T result = operation.get();
      long nanos = ticker.read() - start;
      if (breaker != null) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      }
      observer.callCompleted(name(), operationName, nanos, null);
      return result;
    } catch (StoreCredentialsException e) {
      // Rejected credentials are a configuration error, not an outage: not counted.
      released();
      throw e;
    } catch (StoreException e) {
      failed(operationName, start, e);
      throw e;
    } catch (RuntimeException e) {
      // A bug (in a store, a codec, a listener) is not an outage: it reaches the caller as it
      // is and does not open the breaker.
      released();
      throw e;
    }
  }

  private void released() {
    if (breaker != null) {
      breaker.releasePermission();
    }
  }

  private void failed(String operationName, long start, StoreException e) {
    long nanos = ticker.read() - start;
    if (breaker != null) {
      if (start - closedAtNanos < 0) {
        // Begun before the breaker last closed (the tier was down then, and has recovered
        // since): its failure says nothing about the tier now. Release the permission only.
        breaker.releasePermission();
      } else {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
        if (openOnUnreachable && e instanceof StoreUnreachableException) {
          openNow();
        }
      }
    }
    errors.increment();
    observer.callCompleted(name(), operationName, nanos, e);
  }

  private void openNow() {
    if (breaker == null) {
      return;
    }
    CircuitBreaker.State state = breaker.getState();
    if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN) {
      try {
        breaker.transitionToOpenState();
      } catch (RuntimeException raced) {
        // Another thread moved the breaker first; its state is as good as ours.
      }
    }
  }

  /**
   * While the breaker is open, asks the tier whether it answers (its health check) and closes the
   * breaker at once if it does, so a tier that came back is used again within one probe interval
   * rather than after a fixed open duration.
   *
   * @return whether the breaker was closed by this probe
   */
  boolean probe() {
    if (breaker == null || breaker.getState() != CircuitBreaker.State.OPEN) {
      return false;
    }
    boolean answers;
    try {
      answers = store.health().available();
    } catch (RuntimeException e) {
      answers = false;
    }
    if (!answers || breaker.getState() != CircuitBreaker.State.OPEN) {
      return false;
    }
    try {
      // The probe is the half-open trial: it answered, so the breaker closes at once rather
      // than refusing requests while trial calls decide.
      breaker.transitionToHalfOpenState();
      breaker.transitionToClosedState();
      return true;
    } catch (RuntimeException raced) {
      return false;
    }
  }

  // --- repair of keys this node wrote while the tier missed the write ------------------------

  /** Remembers that the tier may hold an outdated copy of {@code key}. */
  void markForRepair(SessionKey key, Duration bypassOnOverflow, long nowMillis) {
    if (pendingRepairs.size() >= maxPendingRepairs) {
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
    return nowMillis < bypassUntil.get()
        || (!pendingRepairs.isEmpty() && pendingRepairs.contains(key));
  }

  /**
   * Checks every hit against the record of truth from now on, until {@link #verifyFor} ends it: the
   * tier may hold copies that other nodes changed while it could not be reached.
   */
  void verifyUntilFurtherNotice() {
    verifyUntilNanos.set(Long.MAX_VALUE);
  }

  /**
   * Keeps checking hits against the record of truth for {@code grace}, then trusts the tier again.
   */
  void verifyFor(Duration grace) {
    verifyUntilNanos.set(ticker.read() + grace.toNanos());
  }

  /** Whether a hit in this tier must be checked against the record of truth now. */
  boolean verifying() {
    long until = verifyUntilNanos.get();
    return until != Long.MIN_VALUE && (until == Long.MAX_VALUE || ticker.read() - until < 0);
  }

  /** The tier may have restarted or failed over: check its generation before trusting it. */
  void generationUnchecked() {
    generationUnchecked = true;
    verifyUntilFurtherNotice();
  }

  boolean isGenerationUnchecked() {
    return generationUnchecked;
  }

  /** Its generation is known again: keep verifying for {@code grace}, then trust the tier. */
  void generationChecked(Duration grace) {
    generationUnchecked = false;
    verifyFor(grace);
  }

  Set<SessionKey> pendingRepairs() {
    return pendingRepairs;
  }

  void repaired(SessionKey key) {
    pendingRepairs.remove(key);
  }

  TierStats stats() {
    return new TierStats(
        name(),
        role,
        breakerState(),
        hits.sum(),
        misses.sum(),
        errors.sum(),
        skipped.sum(),
        pendingRepairs.size());
  }
}
