package io.github.sessionkit.spi;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Storage of session records: the contract every backend implements.
 *
 * <p>Stores see only {@link SessionKey}s (hashed ids) and encoded {@link SessionRecord}s; expiry
 * rules, id validation and encoding are the manager's job. Every operation is atomic for its key
 * and costs one round trip to the backend where the backend allows it.
 *
 * <p>Rules every implementation keeps (the testkit's contract suite checks them):
 *
 * <ul>
 *   <li>Only {@link #insert} creates a session. {@link #merge}, {@link #touch}, {@link
 *       #compareAndSet} and {@link #changeKey} act on a stored session and report a missing one, so
 *       a write that races a delete never brings the session back ("logout wins").
 *   <li>A record whose {@link SessionRecord#expiresAt()} has passed is never returned by {@link
 *       #load}; it is either gone or reported as absent.
 *   <li>Data a store cannot decode (corrupt or foreign bytes under a session key) is a miss with a
 *       logged warning, never an exception, and leaves other sessions untouched.
 *   <li>Nothing outside the store's own keys or tables is read, written or deleted.
 * </ul>
 *
 * <p>Failures to reach the backend are reported as {@code StoreUnavailableException}, and other
 * backend failures as {@code StoreException}. Implementations are thread-safe.
 */
public interface SessionStore extends AutoCloseable {

  /** A short name for logs and health output, for example {@code redis} or {@code memory}. */
  String name();

  /** Returns the live record for the key, or null when there is none. */
  @Nullable SessionRecord load(SessionKey key);

  /**
   * Returns the live record for the key at {@code minVersion} or later, or null when there is none.
   * A store that always answers with its latest copy (every single-backend store) needs nothing
   * more than {@link #load(SessionKey)}; a store of cached copies (the tiered store) skips copies
   * older than {@code minVersion}, so a client that carries the version it last saw never reads an
   * older one.
   */
  default @Nullable SessionRecord load(SessionKey key, long minVersion) {
    return load(key);
  }

  /**
   * Stores a new session.
   *
   * @return false, storing nothing, if a session already exists under the key
   */
  boolean insert(SessionRecord record);

  /**
   * Applies a delta to a stored session atomically: sets and removes the named attributes, leaves
   * the others as they are, keeps the later access time, increments the version.
   *
   * @return the record as stored after the merge, or null if no session exists under the key
   */
  @Nullable SessionRecord merge(SessionKey key, SessionDelta delta);

  /**
   * Replaces a stored session if its version is {@code expectedVersion}. The stored record becomes
   * {@code record} as given, whose version must be greater than the expected one.
   */
  WriteOutcome compareAndSet(long expectedVersion, SessionRecord record);

  /**
   * Stores a copy of a record that a slower store holds, unless this store already has the same or
   * a newer version, or the store knows the session was deleted recently. This is how caches are
   * filled and repaired; it may create the entry.
   *
   * @return whether the record was written
   */
  boolean putIfNewer(SessionRecord record);

  /**
   * {@link #putIfNewer}, telling whether the copy replaced a live one or was written where the
   * store held none. The default cannot tell them apart and answers {@link FillOutcome#CREATED} for
   * every write, which is the safe answer.
   */
  default FillOutcome fill(SessionRecord record) {
    return putIfNewer(record) ? FillOutcome.CREATED : FillOutcome.KEPT;
  }

  /**
   * Like {@link #merge(SessionKey, SessionDelta)}, but the store need not announce the change to
   * other nodes' listeners: the caller announces it another way (the tiered store, through the
   * cache tier's own notice). A store without the option announces as usual.
   */
  default @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
    return merge(key, delta);
  }

  /**
   * Like {@link #fill(SessionRecord)} for a cache, when {@code record} is {@code change} applied to
   * the version before it: a store that holds exactly that version (of its current generation) may
   * apply the change instead of rewriting the whole record, and answers {@link
   * FillOutcome#REPLACED}; otherwise it writes the full record as {@code fill} does. The default
   * writes the full record.
   */
  default FillOutcome fill(SessionRecord record, SessionDelta change) {
    return fill(record);
  }

  /**
   * Moves only the access time and expiry of a stored session: sets the access time to {@code
   * lastAccessedAt} if that is later than the stored one. Version and attributes are left as they
   * are.
   *
   * @return false if no session exists under the key
   */
  boolean touch(SessionKey key, long lastAccessedAt);

  /**
   * Moves a stored session to a new key (id rotation), keeping everything else.
   *
   * @return false if no session exists under {@code from}; the new key is then not created
   */
  boolean changeKey(SessionKey from, SessionKey to);

  /** Deletes a session and its index entries. Returns whether it existed. */
  boolean delete(SessionKey key);

  /**
   * All stored sessions of a principal in a tenant, expired ones included if the store still has
   * them. Index entries that point at nothing are cleaned up on the way.
   */
  List<SessionRecord> findByPrincipal(String tenant, String principal);

  /**
   * Deletes at most {@code maxSessions} sessions whose expiry is at or before {@code nowMillis} and
   * returns them. Safe to run on many nodes at once: concurrent purges neither block on each other
   * nor delete a session twice. A store that expires entries by itself (see {@link
   * #expiresEntriesItself()}) may return fewer than have expired, as some are already gone.
   */
  List<PurgedSession> purgeExpired(long nowMillis, int maxSessions);

  /**
   * Whether the backend removes expired sessions without {@link #purgeExpired} being called (Redis
   * TTLs, Caffeine expiry). The manager schedules purges for the others.
   */
  default boolean expiresEntriesItself() {
    return false;
  }

  /**
   * Visits the key of every stored session, of every tenant, for rare work an operator runs over
   * the whole store (re-encrypting sessions after an encryption key rotation). Expired sessions not
   * yet removed may be visited; sessions created or removed during the walk may or may not be; a
   * key may be visited twice (Redis SCAN can repeat one). The walk costs a round trip per page of
   * keys and holds no lock or connection while the visitor runs, so the visitor may call this
   * store. It stops when the visitor returns false.
   *
   * <p>The default throws {@link UnsupportedOperationException}: a store written before this method
   * existed keeps compiling and says plainly that it cannot be walked. Every store of this project
   * implements it.
   */
  default void forEachKey(Predicate<SessionKey> visitor) {
    throw new UnsupportedOperationException(
        "store " + name() + " cannot list its sessions (forEachKey)");
  }

  /**
   * Counts for operators. May be expensive on some backends; callers cache the result.
   *
   * @param nowMillis what counts as now for "active"
   * @param createdSinceMillis lower bound of {@link StoreStats#createdSince()}
   */
  StoreStats stats(long nowMillis, long createdSinceMillis);

  /** Whether the backend answers now, with details safe to show operators (no secrets). */
  StoreHealth health();

  /**
   * Subscribes to changes made by other nodes, so a local cache can drop its copies. Stores without
   * cross-node notifications return {@link StoreSubscription#NONE}.
   */
  default StoreSubscription subscribe(StoreListener listener) {
    return StoreSubscription.NONE;
  }

  /**
   * The tiers of a store made of other stores (see {@link TierView}), or empty for a store with a
   * single backend. Rarely needed: health, stats and metrics use it.
   */
  default Optional<TierView> tiers() {
    return Optional.empty();
  }

  /**
   * This store as a cache whose content can go back in time (see {@link GenerationalCache}), or
   * empty. Redis implements it.
   */
  default Optional<GenerationalCache> generationalCache() {
    return Optional.empty();
  }

  /**
   * This store as the keeper of cache generations for the caches above it (see {@link
   * GenerationLedger}), or empty. PostgreSQL implements it.
   */
  default Optional<GenerationLedger> generationLedger() {
    return Optional.empty();
  }

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
