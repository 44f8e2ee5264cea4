package io.github.sessionkit.tiered;

import static io.github.sessionkit.spi.StoreListener.UNKNOWN_VERSION;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.sessionkit.CallRefusedException;
import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.StoreException;
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
import io.github.sessionkit.spi.TierListener;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.spi.TierView;
import io.github.sessionkit.spi.WriteOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store made of other stores, fastest first: an optional in-process local tier, then remote
 * tiers, the last of which is the record of truth (typically local -> Redis -> PostgreSQL; any two
 * also work).
 *
 * <p><b>Reads</b> go down the chain until a tier has the session, then fill the tiers above with
 * it. Concurrent misses for one key on this node cost one load ("single flight"). <b>Writes</b> go
 * to the record of truth first and are acknowledged only when it has them; the resulting record is
 * then written to the tiers above. Touches follow the same path. <b>Deletes and rotations</b> clear
 * every tier.
 *
 * <p><b>Failures.</b> Each remote tier sits behind a circuit breaker ({@link BreakerSettings}):
 * when it fails or slows down, it is skipped at once instead of timing out on every request, and a
 * probe of its health check (or a trial call) closes the breaker when it answers again. Keep each
 * tier's own client timeouts short: they bound what a call costs before the breaker opens. A cache
 * tier that misses a write while this node writes to the record of truth is repaired before this
 * node reads that key from it again: the key is remembered, not read from that tier, and deleted
 * from it in the background once the tier answers. If the record of truth is unavailable, writes
 * fail at once with {@link StoreUnavailableException} and nothing is acknowledged; reads still
 * succeed from the tiers above for sessions they hold.
 *
 * <p><b>Local copies across nodes.</b> Every remote tier that offers change notifications is
 * subscribed to; a change made by any node removes this node's local copy. A local copy is served
 * only while at least one notification channel is connected, and never longer than the local TTL
 * after it was written, which is therefore the bound on staleness when notices are lost. When every
 * channel drops, local copies stop being served; when one comes back, all local copies written
 * before are discarded.
 *
 * <p>Thread-safe.
 */
public final class TieredSessionStore implements SessionStore, TierView {

  private static final Logger log = LoggerFactory.getLogger(TieredSessionStore.class);

  private final List<Tier> tiers;
  private final @Nullable Tier local;
  private final Tier authority;
  private final int firstRemote;
  private final Clock clock;
  private final Ticker ticker;
  private final Duration repairBypass;
  private final Duration verifyGrace;
  private final LocalCoherence coherence;

  /**
   * The cache tier whose writes announce changes to every node, so that the record of truth's own
   * notice can be skipped; null when no cache tier sends notices, or when disabled.
   */
  private final @Nullable Tier carrier;

  /** Whether this node's channel to {@link #carrier} is connected. */
  private boolean carrierConnected = true;

  /** Whether the last maintenance call to {@link #carrier} succeeded. */
  private boolean carrierAnswered = true;

  /** Whether {@link #carrier}'s breaker lets calls through. */
  private boolean carrierClosed = true;

  /** Whether all three hold: this node hears what other nodes announce only through the carrier. */
  private volatile boolean carrierHealthy = true;

  private final ConcurrentHashMap<SessionKey, CompletableFuture<Optional<SessionRecord>>> inflight =
      new ConcurrentHashMap<>();
  private final List<StoreSubscription> subscriptions = new ArrayList<>();
  private final Scheduler scheduler;
  private final List<TierListener> listeners = new CopyOnWriteArrayList<>();
  private final TierListener dispatcher = new Dispatcher();

