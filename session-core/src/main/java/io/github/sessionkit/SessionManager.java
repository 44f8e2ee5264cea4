package io.github.sessionkit;

import io.github.sessionkit.internal.PurgeScheduler;
import io.github.sessionkit.internal.SessionIds;
import io.github.sessionkit.internal.StoreProviders;
import io.github.sessionkit.internal.crypto.EncryptingSessionStore;
import io.github.sessionkit.internal.crypto.EncryptionKeys;
import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreStats;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.spi.TierView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: creates, finds, saves, rotates and invalidates sessions kept in a {@link
 * SessionStore}.
 *
 * <pre>{@code
 * SessionManager sessions = SessionManager.fromEnvironment();   // or SessionManager.builder()...build()
 * Session session = sessions.create("alice");
 * session.put("cart", List.of("book"));
 * sessions.save(session);                                      // one write
 * Optional<Session> again = sessions.find(session.id());        // on any node sharing the store
 * }</pre>
 *
 * <p>Expiry: a session dies after its idle timeout without use, or at its absolute expiry,
 * whichever comes first. {@link #find} slides the idle window, but writes the new access time to
 * the store at most once per touch interval (a tenth of the idle timeout by default), so a
 * read-only request usually writes nothing.
 *
 * <p>Thread-safe. One instance per application (and per store); {@link #forTenant} gives views for
 * other tenants that share it. Close it at shutdown to release the store.
 */
public final class SessionManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
  private static final int PURGE_BATCH = 500;
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
  private static final long STATS_CACHE_MILLIS = 5_000;

  private final Shared shared;
  private final String tenant;

  private SessionManager(Shared shared, String tenant) {
    this.shared = shared;
    this.tenant = tenant;
  }

  /** Starts building a manager in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A manager configured by environment variables ({@code SESSION_STORE}, {@code REDIS_URL}, {@code
   * DATABASE_URL}, {@code SESSION_IDLE_TIMEOUT}...; see the README). With none set, sessions are
   * kept in memory.
   *
   * @throws ConfigurationException naming the first variable with a wrong value
   */
  public static SessionManager fromEnvironment() {
    return builder().settings(Settings.fromEnvironment()).build();
  }

  /**
   * A manager configured by properties, named like the environment variables or in their lower-case
   * dotted form ({@code session.idle.timeout}).
   *
   * @throws ConfigurationException naming the first property with a wrong value
   */
  public static SessionManager fromProperties(Properties properties) {
    return builder().settings(Settings.fromProperties(properties)).build();
  }

  /** A view of this manager for another tenant, sharing its store and settings. */
  public SessionManager forTenant(String tenant) {
    if (!SessionKey.isValidTenant(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be 1 to 64 characters of [A-Za-z0-9_.-] starting with a letter or digit, got"
              + " '"
              + tenant
              + "'");
    }
    return tenant.equals(this.tenant) ? this : new SessionManager(shared, tenant);
  }

  /** The tenant this manager (or view) works in. */
  public String tenant() {
    return tenant;
  }

  /** A new anonymous session, stored at its first {@link #save}. */
  public Session create() {
    return create(null);
  }

  /**
   * A new session for a principal (or anonymous when null), stored at its first {@link #save}. Its
   * id is 256 bits from a CSPRNG.
   */
  public Session create(@Nullable String principal) {
    shared.checkOpen();
    Session.checkPrincipal(principal);
    String id = shared.ids.next();
    return new Session(
        shared.settings, id, SessionKey.forId(tenant, id), principal, shared.clock.millis());
  }

  /**
   * Finds a live session by id. A null, malformed or unknown id, or an expired session, is an empty
   * result; a malformed id is refused without any store call. The returned session's idle window
   * starts now; the store learns it at most once per touch interval.
   *
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public Optional<Session> find(@Nullable String id) {
    return find(id, 0);
  }

  /**
   * Like {@link #find(String)}, for a client that carries the version of the session it last saw
   * (the servlet filter keeps it in the session cookie): no copy older than {@code minVersion} is
   * served, on this node or any other, so the client reads its own writes whichever node answers. A
   * cache that holds only an older copy is passed over for the next tier, down to the record of
   * truth. A {@code minVersion} higher than any the session reached (a forged or stale cookie)
   * costs a read of the record of truth and is otherwise ignored: the session found there is
   * returned.
   *
   * @param minVersion the version the client last saw ({@link Session#version()}), or 0
   */
  public Optional<Session> find(@Nullable String id, long minVersion) {
    return find(id, minVersion, false);
  }

  /**
   * Like {@link #find(String, long)}, for a caller that ends every request with {@link
   * #save(Session)} (the servlet filter does): a touch that falls due is not written now but by
   * that save, inside its merge when the request changed the session, so the first request after a
   * touch interval costs two round trips rather than three. A session that is never saved
   * afterwards loses the touch, which shortens its idle window until the next one; use {@link
   * #find(String, long)} when a save is not certain.
   *
   * @param minVersion the version the client last saw ({@link Session#version()}), or 0
   */
  public Optional<Session> findDeferringTouch(@Nullable String id, long minVersion) {
    return find(id, minVersion, true);
  }

  private Optional<Session> find(@Nullable String id, long minVersion, boolean deferTouch) {
    shared.checkOpen();
    if (!SessionIds.isValid(id)) {
      if (id != null) {
        shared.rejectedIds.increment();
      }
      return Optional.empty();
    }
    SessionKey key = SessionKey.forId(tenant, id);
    SessionRecord record = shared.store.load(key, minVersion);
    if (record == null) {
      return Optional.empty();
    }
    long now = shared.clock.millis();
    if (record.isExpiredAt(now)) {
      expire(record);
      return Optional.empty();
    }
    if (oversized(record)) {
      return Optional.empty();
    }
    Session session = new Session(shared.settings, id, record, now);
    if (now - record.lastAccessedAt() >= shared.settings.touchIntervalMillis()) {
      if (deferTouch) {
        session.deferTouch();
        return Optional.of(session);
      }
      touch(session, now);
      if (session.isInvalidated()) {
        return Optional.empty();
      }
    }
    return Optional.of(session);
  }

  /**
   * Whether a stored session is larger than this manager accepts (written by something else, or
   * under a larger limit): served, every later put on it would fail, so it is a miss with a
   * warning, as corrupt data is. Free for ordinary sessions: the exact size is computed only when
   * three bytes per character could exceed the limit.
   */
  private boolean oversized(SessionRecord record) {
    long limit = shared.settings.maxSessionBytes();
    long chars = 0;
    for (Map.Entry<String, String> e : record.attributes().entrySet()) {
      chars += e.getKey().length() + e.getValue().length();
    }
    if (chars * 3 <= limit) {
      return false;
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : record.attributes().entrySet()) {
      bytes += Session.utf8Length(e.getKey()) + Session.utf8Length(e.getValue());
    }
    if (bytes <= limit) {
      return false;
    }
    log.warn(
        "session {} in store {} holds {} bytes of attributes, over the limit of {}"
            + " (SESSION_MAX_SESSION_BYTES): treated as absent",
        record.key().hash(),
        shared.store.name(),
        bytes,
        limit);
    return true;
  }

  private void touch(Session session, long now) {
    try {
      if (shared.store.touch(session.key(), now)) {
        session.touched();
      } else {
        session.markInvalidated();
      }
    } catch (StoreException e) {
      // The read succeeded; a lost touch only shortens the idle window until the next one.
      log.debug("touch of session {} failed: {}", session.handle(), e.toString());
    }
  }

  /**
   * Writes what changed: the whole session on its first save, else one merge of the changed
   * attributes (other nodes' changes to other attributes are kept). Does nothing if nothing
   * changed.
   *
   * @throws SessionInvalidatedException if the session was invalidated or expired meanwhile;
   *     nothing is written, as a logout always wins
   * @throws SessionLimitExceededException if the principal is at its session limit and the policy
   *     is {@link SessionLimitPolicy#REJECT_NEW}
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public void save(Session session) {
    shared.checkOpen();
    checkTenant(session);
    if (session.isInvalidated()) {
      throw new SessionInvalidatedException(
          "session " + session.handle() + " was invalidated; it cannot be saved");
    }
    if (!session.hasChanges()) {
      return;
    }
    if (session.onlyTouchDeferred()) {
      touch(session, shared.clock.millis());
      if (session.isInvalidated()) {
        throw new SessionInvalidatedException(
            "session "
                + session.handle()
                + " was invalidated or expired before its deferred touch was written");
      }
      return;
    }
    if (session.principal() != null && session.principalChanged()) {
      enforceLimit(session);
    }
    if (session.isNew()) {
      SessionRecord record = session.toRecord();
      if (!shared.store.insert(record)) {
        throw new IllegalStateException(
            "session " + session.handle() + " is already stored; was it saved twice concurrently?");
      }
      session.saved(record);
      shared.created.increment();
      shared.fire(
          SessionListener::created,
          event(SessionEvent.Type.CREATED, session.handle(), null, session.principal()));
      return;
    }
    SessionRecord merged = shared.store.merge(session.key(), session.toDelta());
    if (merged == null) {
      session.markInvalidated();
      throw new SessionInvalidatedException(
          "session "
              + session.handle()
              + " was invalidated or expired before this save; its changes were not written");
    }
    session.saved(merged);
  }

  /**
   * Gives the session a new id, keeping its content: call it at login (and at any privilege change)
   * so an id an attacker planted earlier is worthless. Returns the new id, which the caller must
   * hand to the client (a new cookie or token); the old id stops working.
   *
   * @throws SessionInvalidatedException if the session was invalidated meanwhile
   */
  public String rotateId(Session session) {
    shared.checkOpen();
    checkTenant(session);
    if (session.isInvalidated()) {
      throw new SessionInvalidatedException(
          "session " + session.handle() + " was invalidated; its id cannot be rotated");
    }
    String newId = shared.ids.next();
    SessionKey newKey = SessionKey.forId(tenant, newId);
    String previousHandle = session.handle();
    if (!session.isNew() && !shared.store.changeKey(session.key(), newKey)) {
      session.markInvalidated();
      throw new SessionInvalidatedException(
          "session "
              + previousHandle
              + " was invalidated or expired before its id could be rotated");
    }
    session.changeId(newId, newKey);
    shared.rotated.increment();
    shared.fire(
        SessionListener::idRotated,
        event(SessionEvent.Type.ID_ROTATED, newKey.hash(), previousHandle, session.principal()));
    return newId;
  }

  /**
   * Ends a session by id (logout). Malformed or unknown ids are ignored.
   *
   * <p>What holds once this returns: the store no longer has the session, so no later {@code find}
   * on <em>this</em> node returns it, and no save anywhere brings it back (a save racing the logout
   * fails with {@link SessionInvalidatedException}). On <em>other</em> nodes of a tiered store, a
   * local copy is dropped as soon as the change notice arrives (Redis pub/sub, or PostgreSQL
   * LISTEN/NOTIFY while Redis is down: about a millisecond on a LAN); until then a request there
   * may still be served from it. If no notification channel is connected on a node, it serves no
   * local copies at all. Redis copies are removed with a tombstone, and a cache fill racing the
   * logout is checked against the record of truth and taken back, so the logout holds whatever
   * Redis holds or lacks (evicted keys, a restart, an older snapshot: see {@code docs/design.md},
   * "Logout is final").
   *
   * @return whether a session was removed
   * @throws StoreUnavailableException if the record of truth cannot be reached; the session is then
   *     also removed from every cache tier this node reaches, but may live on in the record of
   *     truth
   */
  public boolean invalidate(@Nullable String id) {
    shared.checkOpen();
    if (!SessionIds.isValid(id)) {
      return false;
    }
    return remove(SessionKey.forId(tenant, id), null);
  }

  /** Ends a session (logout) and marks this copy unusable. */
  public boolean invalidate(Session session) {
    shared.checkOpen();
    checkTenant(session);
    session.markInvalidated();
    return !session.isNew() && remove(session.key(), session.principal());
  }

  /** Ends one of the sessions listed by {@link #sessionsOf} ("log out that device"). */
  public boolean revoke(SessionInfo session) {
    shared.checkOpen();
    return remove(SessionKey.of(session.tenant(), session.handle()), session.principal());
  }

  /**
   * Ends every session of a principal in this tenant (log out everywhere). A session whose id
   * another request rotates meanwhile is found under its new id and ended too: the principal's
   * sessions are listed again after the deletions, until the list comes back empty (at most {@value
   * #INVALIDATE_ALL_ROUNDS} rounds, so a principal logging in without pause cannot keep this call
   * going). What {@link #invalidate(String)} guarantees on other nodes holds for each.
   *
   * @return how many live sessions were removed
   * @throws InvalidPrincipalException if no store could hold this principal
   */
  public int invalidateAll(String principal) {
    shared.checkOpen();
    Objects.requireNonNull(principal, "principal");
    Session.checkPrincipal(principal);
    int removed = 0;
    for (int round = 0; round < INVALIDATE_ALL_ROUNDS; round++) {
      List<SessionRecord> listed = shared.store.findByPrincipal(tenant, principal);
      if (listed.isEmpty()) {
        break;
      }
      long now = shared.clock.millis();
      for (SessionRecord record : listed) {
        boolean live = !record.isExpiredAt(now);
        if (shared.store.delete(record.key()) && live) {
          removed++;
          shared.invalidated.increment();
          shared.fire(
              SessionListener::invalidated,
              event(SessionEvent.Type.INVALIDATED, record.key().hash(), null, principal));
        }
      }
    }
    return removed;
  }

  /** Most listings {@link #invalidateAll} makes. */
  static final int INVALIDATE_ALL_ROUNDS = 8;

  /** The live sessions of a principal in this tenant, oldest first. */
  public List<SessionInfo> sessionsOf(String principal) {
    shared.checkOpen();
    Objects.requireNonNull(principal, "principal");
    Session.checkPrincipal(principal);
    long now = shared.clock.millis();
    List<SessionInfo> result = new ArrayList<>();
    for (SessionRecord record : liveSessionsOf(principal, now)) {
      result.add(
          new SessionInfo(
              record.key().hash(),
              record.key().tenant(),
              record.principal(),
              Instant.ofEpochMilli(record.createdAt()),
              Instant.ofEpochMilli(record.lastAccessedAt()),
              Instant.ofEpochMilli(record.expiresAt()),
              record.version()));
    }
    return result;
  }

  private List<SessionRecord> liveSessionsOf(String principal, long now) {
    List<SessionRecord> live = new ArrayList<>();
    for (SessionRecord record : shared.store.findByPrincipal(tenant, principal)) {
      if (!record.isExpiredAt(now) && principal.equals(record.principal())) {
        live.add(record);
      }
    }
    live.sort(Comparator.comparingLong(SessionRecord::createdAt));
    return live;
  }

  /**
   * Removes expired sessions from the store in batches, telling listeners. Stores that expire
   * entries themselves need this only for the events. Safe to run on every node.
   *
   * @return how many sessions were removed
   */
  public int purgeExpired() {
    shared.checkOpen();
    int total = 0;
    for (int batch = 0; batch < 100_000; batch++) {
      List<PurgedSession> purged = shared.store.purgeExpired(shared.clock.millis(), PURGE_BATCH);
      for (PurgedSession p : purged) {
        shared.expired.increment();
        shared.fire(
            SessionListener::expired,
            new SessionEvent(
                SessionEvent.Type.EXPIRED,
                p.key().hash(),
                null,
                p.key().tenant(),
                p.principal(),
                Instant.ofEpochMilli(p.expiresAt())));
      }
      total += purged.size();
      if (purged.size() < PURGE_BATCH) {
        break;
      }
    }
    return total;
  }

  /**
   * Counts from the store and from this manager. The store's counts are cached for {@value
   * #STATS_CACHE_MILLIS} ms, so a dashboard or health endpoint may poll this freely. Never throws
   * for an unreachable store: its counts are then {@link StoreStats#UNKNOWN}.
   */
  public SessionStats stats() {
    shared.checkOpen();
    CachedStats cached = shared.cachedStats;
    long nowNanos = System.nanoTime();
    if (cached == null
        || nowNanos - cached.atNanos() > TimeUnit.MILLISECONDS.toNanos(STATS_CACHE_MILLIS)) {
      long now = shared.clock.millis();
      StoreStats counted;
      try {
        counted = shared.store.stats(now, now - DAY_MILLIS);
      } catch (StoreException e) {
        // A dashboard must keep answering while the store (or a tiered store's record of
        // truth) is down: its counts are unknown then, the manager's own counts are not.
        log.debug("session counts unavailable: {}", e.toString());
        counted = new StoreStats(StoreStats.UNKNOWN, StoreStats.UNKNOWN, StoreStats.UNKNOWN);
      }
      cached = new CachedStats(counted, nowNanos);
      shared.cachedStats = cached;
    }
    StoreStats store = cached.stats();
    return new SessionStats(
        shared.store.name(),
        servingTier(),
        store.total(),
        store.active(),
        store.createdSince(),
        shared.created.sum(),
        shared.invalidated.sum(),
        shared.expired.sum(),
        shared.rotated.sum(),
        shared.rejectedIds.sum(),
        shared.limitRejections.sum(),
        tierStats());
  }

  private record CachedStats(StoreStats stats, long atNanos) {}

  private String servingTier() {
    return shared.undecorated.tiers().map(TierView::servingTier).orElse(shared.store.name());
  }

  private List<TierStats> tierStats() {
    return shared.undecorated.tiers().map(TierView::tierStats).orElse(List.of());
  }

  /**
   * Rewrites, with the newest encryption key, every stored session (of every tenant) that still
   * holds values of an older key or plain values: the "re-encrypt the rest" step of a key rotation
   * (sessions that are saved are rewritten at their save anyway). Sessions in use are never set
   * back: each rewrite is a compare-and-set on the version read. Walks the whole store, one read
   * per session; safe to run on several nodes at once or again after an interruption. From the
   * command line: {@code java -cp <classpath> io.github.sessionkit.ReencryptCommand} with the
   * application's environment.
   *
   * @throws ConfigurationException if no encryption keys are configured
   * @throws StoreUnavailableException if the store cannot be reached; a later run continues
   */
  public ReencryptionReport reencrypt() {
    shared.checkOpen();
    EncryptingSessionStore encryption = shared.encryption;
    if (encryption == null) {
      String name = ManagerSettings.ENCRYPTION_KEYS.name();
      throw new ConfigurationException(
          name, name + " is not set: there is nothing to re-encrypt with");
    }
    return encryption.reencryptAll();
  }

  /**
   * Whether the store answers now, with each tier's health and breaker state for a tiered store.
   * Never throws for an unreachable store; contains no secrets.
   */
  public Health health() {
    StoreHealth health;
    try {
      health = shared.store.health();
    } catch (RuntimeException e) {
      health = StoreHealth.down(shared.store.name(), e.getClass().getSimpleName());
    }
    return new Health(
        health.available(), shared.store.name(), servingTier(), List.of(health), tierStats());
  }

  /**
   * Adds a listener for session events, for example a metrics binding. May be called at any time;
   * it sees the events from then on.
   */
  public void addListener(SessionListener listener) {
    shared.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The idle timeout given to new sessions. */
  public Duration idleTimeout() {
    return Duration.ofMillis(shared.settings.idleTimeoutMillis());
  }

  /** The absolute lifetime given to new sessions. */
  public Duration absoluteTimeout() {
    return Duration.ofMillis(shared.settings.absoluteTimeoutMillis());
  }

  /** How often at most the access time of a session is written to the store. */
  public Duration touchInterval() {
    return Duration.ofMillis(shared.settings.touchIntervalMillis());
  }

  /**
   * The store, for operations the manager does not offer: the outermost one when {@link
   * Builder#decorateStore} wrapped it. Writing to it directly bypasses expiry rules and events.
   */
  public SessionStore store() {
    return shared.store;
  }

  /** Closes the store; every tenant view of this manager stops working. Idempotent. */
  @Override
  public void close() {
    if (shared.closed.compareAndSet(false, true)) {
      if (shared.purgeScheduler != null) {
        shared.purgeScheduler.close();
      }
      shared.store.close();
    }
  }

  @Override
  public String toString() {
    return "SessionManager{store=" + shared.store.name() + ", tenant=" + tenant + "}";
  }

  // --- internals ------------------------------------------------------------------------

  private boolean remove(SessionKey key, @Nullable String principal) {
    if (!shared.store.delete(key)) {
      return false;
    }
    shared.invalidated.increment();
    shared.fire(
        SessionListener::invalidated,
        event(SessionEvent.Type.INVALIDATED, key.hash(), null, principal));
    return true;
  }

  private void expire(SessionRecord record) {
    try {
      // An expired session counts as absent to the store, so delete() may report false; the
      // event is still due, as this node is the one that found it expired.
      shared.store.delete(record.key());
    } catch (StoreException e) {
      log.debug("removing expired session {} failed: {}", record.key(), e.toString());
    }
    shared.expired.increment();
    shared.fire(
        SessionListener::expired,
        new SessionEvent(
            SessionEvent.Type.EXPIRED,
            record.key().hash(),
            null,
            record.key().tenant(),
            record.principal(),
            Instant.ofEpochMilli(record.expiresAt())));
  }

  private void enforceLimit(Session session) {
    int max = shared.maxSessionsPerPrincipal;
    String principal = session.principal();
    if (max <= 0 || principal == null) {
      return;
    }
    List<SessionRecord> others = new ArrayList<>(liveSessionsOf(principal, shared.clock.millis()));
    others.removeIf(r -> r.key().equals(session.key()));
    int excess = others.size() + 1 - max;
    if (excess <= 0) {
      return;
    }
    if (shared.limitPolicy == SessionLimitPolicy.REJECT_NEW) {
      shared.limitRejections.increment();
      throw new SessionLimitExceededException(principal, max);
    }
    for (int i = 0; i < excess; i++) {
      remove(others.get(i).key(), principal);
    }
  }

  private void checkTenant(Session session) {
    if (!session.tenant().equals(tenant)) {
      throw new IllegalArgumentException(
          "session of tenant '"
              + session.tenant()
              + "' given to the manager of tenant '"
              + tenant
              + "'; use forTenant(\""
              + session.tenant()
              + "\")");
    }
  }

  private SessionEvent event(
      SessionEvent.Type type,
      String handle,
      @Nullable String previous,
      @Nullable String principal) {
    return new SessionEvent(
        type, handle, previous, tenant, principal, Instant.ofEpochMilli(shared.clock.millis()));
  }

  /** State shared by a manager and its tenant views. */
  private static final class Shared {
    final SessionStore store;

    /**
     * The store before {@link Builder#decorateStore} wrapped it: what stats and health inspect for
     * tiers.
     */
    final SessionStore undecorated;

    final Clock clock;
    final SessionSettings settings;
    final SessionIds ids = new SessionIds();
    final List<SessionListener> listeners;
    final int maxSessionsPerPrincipal;
    final SessionLimitPolicy limitPolicy;

    /**
     * The encrypting layer of the store, when encryption keys are configured; set once by the
     * builder.
     */
    @Nullable EncryptingSessionStore encryption;

    final AtomicBoolean closed = new AtomicBoolean();
    volatile @Nullable CachedStats cachedStats;
    volatile @Nullable PurgeScheduler purgeScheduler;
    final LongAdder created = new LongAdder();
    final LongAdder invalidated = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder rotated = new LongAdder();
    final LongAdder rejectedIds = new LongAdder();
    final LongAdder limitRejections = new LongAdder();

    Shared(
        SessionStore store,
        SessionStore undecorated,
        Clock clock,
        SessionSettings settings,
        List<SessionListener> listeners,
        int maxSessionsPerPrincipal,
        SessionLimitPolicy limitPolicy) {
      this.store = store;
      this.undecorated = undecorated;
      this.clock = clock;
      this.settings = settings;
      this.listeners = new CopyOnWriteArrayList<>(listeners);
      this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
      this.limitPolicy = limitPolicy;
    }

    void checkOpen() {
      if (closed.get()) {
        throw new IllegalStateException("this SessionManager is closed");
      }
    }

    void fire(BiConsumer<SessionListener, SessionEvent> method, SessionEvent event) {
      for (SessionListener listener : listeners) {
        try {
          method.accept(listener, event);
        } catch (RuntimeException e) {
          log.warn(
              "session listener {} failed on {} event; the operation was not affected",
              listener.getClass().getName(),
              event.type(),
              e);
        }
      }
    }
  }

  /**
   * Builds a {@link SessionManager}. Every method validates its argument at once and throws {@link
   * ConfigurationException} naming the setting and the value. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable SessionStore store;
    private @Nullable String storeUrl;
    private Settings settings = Settings.empty();
    private Clock clock = Clock.systemUTC();
    private SessionCodec codec = SessionCodec.json();
    private Duration idleTimeout = ManagerSettings.IDLE_TIMEOUT.defaultValue().orElseThrow();
    private Duration absoluteTimeout =
        ManagerSettings.ABSOLUTE_TIMEOUT.defaultValue().orElseThrow();
    private @Nullable Duration touchInterval;
    private String touchIntervalSetting = "touchInterval";
    private long maxAttributeBytes =
        ManagerSettings.MAX_ATTRIBUTE_BYTES.defaultValue().orElseThrow();
    private long maxSessionBytes = ManagerSettings.MAX_SESSION_BYTES.defaultValue().orElseThrow();

    /** Where each byte limit came from, so a contradiction names what the user wrote. */
    private String maxAttributeBytesSetting = "maxAttributeBytes";

    private String maxSessionBytesSetting = "maxSessionBytes";
    private int maxSessionsPerPrincipal;
    private SessionLimitPolicy limitPolicy = SessionLimitPolicy.REJECT_NEW;
    private String tenant = SessionKey.DEFAULT_TENANT;
    private String keyPrefix = StoreContext.DEFAULT_KEY_PREFIX;
    private Duration purgeInterval = ManagerSettings.PURGE_INTERVAL.defaultValue().orElseThrow();
    private @Nullable Boolean automaticPurge;
    private final List<SessionListener> listeners = new ArrayList<>();
    private final List<UnaryOperator<SessionStore>> storeDecorators = new ArrayList<>();
    private @Nullable EncryptionKeys encryptionKeys;
    private boolean encryptionAcceptsPlaintext;

    private Builder() {}

    /**
     * Reads every setting this builder knows from {@code settings} (see the README's configuration
     * table); methods called afterwards override them. Wrong values fail here.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      idleTimeout = ManagerSettings.IDLE_TIMEOUT.read(settings, idleTimeout);
      absoluteTimeout = ManagerSettings.ABSOLUTE_TIMEOUT.read(settings, absoluteTimeout);
      Optional<Duration> touch = ManagerSettings.TOUCH_INTERVAL.find(settings);
      if (touch.isPresent()) {
        touchInterval = touch.get();
        touchIntervalSetting = ManagerSettings.TOUCH_INTERVAL.name();
      }
      maxAttributeBytes =
          ManagerSettings.MAX_ATTRIBUTE_BYTES.read(settings, (int) maxAttributeBytes);
      maxSessionBytes = ManagerSettings.MAX_SESSION_BYTES.read(settings, (int) maxSessionBytes);
      // Configured from settings, a default too is changed through the variable, so name it.
      maxAttributeBytesSetting = ManagerSettings.MAX_ATTRIBUTE_BYTES.name();
      maxSessionBytesSetting = ManagerSettings.MAX_SESSION_BYTES.name();
      maxSessionsPerPrincipal =
          ManagerSettings.MAX_PER_PRINCIPAL.read(settings, maxSessionsPerPrincipal);
      limitPolicy =
          ManagerSettings.LIMIT_POLICY.read(settings).equals("evict-oldest")
              ? SessionLimitPolicy.EVICT_OLDEST
              : SessionLimitPolicy.REJECT_NEW;
      Optional<String> tenantSetting = ManagerSettings.TENANT.find(settings);
      if (tenantSetting.isPresent()) {
        tenant = checkTenant(ManagerSettings.TENANT.name(), tenantSetting.get());
      }
      Optional<String> prefix = ManagerSettings.KEY_PREFIX.find(settings);
      if (prefix.isPresent()) {
        keyPrefix = checkPrefix(ManagerSettings.KEY_PREFIX.name(), prefix.get());
      }
      purgeInterval = ManagerSettings.PURGE_INTERVAL.read(settings, purgeInterval);
      Optional<Boolean> purge = ManagerSettings.PURGE_ENABLED.find(settings);
      if (purge.isPresent()) {
        automaticPurge = purge.get();
      }
      Optional<String> packages = ManagerSettings.ATTRIBUTE_PACKAGES.find(settings);
      if (packages.isPresent()) {
        codec = attributePackagesCodec(packages.get());
      }
      ManagerSettings.STORE.read(settings);
      Optional<String> keys = ManagerSettings.ENCRYPTION_KEYS.find(settings);
      if (keys.isPresent()) {
        encryptionKeys = EncryptionKeys.parse(ManagerSettings.ENCRYPTION_KEYS.name(), keys.get());
      }
      encryptionAcceptsPlaintext =
          ManagerSettings.ENCRYPTION_ACCEPT_PLAINTEXT.read(settings, encryptionAcceptsPlaintext);
      return this;
    }

    /**
     * Encrypts attribute values at rest (AES-256-GCM) with these keys, given as {@code
     * id:base64key,id:base64key}, newest first: the first encrypts, all decrypt. Each key is 32
     * random bytes ({@code openssl rand -base64 32}); each id 1 to 32 characters of {@code
     * [A-Za-z0-9_.-]}. The same as {@code SESSION_ENCRYPTION_KEYS}. Keys are never printed. To
     * rotate: put a new key first, deploy, run {@link SessionManager#reencrypt()}, then drop the
     * old key. Default: no encryption.
     *
     * @throws ConfigurationException naming the wrong entry by position and id, never its key
     */
    public Builder encryptionKeys(String keys) {
      Objects.requireNonNull(keys, "keys");
      this.encryptionKeys = EncryptionKeys.parse("encryptionKeys", keys);
      return this;
    }

    /**
     * Whether, with encryption on, attribute values stored in plain text (before encryption was
     * turned on) are read as they are instead of making their session a miss. For the migration
     * window only: turn it on with the keys, run {@link SessionManager#reencrypt()}, turn it off.
     * The same as {@code SESSION_ENCRYPTION_ACCEPT_PLAINTEXT}. Default false: a plain value is what
     * someone with write access to the store could plant.
     */
    public Builder encryptionAcceptsPlaintext(boolean accept) {
      this.encryptionAcceptsPlaintext = accept;
      return this;
    }

    /**
     * Uses this store. The manager owns it from now on and closes it in {@link
     * SessionManager#close()}.
     */
    public Builder store(SessionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Uses the store a URL names ({@code memory:}, {@code redis://...}, {@code postgresql://...}),
     * built by the provider on the class path for its scheme.
     */
    public Builder storeUrl(String url) {
      Objects.requireNonNull(url, "url");
      if (url.isBlank()) {
        throw ConfigurationException.invalid(
            "storeUrl",
            url,
            "a store URL such as memory:, redis://host:6379 or postgresql://host/db");
      }
      this.storeUrl = url;
      return this;
    }

    /**
     * The clock for expiry and timestamps; tests pass a manual one. Default: the UTC system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The attribute codec. Default: {@link SessionCodec#json()}, or, when {@code
     * SESSION_ATTRIBUTE_PACKAGES} is set, the JSON codec allowing those packages.
     */
    public Builder codec(SessionCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** How long a session lives without use. Default 30 minutes. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive("idleTimeout", idleTimeout);
      return this;
    }

    /** How long a session lives however active it is. Default 24 hours. */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout = positive("absoluteTimeout", absoluteTimeout);
      return this;
    }

    /**
     * How often at most a read writes the access time to the store. Must be shorter than the idle
     * timeout. Default: a tenth of the idle timeout.
     */
    public Builder touchInterval(Duration touchInterval) {
      this.touchInterval = positive("touchInterval", touchInterval);
      this.touchIntervalSetting = "touchInterval";
      return this;
    }

    /** Largest encoded size of one attribute (name plus value), in bytes. Default 64 KiB. */
    public Builder maxAttributeBytes(long bytes) {
      if (bytes <= 0) {
        throw ConfigurationException.invalid(
            "maxAttributeBytes", String.valueOf(bytes), "a positive number of bytes");
      }
      this.maxAttributeBytes = bytes;
      this.maxAttributeBytesSetting = "maxAttributeBytes";
      return this;
    }

    /** Largest encoded size of all attributes of a session, in bytes. Default 512 KiB. */
    public Builder maxSessionBytes(long bytes) {
      if (bytes <= 0) {
        throw ConfigurationException.invalid(
            "maxSessionBytes", String.valueOf(bytes), "a positive number of bytes");
      }
      this.maxSessionBytes = bytes;
      this.maxSessionBytesSetting = "maxSessionBytes";
      return this;
    }

    /**
     * Limits how many live sessions one principal may have in a tenant. The check runs when a
     * session is first saved with a principal or its principal changes; it is not atomic across
     * nodes, so simultaneous logins may briefly exceed it. Default: no limit.
     */
    public Builder maxSessionsPerPrincipal(int max, SessionLimitPolicy policy) {
      if (max < 1) {
        throw ConfigurationException.invalid(
            "maxSessionsPerPrincipal", String.valueOf(max), "at least 1");
      }
      this.maxSessionsPerPrincipal = max;
      this.limitPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The tenant of this manager; {@link SessionManager#forTenant} gives others. Default {@code
     * default}.
     */
    public Builder tenant(String tenant) {
      this.tenant = checkTenant("tenant", tenant);
      return this;
    }

    /**
     * Prefix of the store's keys or names, to share a server between applications. Default {@code
     * session}.
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = checkPrefix("keyPrefix", keyPrefix);
      return this;
    }

    /**
     * How often, about, expired sessions are purged in the background (jittered by 10 %). Default 1
     * hour.
     */
    public Builder purgeInterval(Duration interval) {
      this.purgeInterval = positive("purgeInterval", interval);
      return this;
    }

    /**
     * Whether to purge expired sessions in the background. Default: only for stores that do not
     * expire entries themselves (PostgreSQL yes; Redis and memory no).
     */
    public Builder automaticPurge(boolean enabled) {
      this.automaticPurge = enabled;
      return this;
    }

    /**
     * Wraps the store the manager uses, whether given to {@link #store} or opened from the
     * settings, for example to time its calls ({@code SessionMetrics.meterStore}). Decorators apply
     * in the order added; the manager owns and closes the outermost store.
     */
    public Builder decorateStore(UnaryOperator<SessionStore> decorator) {
      storeDecorators.add(Objects.requireNonNull(decorator, "decorator"));
      return this;
    }

    /** Adds a listener for session events. */
    public Builder listener(SessionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the manager, opening the configured store.
     *
     * @throws ConfigurationException if settings contradict each other or name no usable store
     * @throws StoreUnavailableException if the store cannot be reached at start-up
     */
    public SessionManager build() {
      Duration touch = touchInterval != null ? touchInterval : idleTimeout.dividedBy(10);
      if (touch.isZero()) {
        touch = Duration.ofMillis(1);
      }
      if (touch.compareTo(idleTimeout) >= 0) {
        throw ConfigurationException.invalid(
            touchIntervalSetting,
            touch.toString(),
            "a duration shorter than the idle timeout (" + idleTimeout + ")");
      }
      if (maxAttributeBytes > maxSessionBytes) {
        // The one attribute would not fit in a session: name the setting the user wrote, which
        // is the environment variable when the value came from there, not this builder's field.
        throw new ConfigurationException(
            maxAttributeBytesSetting,
            maxAttributeBytesSetting
                + " ("
                + maxAttributeBytes
                + ") must not exceed "
                + maxSessionBytesSetting
                + " ("
                + maxSessionBytes
                + "): one attribute must fit in a session");
      }
      SessionSettings sessionSettings =
          new SessionSettings(
              codec,
              idleTimeout.toMillis(),
              absoluteTimeout.toMillis(),
              touch.toMillis(),
              maxAttributeBytes,
              maxSessionBytes);
      SessionStore undecorated = store != null ? store : openStore();
      SessionStore opened = undecorated;
      EncryptingSessionStore encryption = null;
      if (encryptionKeys != null) {
        // Innermost, so every other decorator (metrics) sees what the application sees.
        encryption =
            new EncryptingSessionStore(undecorated, encryptionKeys, encryptionAcceptsPlaintext);
        opened = encryption;
      }
      for (UnaryOperator<SessionStore> decorator : storeDecorators) {
        opened = Objects.requireNonNull(decorator.apply(opened), "a store decorator returned null");
      }
      // A store given in code has its own key prefix; only one opened here uses this builder's.
      log.info(
          "sessionkit started: store={}, tenant={}, {}idleTimeout={}, absoluteTimeout={},"
              + " touchInterval={}",
          describeStore(opened),
          tenant,
          store == null ? "keyPrefix=" + keyPrefix + ", " : "",
          idleTimeout,
          absoluteTimeout,
          touch);
      SessionManager manager =
          new SessionManager(
              new Shared(
                  opened,
                  undecorated,
                  clock,
                  sessionSettings,
                  listeners,
                  maxSessionsPerPrincipal,
                  limitPolicy),
              tenant);
      manager.shared.encryption = encryption;
      boolean purge = automaticPurge != null ? automaticPurge : !opened.expiresEntriesItself();
      if (purge) {
        manager.shared.purgeScheduler = PurgeScheduler.start(manager::purgeExpired, purgeInterval);
      }
      return manager;
    }

    private String describeStore(SessionStore opened) {
      return store != null ? opened.name() : opened.toString();
    }

    private SessionStore openStore() {
      ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
      ClassLoader loader =
          contextLoader != null ? contextLoader : SessionManager.class.getClassLoader();
      if (storeUrl == null && ManagerSettings.STORE.read(settings).equals("tiered")) {
        // The tiered store lives in its own module (session-tiered) and is found like any store;
        // it reads the idle timeout to size its repair bypass.
        Settings tieredSettings =
            settings.with(
                Map.of(ManagerSettings.IDLE_TIMEOUT.name(), idleTimeout.toMillis() + "ms"));
        return StoreProviders.open(
            new StoreContext(
                ManagerSettings.STORE.name(), "tiered:", tieredSettings, clock, keyPrefix),
            loader);
      }
      String[] url = storeContextUrl();
      return StoreProviders.open(
          new StoreContext(url[0], url[1], settings, clock, keyPrefix), loader);
    }

    /** The setting the store URL comes from, and the URL. */
    private String[] storeContextUrl() {
      if (storeUrl != null) {
        return new String[] {"storeUrl", storeUrl};
      }
      String kind = ManagerSettings.STORE.read(settings);
      return switch (kind) {
        case "redis" ->
            new String[] {
              ManagerSettings.REDIS_URL.name(),
              settings.require(
                  ManagerSettings.REDIS_URL.name(),
                  ManagerSettings.REDIS_URL.expected() + ", since SESSION_STORE=redis")
            };
        case "jdbc" -> {
          Optional<String> database = ManagerSettings.DATABASE_URL.find(settings);
          yield database.isPresent()
              ? new String[] {ManagerSettings.DATABASE_URL.name(), database.get()}
              : new String[] {
                ManagerSettings.JDBC_URL.name(),
                settings.require(
                    ManagerSettings.JDBC_URL.name(),
                    "a database URL in DATABASE_URL (postgresql://user:password@host:5432/db) or"
                        + " JDBC_URL, since SESSION_STORE=jdbc")
              };
        }
        default -> new String[] {ManagerSettings.STORE.name(), "memory:"};
      };
    }

    private static SessionCodec attributePackagesCodec(String packages) {
      try {
        return SessionCodec.jsonBuilder().allowPackages(packages.split("\\s*,\\s*")).build();
      } catch (ConfigurationException e) {
        throw ConfigurationException.invalid(
            ManagerSettings.ATTRIBUTE_PACKAGES.name(),
            packages,
            "a comma-separated list of Java package names such as"
                + " com.example.shop,com.example.auth");
      }
    }

    private static Duration positive(String setting, Duration value) {
      Objects.requireNonNull(value, setting);
      if (value.isNegative() || value.isZero() || value.compareTo(Settings.MAX_DURATION) > 0) {
        throw ConfigurationException.invalid(
            setting, value.toString(), "a positive duration of at most 36500 days");
      }
      return value;
    }

    private static String checkTenant(String setting, String value) {
      if (!SessionKey.isValidTenant(value)) {
        throw ConfigurationException.invalid(
            setting, Settings.mask(setting, value), ManagerSettings.TENANT.expected());
      }
      return value;
    }

    private static String checkPrefix(String setting, String value) {
      if (!value.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")) {
        throw ConfigurationException.invalid(
            setting, Settings.mask(setting, value), ManagerSettings.KEY_PREFIX.expected());
      }
      return value;
    }
  }
}
