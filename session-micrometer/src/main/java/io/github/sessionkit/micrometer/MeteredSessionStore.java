package io.github.sessionkit.micrometer;

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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A store that times every call of the one it wraps: {@code sessionkit.store.calls} (timer with
 * p50/p95/p99, tags {@code store}, {@code operation}, {@code outcome} = success or error) and
 * {@code sessionkit.store.errors} (counter, tags {@code store}, {@code operation}, {@code kind} =
 * exception type). Every SPI method is forwarded unchanged, exceptions included (the ones not timed
 * through {@link ForwardingSessionStore}). Thread-safe.
 */
final class MeteredSessionStore extends ForwardingSessionStore {

  private static final String CALLS = "sessionkit.store.calls";
  private static final String ERRORS = "sessionkit.store.errors";

  private final SessionStore delegate;
  private final MeterRegistry registry;
  private final String storeTag;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  MeteredSessionStore(SessionStore delegate, MeterRegistry registry) {
    super(delegate);
    this.delegate = delegate;
    this.registry = registry;
    this.storeTag = delegate.name();
  }

  private <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      timer(operation, "success").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (RuntimeException | Error e) {
      timer(operation, "error").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      Counter.builder(ERRORS)
          .tags("store", storeTag, "operation", operation, "kind", e.getClass().getSimpleName())
          .description("failed store calls")
          .register(registry)
          .increment();
      throw e;
    }
  }

  // Every call passes here: look the timer up in a map rather than build a meter id per call.
  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(
        operation + '\u0000' + outcome,
        k ->
            Timer.builder(CALLS)
                .tags("store", storeTag, "operation", operation, "outcome", outcome)
                .publishPercentiles(0.5, 0.95, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .description("calls to the session store")
                .register(registry));
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    return timed("load", () -> delegate.load(key));
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key, long minVersion) {
    return timed("load", () -> delegate.load(key, minVersion));
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    return timed("putIfNewer", () -> delegate.fill(record));
  }

  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    return timed("putIfNewer", () -> delegate.fill(record, change));
  }

  @Override
  public boolean insert(SessionRecord record) {
    return timed("insert", () -> delegate.insert(record));
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    return timed("merge", () -> delegate.merge(key, delta));
  }

  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return timed("merge", () -> delegate.mergeUnannounced(key, delta));
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    return timed("compareAndSet", () -> delegate.compareAndSet(expectedVersion, record));
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return timed("putIfNewer", () -> delegate.putIfNewer(record));
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    return timed("touch", () -> delegate.touch(key, lastAccessedAt));
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    return timed("changeKey", () -> delegate.changeKey(from, to));
  }

  @Override
  public boolean delete(SessionKey key) {
    return timed("delete", () -> delegate.delete(key));
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    return timed("findByPrincipal", () -> delegate.findByPrincipal(tenant, principal));
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    return timed("purgeExpired", () -> delegate.purgeExpired(nowMillis, maxSessions));
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    return timed("stats", () -> delegate.stats(nowMillis, createdSinceMillis));
  }

  @Override
  public StoreHealth health() {
    return timed("health", delegate::health);
  }
}