  private TieredSessionStore(Builder b) {
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.listeners.addAll(b.listeners);
    List<Tier> chain = new ArrayList<>();
    if (b.local != null) {
      chain.add(new Tier(b.local, TierStats.Role.LOCAL, null, dispatcher, ticker, clock, false));
    }
    for (int i = 0; i < b.remotes.size(); i++) {
      boolean last = i == b.remotes.size() - 1;
      TierStats.Role role = last ? TierStats.Role.DURABLE : TierStats.Role.CACHE;
      chain.add(new Tier(b.remotes.get(i), role, b.breaker, dispatcher, ticker, clock, last));
    }
    chain.forEach(tier -> tier.maxPendingRepairs = b.maxPendingRepairs);
    this.tiers = List.copyOf(chain);
    this.local = b.local == null ? null : tiers.get(0);
    this.firstRemote = b.local == null ? 0 : 1;
    this.authority = tiers.get(tiers.size() - 1);
    this.repairBypass = b.repairBypass;
    this.verifyGrace = b.verifyGrace;
    this.coherence =
        new LocalCoherence(clock, b.localTtl.toMillis(), Duration.ofMinutes(1).toMillis());
    for (Tier tier : tiers) {
      if (tier.breaker != null) {
        tier.breaker
            .getEventPublisher()
            .onStateTransition(event -> breakerChanged(tier, event.getStateTransition()));
      }
    }
    // Cache tiers are subscribed to even without a local tier: a dropped channel is the first
    // sign that the cache restarted or failed over, and its copies must be checked until its
    // generation is known again.
    Tier announcing = null;
    for (Tier tier : tiers.subList(firstRemote, tiers.size())) {
      if (local == null && tier == authority) {
        continue;
      }
      StoreSubscription subscription = tier.store.subscribe(new Invalidator(tier));
      if (subscription != StoreSubscription.NONE) {
        coherence.channelAdded();
        subscriptions.add(subscription);
        if (announcing == null && tier != authority) {
          announcing = tier;
        }
      }
    }
    this.carrier = b.announceThroughCache ? announcing : null;
    if (local != null) {
      if (subscriptions.isEmpty()) {
        log.warn(
            "no tier of this tiered store sends change notifications: local copies may be up to {}"
                + " stale",
            b.localTtl);
      }
    }
    for (Tier tier : caches()) {
      // Until the cache's generation is agreed with the record of truth, its copies are
      // checked against it: it may hold a dataset from before a restart or failover.
      tier.generationUnchecked();
      // Nothing was missed before this node started: once the generation is agreed, trust the
      // cache at once (the grace is for what other nodes wrote while this one was cut off).
      checkGeneration(tier, Duration.ZERO);
    }
    this.scheduler =
        b.scheduler != null ? b.scheduler : Scheduler.daemonThread("sessionkit-tier-maintenance");
    scheduler.every(b.repairInterval, this::maintain);
    scheduler.every(b.probeInterval, this::probe);
  }

  /** The remote tiers above the record of truth. */
  private List<Tier> caches() {
    return tiers.subList(firstRemote, tiers.size() - 1);
  }

  /** Starts building a tiered store. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "tiered";
  }

  @Override
  public Optional<TierView> tiers() {
    return Optional.of(this);
  }

  /** Per-tier counters and breaker states, fastest tier first. */
  @Override
  public List<TierStats> tierStats() {
    List<TierStats> stats = new ArrayList<>(tiers.size());
    tiers.forEach(t -> stats.add(t.stats()));
    return stats;
  }

  /** Which tier would answer a read now: the fastest one whose breaker is not open. */
  @Override
  public String servingTier() {
    for (Tier tier : tiers.subList(firstRemote, tiers.size())) {
      if (tier.isAvailable()) {
        return tier.name();
      }
    }
    return local != null ? local.name() : authority.name();
  }

  // --- reads ------------------------------------------------------------------------------

  @Override
  public @Nullable SessionRecord load(SessionKey key) {
    return load(key, 0);
  }

  /**
   * Reads as {@link #load(SessionKey)} does, passing over every cached copy older than {@code
   * minVersion}: the record of truth answers if no cache holds that version yet.
   */
  @Override
  public @Nullable SessionRecord load(SessionKey key, long minVersion) {
    if (local != null) {
      SessionRecord copy = trustedLocalCopy(key, minVersion);
      if (copy != null) {
        local.hits.increment();
        return copy;
      }
      local.misses.increment();
    }
    return loadOnce(key, minVersion);
  }

  private @Nullable SessionRecord trustedLocalCopy(SessionKey key, long minVersion) {
    if (local == null) {
      return null;
    }
    SessionRecord copy = local.store.load(key);
    return copy != null && copy.version() >= minVersion && coherence.trusted(key) ? copy : null;
  }

