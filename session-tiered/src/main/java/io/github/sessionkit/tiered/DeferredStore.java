package io.github.sessionkit.tiered;

import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.FillOutcome;
import io.github.sessionkit.spi.GenerationLedger;
import io.github.sessionkit.spi.GenerationalCache;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.spi.WriteOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tier whose server was unreachable when the application started: every call tries to open the
 * real store again (at most once per retry interval) and fails as unavailable until it succeeds, so
 * the tier's circuit breaker treats it like any other dead tier and the application starts and
 * serves from the other tiers meanwhile.
 *
 * <p>Notification listeners registered before the store opens are told at once that they are
 * disconnected, and {@code reconnected()} once the store is open and subscribed. Thread-safe.
 */
public final class DeferredStore implements SessionStore {

  private static final Logger log = LoggerFactory.getLogger(DeferredStore.class);

  private final String name;
  private final Supplier<SessionStore> opener;
  private final long retryNanos;
  private final Ticker ticker;
  private final List<StoreListener> listeners = new ArrayList<>();
  private volatile @Nullable SessionStore store;
  private volatile boolean closed;
  private long lastAttempt;
  private String lastError;

  /**
   * @param name the store's name, as the real store will report it ({@code redis}, {@code
   *     postgresql})
   * @param opener opens the real store, or throws {@link StoreUnavailableException}
   * @param retryInterval the least time between two attempts to open
   * @param firstError why the first attempt failed, for messages (no secrets)
   */
  public DeferredStore(
      String name, Supplier<SessionStore> opener, Duration retryInterval, String firstError) {
    this(name, opener, retryInterval, firstError, Ticker.system());
  }

  /** As above, measuring the retry interval with {@code ticker}. */
  public DeferredStore(
      String name,
      Supplier<SessionStore> opener,
      Duration retryInterval,
      String firstError,
      Ticker ticker) {
    this.name = Objects.requireNonNull(name, "name");
    this.opener = Objects.requireNonNull(opener, "opener");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.retryNanos = retryInterval.toNanos();
    this.lastAttempt = ticker.read();
    this.lastError = firstError;
  }

  private SessionStore store() {
    SessionStore open = store;
    if (open != null) {
      return open;
    }
    synchronized (this) {
      if (store != null) {
        return store;
      }
      if (closed) {
        throw new IllegalStateException("store " + name + " is closed");
      }
      long now = ticker.read();
      if (now - lastAttempt >= retryNanos) {
        lastAttempt = now;
        try {
          SessionStore opened = opener.get();
          List<StoreListener> waiting = List.copyOf(listeners);
          for (StoreListener listener : waiting) {
            opened.subscribe(listener);
          }
          store = opened;
          log.info("tier {} is reachable now and joins the chain", name);
          waiting.forEach(StoreListener::reconnected);
          return opened;
        } catch (StoreUnavailableException e) {
          lastError = String.valueOf(e.getMessage());
        }
      }
      throw new StoreUnavailableException(
          "tier " + name + " has not been reachable since start-up: " + lastError);
    }
  }

  private <T> T with(Function<SessionStore, T> call) {
    return call.apply(store());
  }

  @Override
  public Optional<GenerationalCache> generationalCache() {
    SessionStore open = store;
    return open == null ? Optional.empty() : open.generationalCache();
  }

  @Override
  public Optional<GenerationLedger> generationLedger() {
    SessionStore open = store;
    return open == null ? Optional.empty() : open.generationLedger();
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    return with(s -> s.fill(record));
  }

  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    return with(s -> s.fill(record, change));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    return store().load(key);
  }

  @Override
  public boolean insert(SessionRecord record) {
    return with(s -> s.insert(record));
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    return store().merge(key, delta);
  }

  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return store().mergeUnannounced(key, delta);
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    return with(s -> s.compareAndSet(expectedVersion, record));
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return with(s -> s.putIfNewer(record));
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    return with(s -> s.touch(key, lastAccessedAt));
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    return with(s -> s.changeKey(from, to));
  }

  @Override
  public boolean delete(SessionKey key) {
    return with(s -> s.delete(key));
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    return with(s -> s.findByPrincipal(tenant, principal));
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    return with(s -> s.purgeExpired(nowMillis, maxSessions));
  }

  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    with(
        s -> {
          s.forEachKey(visitor);
          return null;
        });
  }

  @Override
  public boolean expiresEntriesItself() {
    SessionStore open = store;
    return open != null && open.expiresEntriesItself();
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    return with(s -> s.stats(nowMillis, createdSinceMillis));
  }

  @Override
  public StoreHealth health() {
    SessionStore open = store;
    return open != null
        ? open.health()
        : StoreHealth.down(name, "not reachable since start-up: " + lastError);
  }

  @Override
  public synchronized StoreSubscription subscribe(StoreListener listener) {
    SessionStore open = store;
    if (open != null) {
      return open.subscribe(listener);
    }
    listeners.add(listener);
    listener.disconnected();
    return () -> {
      synchronized (DeferredStore.this) {
        listeners.remove(listener);
      }
    };
  }

  @Override
  public synchronized void close() {
    closed = true;
    SessionStore open = store;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public String toString() {
    SessionStore open = store;
    return open != null ? open.toString() : "DeferredStore[" + name + ", not reachable yet]";
  }
}
