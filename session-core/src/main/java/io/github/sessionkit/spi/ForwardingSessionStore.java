package io.github.sessionkit.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A store that passes every call to another, default methods included; subclasses override what
 * they observe or change (metrics, test doubles). Extending it instead of implementing {@link
 * SessionStore} keeps a wrapper from silently skipping the wrapped store's answer to a method the
 * SPI gains later. Thread-safe if the wrapped store is.
 *
 * <p>Each variant is forwarded to the same variant of the wrapped store: a subclass that changes
 * what {@link #merge} or {@link #fill(SessionRecord)} write (encrypting values, say) must change
 * {@link #mergeUnannounced} and {@link #fill(SessionRecord, SessionDelta)} alike, and {@link
 * #load(SessionKey, long)} with {@link #load(SessionKey)}.
 */
public abstract class ForwardingSessionStore implements SessionStore {

  private final SessionStore delegate;

  protected ForwardingSessionStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  /** The wrapped store. */
  public SessionStore delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    return delegate.load(key);
  }

  @Override
  public boolean insert(SessionRecord record) {
    return delegate.insert(record);
  }

  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    return delegate.merge(key, delta);
  }

  @Override
  public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return delegate.mergeUnannounced(key, delta);
  }

  @Override
  public FillOutcome fill(SessionRecord record, SessionDelta change) {
    return delegate.fill(record, change);
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    return delegate.compareAndSet(expectedVersion, record);
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    return delegate.putIfNewer(record);
  }

  @Override
  public FillOutcome fill(SessionRecord record) {
    return delegate.fill(record);
  }

  @Override
  public @Nullable SessionRecord load(SessionKey key, long minVersion) {
    return delegate.load(key, minVersion);
  }

  @Override
  public Optional<GenerationalCache> generationalCache() {
    return delegate.generationalCache();
  }

  @Override
  public Optional<GenerationLedger> generationLedger() {
    return delegate.generationLedger();
  }

  @Override
  public Optional<TierView> tiers() {
    return delegate.tiers();
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    return delegate.touch(key, lastAccessedAt);
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    return delegate.changeKey(from, to);
  }

  @Override
  public boolean delete(SessionKey key) {
    return delegate.delete(key);
  }

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    return delegate.findByPrincipal(tenant, principal);
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    return delegate.purgeExpired(nowMillis, maxSessions);
  }

  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    delegate.forEachKey(visitor);
  }

  @Override
  public boolean expiresEntriesItself() {
    return delegate.expiresEntriesItself();
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    return delegate.stats(nowMillis, createdSinceMillis);
  }

  @Override
  public StoreHealth health() {
    return delegate.health();
  }

  @Override
  public StoreSubscription subscribe(StoreListener listener) {
    return delegate.subscribe(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