  /** Loads from the remote tiers, sharing one load among concurrent callers for the same key. */
  private @Nullable SessionRecord loadOnce(SessionKey key, long minVersion) {
    CompletableFuture<Optional<SessionRecord>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<SessionRecord>> running = inflight.putIfAbsent(key, mine);
    if (running != null) {
      SessionRecord shared;
      try {
        shared = running.join().orElse(null);
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
      // A load begun for a caller who knew less may have found an older copy than this one needs.
      return shared == null || shared.version() >= minVersion
          ? shared
          : loadRemote(key, minVersion);
    }
    try {
      // A load that finished between our local miss and taking the slot has filled the
      // local tier: look again rather than load a second time.
      SessionRecord record = trustedLocalCopy(key, minVersion);
      if (record == null) {
        record = loadRemote(key, minVersion);
      }
      mine.complete(Optional.ofNullable(record));
      return record;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inflight.remove(key, mine);
    }
  }

  private @Nullable SessionRecord loadRemote(SessionKey key, long minVersion) {
    long begun = coherence.begin();
    long now = clock.millis();
    StoreException failure = null;
    SessionRecord older = null;
    for (int i = firstRemote; i < tiers.size(); i++) {
      Tier tier = tiers.get(i);
      if (tier != authority && tier.bypassReads(key, now)) {
        tier.skipped.increment();
        continue;
      }
      SessionRecord record;
      try {
        record = tier.call("load", () -> tier.store.load(key));
      } catch (Tier.Skipped skipped) {
        continue;
      } catch (StoreException e) {
        failure = e;
        continue;
      }
      if (record != null && tier != authority && record.version() < minVersion) {
        // Older than what the client has seen: a lower tier has it, the record of truth surely.
        // Kept in case the record of truth cannot answer: then an older copy beats an error.
        tier.misses.increment();
        older = older == null || record.version() > older.version() ? record : older;
        continue;
      }
      if (record != null && tier != authority && tier.verifying()) {
        Verified checked = verified(tier, record);
        record = checked.record();
        if (record == null) {
          tier.misses.increment();
          return null;
        }
        if (!checked.checked()) {
          // The record of truth could not answer: serve the copy, but do not spread it to
          // the local tier, where no later check would catch it if it is outdated.
          tier.hits.increment();
          return record;
        }
      }
      if (record != null) {
        tier.hits.increment();
        fillAbove(i, record, begun);
        return record;
      }
      tier.misses.increment();
      if (tier == authority) {
        return null;
      }
    }
    if (older != null) {
      return older;
    }
    throw new StoreUnavailableException(
        "no tier could answer for session "
            + key
            + ": the record of truth ("
            + authority.name()
            + ") is unavailable"
            + (failure == null ? "" : "; last error: " + failure.getMessage()),
        failure);
  }

  /**
   * Checks a cache hit against the record of truth, after the cache tier was unreachable: other
   * nodes may have changed or deleted the session meanwhile, and their repairs may not have reached
   * the tier yet. A copy the record of truth no longer has is deleted from the tier; an older one
   * is replaced. If the record of truth cannot answer, the copy is served, unchecked, and not put
   * into the local tier.
   */
  private Verified verified(Tier tier, SessionRecord cached) {
    SessionKey key = cached.key();
    SessionRecord truth;
    try {
      truth = authority.call("load", () -> authority.store.load(key));
    } catch (Tier.Skipped | StoreException e) {
      return new Verified(cached, false);
    }
    try {
      alignCache(tier, key, truth, cached.version());
    } catch (Tier.Skipped | StoreException e) {
      tier.markForRepair(key, repairBypass, clock.millis());
    }
    return new Verified(truth == null || truth.version() > cached.version() ? truth : cached, true);
  }

  /**
   * What {@link #verified} found: the record to serve (null: gone), and whether the record of truth
   * answered.
   */
  private record Verified(@Nullable SessionRecord record, boolean checked) {}

  private void fillAbove(int index, SessionRecord record, long begun) {
    for (int j = index - 1; j >= 0; j--) {
      Tier tier = tiers.get(j);
      if (tier.isLocal()) {
        fillLocal(record, begun);
      } else if (!tier.bypassReads(record.key(), clock.millis())) {
        try {
          fillCache(tier, record, true, null);
        } catch (Tier.Skipped | StoreException e) {
          // A fill is only an optimisation; the record of truth is unchanged.
        }
      }
    }
  }

  private void fillLocal(SessionRecord record, long begun) {
    if (local != null) {
      coherence.fill(local.store, record, begun);
    }
  }

  /** Drops the local copy of {@code key} and refuses fills already under way. */
  private void dropLocal(SessionKey key) {
    if (local != null) {
      coherence.changed(local.store, key, UNKNOWN_VERSION, 0);
    }
  }

  /**
   * Loads the given sessions into the tiers above the one holding them, for example known hot
   * sessions after a deployment. Missing sessions are ignored.
   *
   * @return how many were found
   */
  public int warmUp(Collection<SessionKey> keys) {
    int found = 0;
    for (SessionKey key : keys) {
      if (loadOnce(key, 0) != null) {
        found++;
      }
    }
    return found;
  }

  // --- writes -----------------------------------------------------------------------------

  @Override
  public boolean insert(SessionRecord record) {
    long begun = coherence.begin();
    boolean inserted = onAuthority("insert", () -> authority.store.insert(record));
    if (inserted) {
      // A new id is known to no other node yet, so no logout can race this copy.
      writeAbove(record, begun, false);
    }
    return inserted;
  }

  /**
   * Applies the delta to the record of truth, then writes the result to the caches above (the delta
   * itself where a cache holds the version before). While the cache tier that carries change
   * notices is reachable, the record of truth's own notice is skipped: the cache's write announces
   * the change, one notice per change. If that write then fails, the change is announced through
   * the record of truth after all ({@link #missedInCache}).
   */
  @Override
  public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
    long begun = coherence.begin();
    boolean unannounced = carrierAnnounces();
    SessionRecord merged =
        onAuthority(
            "merge",
            () ->
                unannounced
                    ? authority.store.mergeUnannounced(key, delta)
                    : authority.store.merge(key, delta));
    if (merged == null) {
      removeAbove(key);
    } else {
      writeAbove(merged, begun, true, delta, unannounced);
    }
    return merged;
  }

  /** Whether a write to the notice-carrying cache tier is expected to announce the next change. */
  private boolean carrierAnnounces() {
    return carrier != null && carrierHealthy;
  }

  /**
   * Records what this node knows of its link to the notice-carrying cache tier. While the link is
   * not healthy (channel down, breaker open, or the last maintenance call failed: a black-holed
   * link shows there within a maintenance interval and a socket timeout, long before the channel's
   * watchdog), other nodes' changes announced only there may be missed, so no local copy is
   * trusted; when it is healthy again, the copies from before are dropped.
   */
  private synchronized void carrierLink(
      @Nullable Boolean connected, @Nullable Boolean answered, @Nullable Boolean closed) {
    if (carrier == null) {
      return;
    }
    if (connected != null) {
      carrierConnected = connected;
    }
    if (answered != null) {
      carrierAnswered = answered;
    }
    if (closed != null) {
      carrierClosed = closed;
    }
    boolean healthy = carrierConnected && carrierAnswered && carrierClosed;
    if (healthy == carrierHealthy) {
      return;
    }
    carrierHealthy = healthy;
    if (healthy) {
      coherence.soleCarrierUp();
    } else {
      coherence.soleCarrierDown();
      log.warn(
          "this node's link to tier {} is down: other nodes announce changes only there, so local "
              + "copies are not served until it is back",
          carrier.name());
    }
    coherence.flush();
  }

  @Override
  public WriteOutcome compareAndSet(long expectedVersion, SessionRecord record) {
    long begun = coherence.begin();
    WriteOutcome outcome =
        onAuthority("compareAndSet", () -> authority.store.compareAndSet(expectedVersion, record));
    if (outcome == WriteOutcome.WRITTEN) {
      writeAbove(record, begun, true);
    } else if (outcome == WriteOutcome.NOT_FOUND) {
      removeAbove(record.key());
    }
    return outcome;
  }

  @Override
  public boolean putIfNewer(SessionRecord record) {
    long begun = coherence.begin();
    boolean written = onAuthority("putIfNewer", () -> authority.store.putIfNewer(record));
    if (written) {
      writeAbove(record, begun, true);
    }
    return written;
  }

  @Override
  public boolean touch(SessionKey key, long lastAccessedAt) {
    boolean touched = onAuthority("touch", () -> authority.store.touch(key, lastAccessedAt));
    if (!touched) {
      removeAbove(key);
      return false;
    }
    long now = clock.millis();
    if (local != null) {
      // Before the caches: their notice of this touch then finds the local copy current.
      local.store.touch(key, lastAccessedAt);
    }
    for (int j = tiers.size() - 2; j >= firstRemote; j--) {
      Tier tier = tiers.get(j);
      if (!tier.bypassReads(key, now)) {
        try {
          tier.call("touch", () -> tier.store.touch(key, lastAccessedAt));
        } catch (Tier.Skipped | StoreException e) {
          // A missed touch only lets the cached copy expire sooner; it is refilled from below.
        }
      }
    }
    return true;
  }

  @Override
  public boolean changeKey(SessionKey from, SessionKey to) {
    boolean moved = onAuthority("changeKey", () -> authority.store.changeKey(from, to));
    removeAbove(from);
    return moved;
  }

  @Override
  public boolean delete(SessionKey key) {
    try {
      return onAuthority("delete", () -> authority.store.delete(key));
    } finally {
      // Even when the record of truth is down, no tier above may keep serving the session.
      removeAbove(key);
    }
  }

  /**
   * Writes what the record of truth now holds to the tiers above. {@code begun} was taken before
   * the write: a notice that another node changed the session since then keeps the copy out of the
   * local tier, as for a read.
   */
  private void writeAbove(SessionRecord record, long begun, boolean recheck) {
    writeAbove(record, begun, recheck, null, false);
  }

  /**
   * As above; {@code change} is the delta that made {@code record} from the version before, if
   * known. {@code unannounced}: the record of truth did not announce the write, so the
   * notice-carrying cache must; where it kept what it held instead (a tombstone, or a copy already
   * newer), the change is announced through the record of truth after all.
   */
  private void writeAbove(
      SessionRecord record,
      long begun,
      boolean recheck,
      @Nullable SessionDelta change,
      boolean unannounced) {
    long now = clock.millis();
    for (int j = tiers.size() - 2; j >= 0; j--) {
      Tier tier = tiers.get(j);
      if (tier.isLocal()) {
        fillLocal(record, begun);
        continue;
      }
      try {
        FillOutcome outcome = fillCache(tier, record, recheck, change);
        if (unannounced && tier == carrier && !outcome.written()) {
          announceStale(record.key());
        }
      } catch (Tier.Skipped | StoreException e) {
        missedInCache(tier, record.key(), now);
      }
    }
  }

  /**
   * A cache tier missed a write that the record of truth has: this node stops reading the key there
   * until it is repaired, and tells the other nodes, which may still reach the cache, so that they
   * replace the copy at once instead of serving it until this node's repair.
   */
  private void missedInCache(Tier tier, SessionKey key, long now) {
    tier.markForRepair(key, repairBypass, now);
    announceStale(key);
  }

  /**
   * Tells the other nodes, through the record of truth, that their copies of {@code key} may be
   * outdated.
   */
  private void announceStale(SessionKey key) {
    Optional<GenerationLedger> ledger = authority.store.generationLedger();
    if (ledger.isPresent()) {
      try {
        authority.call(
            "announceStale",
            () -> {
              ledger.get().announceStale(key);
              return null;
            });
      } catch (Tier.Skipped | StoreException e) {
        log.debug("could not announce the stale cache copy of session {}: {}", key, e.toString());
      }
    }
  }

  /**
   * Another node could not update the caches for {@code key}: replace this node's view of it in
   * every cache it can reach with what the record of truth holds now.
   */
  private void refreshCaches(SessionKey key) {
    List<Tier> reachable = new ArrayList<>();
    for (Tier tier : caches()) {
      if (tier.isAvailable()) {
        reachable.add(tier);
      }
    }
    if (reachable.isEmpty()) {
      // This node cannot reach the caches either (a general outage): remember the key, so that
      // this node does not read it there until it is repaired, without a read of the record
      // of truth per notice.
      long now = clock.millis();
      caches().forEach(tier -> tier.markForRepair(key, repairBypass, now));
      return;
    }
    SessionRecord truth;
    try {
      truth = authority.call("load", () -> authority.store.load(key));
    } catch (Tier.Skipped | StoreException e) {
      truth = null; // unknown: removing the copy is the safe repair
    }
    for (Tier tier : reachable) {
      try {
        alignCache(tier, key, truth, 0);
      } catch (Tier.Skipped | StoreException e) {
        tier.markForRepair(key, repairBypass, clock.millis());
      }
    }
  }

  /**
   * Writes a copy of what the record of truth held into a cache tier. A copy written where the
   * cache held nothing live (no tombstone stood in the way: the key was evicted, never cached, or
   * lost in a restart) may be racing a logout that the record of truth has already applied; so the
   * record of truth is asked again, and if the session is gone there the copy is taken back. A
   * logout therefore stays final whatever the cache holds or lacks: the copy lives at most one
   * round trip to the record of truth.
   */
  private FillOutcome fillCache(
      Tier tier, SessionRecord record, boolean recheck, @Nullable SessionDelta change) {
    FillOutcome outcome =
        tier.call(
            "putIfNewer",
            () -> change == null ? tier.store.fill(record) : tier.store.fill(record, change));
    if (!recheck || outcome != FillOutcome.CREATED) {
      return outcome;
    }
    SessionKey key = record.key();
    SessionRecord truth;
    try {
      truth = authority.call("load", () -> authority.store.load(key));
    } catch (Tier.Skipped | StoreException e) {
      truth = null; // cannot tell: a cache miss costs less than a session brought back
    }
    // Gone there: take the copy back. Newer there (a save that missed the cache while this
    // copy was on its way): the cache gets that one.
    alignCache(tier, key, truth, record.version());
    return outcome;
  }

  /**
   * Makes a cache tier agree with what the record of truth answered for {@code key}: removes the
   * session (here and from the local tier) if the record of truth has none, or writes its record if
   * that is newer than {@code heldVersion}, the version the cache is known to hold.
   *
   * @throws Tier.Skipped if the tier's breaker is open
   * @throws StoreException if the tier failed
   */
  private void alignCache(
      Tier tier, SessionKey key, @Nullable SessionRecord truth, long heldVersion) {
    if (truth == null) {
      tier.call("delete", () -> tier.store.delete(key));
      dropLocal(key);
    } else if (truth.version() > heldVersion) {
      tier.call("putIfNewer", () -> tier.store.fill(truth));
    }
  }

  private void removeAbove(SessionKey key) {
    long now = clock.millis();
    for (int j = tiers.size() - 2; j >= 0; j--) {
      Tier tier = tiers.get(j);
      if (tier.isLocal()) {
        dropLocal(key);
        continue;
      }
      try {
        tier.call("delete", () -> tier.store.delete(key));
      } catch (Tier.Skipped | StoreException e) {
        missedInCache(tier, key, now);
      }
    }
  }

  private <T> T onAuthority(String operationName, Supplier<T> operation) {
    try {
      return authority.call(operationName, operation);
    } catch (Tier.Skipped skipped) {
      throw new CallRefusedException(
          authority.name(),
          operationName,
          authority.breakerState(),
          "the record of truth ("
              + authority.name()
              + ") is unavailable: its circuit breaker is "
              + authority.breakerState()
              + " after recent failures; "
              + operationName
              + " was not applied");
    }
  }

  // --- operations answered by the record of truth ------------------------------------------

  @Override
  public List<SessionRecord> findByPrincipal(String tenant, String principal) {
    return onAuthority("findByPrincipal", () -> authority.store.findByPrincipal(tenant, principal));
  }

  @Override
  public List<PurgedSession> purgeExpired(long nowMillis, int maxSessions) {
    return onAuthority("purgeExpired", () -> authority.store.purgeExpired(nowMillis, maxSessions));
  }

  /** The keys of the record of truth, which holds every session the tiers above hold. */
  @Override
  public void forEachKey(Predicate<SessionKey> visitor) {
    onAuthority(
        "forEachKey",
        () -> {
          authority.store.forEachKey(visitor);
          return null;
        });
  }

  @Override
  public boolean expiresEntriesItself() {
    return authority.store.expiresEntriesItself();
  }

  @Override
  public StoreStats stats(long nowMillis, long createdSinceMillis) {
    return onAuthority("stats", () -> authority.store.stats(nowMillis, createdSinceMillis));
  }

  @Override
  public StoreHealth health() {
    Map<String, Object> details = new LinkedHashMap<>();
    boolean available = false;
    String error = null;
    for (Tier tier : tiers) {
      StoreHealth health;
      try {
        health = tier.store.health();
      } catch (RuntimeException e) {
        health = StoreHealth.down(tier.name(), e.getClass().getSimpleName());
      }
      TierStats stats = tier.stats();
      Map<String, Object> tierDetails = new LinkedHashMap<>();
      tierDetails.put("role", stats.role().name());
      tierDetails.put("available", health.available());
      tierDetails.put("breaker", stats.breakerState());
      tierDetails.put("hitRatio", stats.hitRatio());
      tierDetails.put("pendingRepairs", stats.pendingRepairs());
      if (health.error() != null) {
        tierDetails.put("error", health.error());
      }
      tierDetails.putAll(health.details());
      details.put(tier.name(), tierDetails);
      if (tier == authority) {
        available = health.available();
        error = health.error();
      }
    }
    details.put("serving", servingTier());
    return new StoreHealth(name(), available, available ? null : error, details);
  }

  @Override
  public StoreSubscription subscribe(StoreListener listener) {
    List<StoreSubscription> all = new ArrayList<>();
    for (Tier tier : tiers.subList(firstRemote, tiers.size())) {
      all.add(tier.store.subscribe(listener));
    }
    return () -> all.forEach(StoreSubscription::close);
  }

  @Override
  public void close() {
    scheduler.close();
    subscriptions.forEach(
        s -> {
          try {
            s.close();
          } catch (RuntimeException e) {
            log.debug("closing a notification subscription failed", e);
          }
        });
    for (Tier tier : tiers) {
      try {
        tier.store.close();
      } catch (RuntimeException e) {
        log.warn("closing tier {} failed", tier.name(), e);
      }
    }
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    tiers.forEach(t -> names.add(t.name()));
    return "TieredSessionStore" + names;
  }

  // --- background repair and notifications ----------------------------------------------------

  /** Repairs, generation checks and bookkeeping; runs every repair interval. */
  void maintain() {
    try {
      for (Tier tier : caches()) {
        if (!tier.isAvailable()) {
          continue;
        }
        checkGeneration(tier);
        if (!tier.pendingRepairs().isEmpty()) {
          repair(tier);
        }
      }
      coherence.prune();
    } catch (RuntimeException e) {
      log.warn("tier maintenance failed; it runs again shortly", e);
    }
  }

  /**
   * Asks every remote tier whose breaker is open whether it answers again; runs every probe
   * interval.
   */
  void probe() {
    for (Tier tier : tiers.subList(firstRemote, tiers.size())) {
      try {
        if (tier.probe()) {
          log.info("tier {} answers its health check again: its breaker is closed", tier.name());
        }
      } catch (RuntimeException e) {
        log.debug("probe of tier {} failed", tier.name(), e);
      }
    }
  }

  /**
   * Agrees the cache generation of {@code tier} with the record of truth, from the identity of the
   * cache's dataset: a new identity (a restart, a restore, a failover) gives a new generation, and
   * the copies of older generations read as misses from then on. While this has not succeeded since
   * the tier may have gone back in time, every copy read from it is checked against the record of
   * truth.
   */
  private void checkGeneration(Tier tier) {
    checkGeneration(tier, verifyGrace);
  }

  private void checkGeneration(Tier tier, Duration grace) {
    Optional<GenerationalCache> cache = tier.store.generationalCache();
    Optional<GenerationLedger> ledger = authority.store.generationLedger();
    if (cache.isEmpty() || ledger.isEmpty()) {
      if (tier.isGenerationUnchecked()
          && cache.isEmpty()
          && !(tier.store instanceof DeferredStore)) {
        tier.generationChecked(grace); // nothing to check: the verification grace is the bound
      }
      return;
    }
    try {
      String identity = tier.call("datasetIdentity", cache.get()::datasetIdentity);
      long before = cache.get().generation();
      if (!identity.equals(tier.datasetIdentity) || before == 0) {
        long generation =
            authority.call(
                "generationFor", () -> ledger.get().generationFor(tier.name(), identity));
        cache.get().useGeneration(generation);
        if (tier.datasetIdentity != null && !identity.equals(tier.datasetIdentity)) {
          log.warn(
              "tier {} has a new dataset (restart, restore or failover): copies written before it"
                  + " are misses from now on (generation {} -> {})",
              tier.name(),
              before,
              generation);
        }
        tier.datasetIdentity = identity;
      }
      if (tier.isGenerationUnchecked()) {
        tier.generationChecked(grace);
      }
      if (tier == carrier) {
        carrierLink(null, true, null);
      }
    } catch (Tier.Skipped | StoreException e) {
      if (tier == carrier) {
        carrierLink(null, false, null);
      }
      log.debug("generation check of tier {} failed; it is retried: {}", tier.name(), e.toString());
    }
  }

  private void repair(Tier tier) {
    int repaired = 0;
    for (SessionKey key : List.copyOf(tier.pendingRepairs())) {
      try {
        tier.call("delete", () -> tier.store.delete(key));
        tier.repaired(key);
        repaired++;
      } catch (Tier.Skipped | StoreException e) {
        break;
      }
    }
    if (repaired > 0) {
      log.info(
          "repaired {} session(s) in tier {} that it missed while unavailable",
          repaired,
          tier.name());
    }
  }

  private void breakerChanged(Tier tier, CircuitBreaker.StateTransition transition) {
    if (tier != authority) {
      if (transition.getToState() == CircuitBreaker.State.OPEN) {
        tier.generationUnchecked();
      } else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
        scheduler.soon(() -> checkGeneration(tier));
      }
      if (tier == carrier) {
        carrierLink(null, null, transition.getToState() == CircuitBreaker.State.CLOSED);
      }
    }
    log.warn(
        "circuit breaker of tier {} went from {} to {}",
        tier.name(),
        transition.getFromState(),
        transition.getToState());
    dispatcher.breakerStateChanged(
        tier.name(), transition.getFromState().name(), transition.getToState().name());
  }

  /**
   * Adds a listener for breaker changes and tier calls (metrics, alerts). May be called at any
   * time; the listener sees what happens from then on.
   */
  @Override
  public void addListener(TierListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Passes events to every listener, so one failing listener does not affect the others or the
   * call.
   */
  private final class Dispatcher implements TierListener {
    @Override
    public void breakerStateChanged(String tier, String fromState, String toState) {
      for (TierListener listener : listeners) {
        try {
          listener.breakerStateChanged(tier, fromState, toState);
        } catch (RuntimeException e) {
          log.warn("tier listener {} failed", listener.getClass().getName(), e);
        }
      }
    }

    @Override
    public void callCompleted(
        String tier, String operation, long nanos, @Nullable StoreException failure) {
      for (TierListener listener : listeners) {
        try {
          listener.callCompleted(tier, operation, nanos, failure);
        } catch (RuntimeException e) {
          log.warn("tier listener {} failed", listener.getClass().getName(), e);
        }
      }
    }
  }

  /** Drops local copies when other nodes change sessions. */
  private final class Invalidator implements StoreListener {
    private final Tier tier;

    Invalidator(Tier tier) {
      this.tier = tier;
    }

    @Override
    public void changed(SessionKey key) {
      changed(key, UNKNOWN_VERSION, 0);
    }

    /**
     * A local copy at least as new as what the change left is kept: it is this node's own write
     * coming back, or newer. Anything older is dropped, and fills under way of a copy older than
     * that are refused.
     */
    @Override
    public void changed(SessionKey key, long version, long lastAccessedAt) {
      Tier localTier = local;
      if (localTier == null) {
        return;
      }
      coherence.changed(localTier.store, key, version, lastAccessedAt);
    }

    @Override
    public void staleInCaches(SessionKey key) {
      changed(key);
      scheduler.soon(() -> refreshCaches(key));
    }

    @Override
    public void disconnected() {
      if (tier != authority) {
        tier.generationUnchecked();
      }
      if (tier == carrier) {
        // Other nodes write the record of truth unannounced while they reach this tier: with
        // its channel down this node would miss those changes, whatever else is connected.
        carrierLink(false, null, null);
      }
      if (coherence.channelDown()) {
        coherence.flush();
        log.warn(
            "lost the change notifications of tier {} and no other channel is connected: "
                + "local session copies are not served until one reconnects",
            tier.name());
      }
    }

    @Override
    public void reconnected() {
      if (tier != authority) {
        scheduler.soon(() -> checkGeneration(tier));
      }
      coherence.channelUp();
      if (tier == carrier) {
        carrierLink(true, null, null);
      }
      coherence.flush();
      log.info(
          "change notifications of tier {} reconnected; local copies written before were discarded",
          tier.name());
    }
  }

  /** Builds a {@link TieredSessionStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable SessionStore local;
    private final List<SessionStore> remotes = new ArrayList<>();
    private BreakerSettings breaker = BreakerSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private @Nullable Scheduler scheduler;
    private Duration probeInterval =
        TieredStoreSettings.BREAKER_PROBE_INTERVAL.defaultValue().orElseThrow();
    private int maxPendingRepairs = Tier.MAX_PENDING_REPAIRS;
    private Duration localTtl = TieredStoreSettings.LOCAL_CACHE_TTL.defaultValue().orElseThrow();
    private Duration repairBypass = Duration.ofMinutes(30);
    private Duration repairInterval = Duration.ofSeconds(1);
    private Duration verifyGrace = Duration.ofSeconds(30);
    private boolean announceThroughCache = true;
    private final List<TierListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The in-process tier, asked first (a memory store whose maximum TTL matches {@link
     * #localTtl}). Optional.
     */
    public Builder localTier(SessionStore store) {
      this.local = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds a remote tier below the ones added before. The last one added is the record of truth:
     * writes are acknowledged only when it has them.
     */
    public Builder remoteTier(SessionStore store) {
      remotes.add(Objects.requireNonNull(store, "store"));
      return this;
    }

    /**
     * The circuit breaker settings of every remote tier. Default {@link
     * BreakerSettings#defaults()}.
     */
    public Builder breaker(BreakerSettings settings) {
      this.breaker = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The source of elapsed time for breakers and verification windows. Default {@link
     * Ticker#system()}.
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Runs the periodic work (repairs, generation checks, probes). Default: a daemon thread of its
     * own, stopped by {@link TieredSessionStore#close()}; a scheduler given here is closed by it
     * too.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * How often a remote tier whose breaker is open is asked (its health check) whether it answers
     * again; the breaker closes at the first answer. Default 200 ms.
     */
    public Builder probeInterval(Duration interval) {
      this.probeInterval = positive("probeInterval", interval);
      return this;
    }

    /** Keys awaiting repair per tier beyond which the tier is bypassed instead; for tests. */
    Builder maxPendingRepairs(int max) {
      this.maxPendingRepairs = max;
      return this;
    }

    /** The clock; use the manager's. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a local copy may be served after it was written: the bound on staleness if a change
     * notice is lost. Default 5 minutes.
     */
    public Builder localTtl(Duration ttl) {
      this.localTtl = positive("localTtl", ttl);
      return this;
    }

    /**
     * How long to stop reading a cache tier when more keys await repair than can be remembered:
     * every copy that could be stale has expired by then, since touches to it stop too. Use the
     * idle timeout. Default 30 minutes.
     */
    public Builder repairBypass(Duration duration) {
      this.repairBypass = positive("repairBypass", duration);
      return this;
    }

    /** How often pending repairs are retried. Default 1 second. */
    public Builder repairInterval(Duration interval) {
      this.repairInterval = positive("repairInterval", interval);
      return this;
    }

    /**
     * After a cache tier comes back (its breaker closes, or its notification channel reconnects),
     * how long each hit in it is still checked against the record of truth: long enough for every
     * node to repair what it wrote while the tier was away. Default 30 s.
     */
    public Builder verifyGrace(Duration grace) {
      this.verifyGrace = positive("verifyGrace", grace);
      return this;
    }

    /** Adds a listener for breaker state changes. */
    /**
     * Whether merges skip the record of truth's change notice while the first cache tier with a
     * notification channel (Redis) is reachable, since that tier's write announces the change
     * (default {@code true}: one notice per change). Every node of a cluster must use the same
     * value: with it on, a node whose channel to that tier is down serves no local copies until it
     * reconnects, as it could miss changes announced only there. With it off, the record of truth
     * announces every change as well, and local copies stay in use through a cache outage as long
     * as its channel is connected.
     */
    public Builder announceThroughCache(boolean announceThroughCache) {
      this.announceThroughCache = announceThroughCache;
      return this;
    }

    public Builder listener(TierListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the store.
     *
     * @throws ConfigurationException unless there are at least two tiers, one of them remote
     */
    public TieredSessionStore build() {
      if (remotes.isEmpty() || remotes.size() + (local == null ? 0 : 1) < 2) {
        throw new ConfigurationException(
            "tiers",
            "a tiered store needs at least two tiers, one of them remote; got "
                + (local == null ? "no local tier" : "a local tier")
                + " and "
                + remotes.size()
                + " remote tier(s)");
      }
      return new TieredSessionStore(this);
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw ConfigurationException.invalid(name, String.valueOf(value), "a positive duration");
      }
      return value;
    }
  }
}
