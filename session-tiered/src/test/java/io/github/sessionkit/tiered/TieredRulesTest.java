package io.github.sessionkit.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.CallRefusedException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.StoreUnreachableException;
import io.github.sessionkit.spi.ForwardingSessionStore;
import io.github.sessionkit.spi.GenerationLedger;
import io.github.sessionkit.spi.GenerationalCache;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.testkit.CountingSessionStore;
import io.github.sessionkit.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tiered store's subtlest rules, each shown by moving time and running the periodic work by
 * hand (no sleeps, no threads): verification after a tier returns, generations after a new dataset,
 * taking back a fill that raced a logout, repair overflow, the breaker of the record of truth (open
 * at once, closed by a probe, deaf to calls begun before a recovery) and reading past copies older
 * than the client has seen. Memory stores stand in for the tiers; the same rules on real Redis and
 * PostgreSQL are in session-integration-tests.
 */
class TieredRulesTest {

  private static final Duration GRACE = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Switchable cache =
      new Switchable(MemorySessionStore.builder().clock(clock).build(), "redis");
  private final Switchable truth =
      new Switchable(MemorySessionStore.builder().clock(clock).build(), "postgresql");
  private @Nullable TieredSessionStore tiered;

  @AfterEach
  void close() {
    if (tiered != null) {
      tiered.close();
    }
  }

  private TieredSessionStore build(boolean withLocal) {
    TieredSessionStore.Builder b =
        TieredSessionStore.builder()
            .clock(clock)
            .ticker(ticker)
            .scheduler(scheduler)
            .verifyGrace(GRACE)
            .repairBypass(Duration.ofMinutes(30))
            .remoteTier(cache)
            .remoteTier(truth)
            .maxPendingRepairs(3);
    if (withLocal) {
      b.localTier(MemorySessionStore.builder().clock(clock).build());
    }
    tiered = b.build();
    return tiered;
  }

  private SessionRecord record(long version) {
    return record(
        SessionKey.forId(SessionKey.DEFAULT_TENANT, UUID.randomUUID().toString()), version);
  }

  private SessionRecord record(SessionKey key, long version) {
    return SessionRecord.builder(key)
        .createdAt(clock.millis())
        .lastAccessedAt(clock.millis())
        .idleTimeoutMillis(Duration.ofHours(1).toMillis())
        .version(version)
        .attributes(Map.of("v", Long.toString(version)))
        .build();
  }

  @Test
  void aCacheThatWasAwayIsCheckedAgainstTheRecordOfTruthUntilTheGraceEnds() {
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    store.insert(v1);
    // Another node changed the session while this node's channel to the cache was down: the
    // record of truth has version 2, the cache still version 1.
    truth.delegate().putIfNewer(record(v1.key(), 2));
    cache.listener().disconnected();
    assertThat(store.load(v1.key()).version()).isEqualTo(2);

    cache.listener().reconnected();
    scheduler.runPending();
    ticker.advance(GRACE.minusSeconds(1));
    assertThat(store.load(v1.key()).version()).as("still within the grace").isEqualTo(2);
  }

  @Test
  void withoutGenerationsTheCacheIsTrustedAgainAfterTheGrace() {
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    store.insert(v1);
    cache.listener().disconnected();
    cache.listener().reconnected();
    scheduler.runPending();
    ticker.advance(GRACE.plusSeconds(1));
    truth.delegate().putIfNewer(record(v1.key(), 2));
    // The documented bound for a cache that cannot tell its generation: the grace.
    assertThat(store.load(v1.key()).version()).isEqualTo(1);
  }

  @Test
  void aNewDatasetIdentityAdvancesTheGenerationOnce() {
    cache.generations = new FakeGenerations("run-a");
    truth.ledger = new FakeLedger();
    build(false);
    assertThat(cache.generations.generation()).isEqualTo(1);
    assertThat(truth.ledger.calls).hasSize(1);

    tiered.maintain();
    assertThat(truth.ledger.calls).as("same identity: no ledger call").hasSize(1);

    cache.generations.identity = "run-b"; // a restart, a restore or a failover
    tiered.maintain();
    assertThat(cache.generations.generation()).isEqualTo(2);
    assertThat(truth.ledger.calls).containsExactly("redis=run-a", "redis=run-b");
  }

  @Test
  void aCacheWhoseGenerationIsUnknownIsVerifiedEvenAfterTheGrace() {
    cache.generations = new FakeGenerations("run-a");
    truth.ledger = new FakeLedger();
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    store.insert(v1);
    truth.delegate().putIfNewer(record(v1.key(), 2));
    cache.listener().disconnected();
    cache.generations.down = true; // the identity cannot be read yet
    cache.listener().reconnected();
    scheduler.runPending();
    ticker.advance(GRACE.multipliedBy(3));
    assertThat(store.load(v1.key()).version()).isEqualTo(2);

    cache.generations.down = false;
    tiered.maintain();
    ticker.advance(GRACE.plusSeconds(1));
    assertThat(cache.generations.generation()).isEqualTo(1);
    // The verified read repaired the cache to version 2; a later change it missed shows that
    // the cache, not the record of truth, answers now.
    truth.delegate().putIfNewer(record(v1.key(), 3));
    assertThat(store.load(v1.key()).version())
        .as("known and past the grace: the cache answers")
        .isEqualTo(2);
  }

  @Test
  void aFillThatRacesALogoutIsTakenBack() {
    TieredSessionStore store = build(true);
    SessionRecord record = record(3);
    truth.delegate().insert(record); // in the record of truth only: the cache lost it (eviction)
    // Another node logs the session out between this node's read of the record of truth and
    // its fill of the cache.
    truth.afterLoad = () -> truth.delegate().delete(record.key());

    SessionRecord served = store.load(record.key());

    assertThat(served).as("this read began before the logout").isNotNull();
    assertThat(cache.delegate().load(record.key())).as("the fill was taken back").isNull();
    assertThat(store.load(record.key())).isNull();
  }

  @Test
  void anOlderFillIntoAnEmptyCacheIsReplacedByTheNewerRecordOfTruth() {
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    truth.delegate().insert(v1); // the cache lacks the key
    // Between this node's read of version 1 and its fill, another node saves version 3, and
    // that write misses the cache.
    truth.afterLoad = () -> truth.delegate().putIfNewer(record(v1.key(), 3));

    assertThat(store.load(v1.key()).version()).as("this read began before the save").isEqualTo(1);
    assertThat(cache.delegate().load(v1.key()).version())
        .as("the cache holds the newer copy")
        .isEqualTo(3);
  }

  @Test
  void aStaleNoticeForACacheThisNodeCannotReachMarksTheKeyWithoutReadingTheRecordOfTruth() {
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    cache.down = true;
    for (int i = 0; i < 10; i++) {
      store.insert(record(1)); // each write misses the cache: its breaker opens on this node
    }
    assertThat(breakerOf("redis")).isEqualTo("OPEN");
    long loadsBefore = truth.counter.count("load");
    long pendingBefore = tiered.tierStats().get(1).pendingRepairs();
    truth.listener().staleInCaches(v1.key());
    scheduler.runPending();
    assertThat(truth.counter.count("load")).as("no read per notice").isEqualTo(loadsBefore);
    assertThat(tiered.tierStats().get(1).pendingRepairs())
        .as("the key awaits repair here")
        .isEqualTo(pendingBefore + 1);
  }

  @Test
  void aFillOverALiveCopyNeedsNoSecondRead() {
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    store.insert(v1);
    CountingSessionStore counted = truth.counter;
    counted.reset();
    store.merge(
        v1.key(),
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "1").build());
    assertThat(counted.count("load")).isZero();
  }

  @Test
  void aNodesOwnNoticeLeavesItsFreshCopyAndAnotherNodesChangeDropsIt() {
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    SessionRecord v2 =
        store.merge(
            v1.key(),
            SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis())
                .base(v1)
                .set("a", "2")
                .build());
    cache.counter.reset();

    // This node's own notice comes back (before or after its fill): the copy stays.
    cache.listener().changed(v1.key(), v2.version(), v2.lastAccessedAt());
    truth.listener().changed(v1.key(), v2.version(), v2.lastAccessedAt());
    assertThat(store.load(v1.key())).isEqualTo(v2);
    assertThat(cache.counter.count("load")).as("served locally").isZero();

    // A touch elsewhere (same version, later access) and a change elsewhere both drop it.
    cache.listener().changed(v1.key(), v2.version(), v2.lastAccessedAt() + 1);
    store.load(v1.key());
    assertThat(cache.counter.count("load")).isEqualTo(1);
    cache.listener().changed(v1.key(), v2.version() + 1, v2.lastAccessedAt());
    store.load(v1.key());
    assertThat(cache.counter.count("load")).isEqualTo(2);
    cache.listener().changed(v1.key(), StoreListener.UNKNOWN_VERSION, 0);
    store.load(v1.key());
    assertThat(cache.counter.count("load")).isEqualTo(3);
  }

  @Test
  void aNoticeThatOvertakesTheWritersFillLetsTheFillThroughButNotAnOlderOne() {
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    SessionDelta change =
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).base(v1).set("a", "2").build();
    // The cache's notice of this very merge arrives while the merge is still under way.
    truth.duringCall =
        () -> {
          truth.duringCall = null;
          cache.listener().changed(v1.key(), 2, v1.lastAccessedAt());
        };
    SessionRecord v2 = store.merge(v1.key(), change);
    cache.counter.reset();
    assertThat(store.load(v1.key())).isEqualTo(v2);
    assertThat(cache.counter.count("load")).as("the writer's copy was kept").isZero();

    // A load that began before a notice of version 3 must not fill its older copy.
    cache.afterLoad = () -> cache.listener().changed(v1.key(), 3, v1.lastAccessedAt());
    cache.listener().changed(v1.key(), StoreListener.UNKNOWN_VERSION, 0); // drop the local copy
    store.load(v1.key());
    cache.counter.reset();
    store.load(v1.key());
    assertThat(cache.counter.count("load")).as("the older copy was not kept locally").isEqualTo(1);
  }

  @Test
  void mergesSkipTheRecordOfTruthsNoticeOnlyWhileTheCacheChannelCarriesIt() {
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    SessionDelta change =
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "2").build();
    store.merge(v1.key(), change);
    assertThat(truth.unannouncedMerges.get()).isEqualTo(1);

    // This node's channel to the cache drops: the record of truth announces again, and no
    // local copy is served, since other nodes may be announcing only through the cache.
    cache.listener().disconnected();
    store.merge(v1.key(), change);
    assertThat(truth.unannouncedMerges.get()).isEqualTo(1);
    cache.counter.reset();
    store.load(v1.key());
    store.load(v1.key());
    assertThat(cache.counter.count("load")).as("no local copy served").isEqualTo(2);

    cache.listener().reconnected();
    store.load(v1.key());
    store.load(v1.key());
    assertThat(cache.counter.count("load")).as("local copies again").isEqualTo(3);
    store.merge(v1.key(), change);
    assertThat(truth.unannouncedMerges.get()).isEqualTo(2);
  }

  @Test
  void anUnannouncedMergeThatTheCacheDidNotTakeIsAnnouncedThroughTheRecordOfTruth() {
    truth.ledger = new FakeLedger();
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    // The cache keeps what it holds (in Redis: a tombstone left by a repair, or a newer copy),
    // so its write announces nothing: the record of truth must.
    cache.delegate().putIfNewer(record(v1.key(), 10));
    store.merge(
        v1.key(),
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "2").build());
    assertThat(truth.unannouncedMerges.get()).isEqualTo(1);
    assertThat(truth.ledger.announced).containsExactly(v1.key());
  }

  @Test
  void aFailedMaintenanceCallToTheCacheStopsLocalCopiesBeforeTheChannelNoticesAnything() {
    cache.generations = new FakeGenerations("run-a");
    truth.ledger = new FakeLedger();
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    cache.counter.reset();
    store.load(v1.key());
    assertThat(cache.counter.count("load")).isZero();

    // A black-holed link: the channel looks connected, but the maintenance call fails.
    cache.generations.down = true;
    tiered.maintain();
    store.load(v1.key());
    assertThat(cache.counter.count("load")).as("no local copy served").isEqualTo(1);
    store.merge(
        v1.key(),
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "2").build());
    assertThat(truth.unannouncedMerges.get())
        .as("the record of truth announces meanwhile")
        .isZero();

    cache.generations.down = false;
    tiered.maintain();
    store.load(v1.key());
    store.load(v1.key());
    assertThat(cache.counter.count("load")).as("local copies again after one refill").isEqualTo(2);
  }

  @Test
  void
      withAnnouncingThroughTheCacheOffEveryMergeIsAnnouncedAndADroppedCacheChannelIsNoReasonToStop() {
    tiered =
        TieredSessionStore.builder()
            .clock(clock)
            .ticker(ticker)
            .scheduler(scheduler)
            .remoteTier(cache)
            .remoteTier(truth)
            .localTier(MemorySessionStore.builder().clock(clock).build())
            .announceThroughCache(false)
            .build();
    SessionRecord v1 = record(1);
    tiered.insert(v1);
    tiered.merge(
        v1.key(),
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "2").build());
    assertThat(truth.unannouncedMerges.get()).isZero();
    cache.listener().disconnected();
    tiered.load(v1.key());
    cache.counter.reset();
    tiered.load(v1.key());
    assertThat(cache.counter.count("load"))
        .as("the record of truth's channel still carries every change")
        .isZero();
  }

  @Test
  void moreKeysAwaitingRepairThanCanBeKeptBypassTheCacheForTheRepairBypass() {
    TieredSessionStore store = build(false);
    List<SessionRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SessionRecord r = record(1);
      store.insert(r);
      records.add(r);
    }
    cache.down = true;
    for (SessionRecord r : records) {
      store.merge(
          r.key(),
          SessionDelta.builder(clock.millis(), r.idleTimeoutMillis()).set("a", "2").build());
    }
    cache.down = false;
    long cacheLoadsBefore = cache.counter.count("load");
    store.load(records.get(0).key());
    assertThat(cache.counter.count("load"))
        .as("bypassed after overflow")
        .isEqualTo(cacheLoadsBefore);

    clock.advance(Duration.ofMinutes(31));
    store.load(records.get(0).key());
    assertThat(cache.counter.count("load")).isEqualTo(cacheLoadsBefore + 1);
  }

  @Test
  void theRecordOfTruthRefusesAtOnceOnceDownAndAProbeClosesTheBreaker() {
    TieredSessionStore store = build(false);
    SessionRecord r = record(1);
    store.insert(r);
    truth.down = true;
    assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
        .isInstanceOf(StoreUnavailableException.class);
    long callsWhenDown = truth.calls.get();
    assertThat(breakerOf("postgresql")).isEqualTo("OPEN");
    assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
        .isInstanceOf(CallRefusedException.class)
        .hasMessageContaining("circuit breaker is OPEN")
        .satisfies(
            e -> {
              CallRefusedException refused = (CallRefusedException) e;
              assertThat(refused.store()).isEqualTo("postgresql");
              assertThat(refused.operation()).isEqualTo("touch");
              assertThat(refused.breakerState()).isEqualTo("OPEN");
            });
    assertThat(truth.calls.get()).as("refused without a call").isEqualTo(callsWhenDown);

    store.probe();
    assertThat(breakerOf("postgresql")).as("still down").isEqualTo("OPEN");
    truth.down = false;
    store.probe();
    assertThat(breakerOf("postgresql")).isEqualTo("CLOSED");
    assertThat(store.touch(r.key(), clock.millis())).isTrue();
  }

  @Test
  void statsAndHealthAnswerWhileTheRecordOfTruthIsDown() {
    TieredSessionStore store = build(false);
    try (io.github.sessionkit.SessionManager manager =
        io.github.sessionkit.SessionManager.builder()
            .store(store)
            .clock(clock)
            .automaticPurge(false)
            .build()) {
      truth.down = true;
      io.github.sessionkit.SessionStats stats = manager.stats();
      assertThat(stats.totalSessions()).isEqualTo(io.github.sessionkit.spi.StoreStats.UNKNOWN);
      assertThat(manager.health().up()).isFalse();
    }
    tiered = null; // closed by the manager
  }

  @Test
  void aBugInAStoreReachesTheCallerAsItIsAndDoesNotOpenTheBreaker() {
    TieredSessionStore store = build(false);
    SessionRecord r = record(1);
    store.insert(r);
    for (int i = 0; i < 30; i++) {
      truth.bugOnce = true;
      assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(breakerOf("postgresql")).isEqualTo("CLOSED");
    assertThat(store.touch(r.key(), clock.millis())).isTrue();
  }

  @Test
  void aBusyRecordOfTruthIsNotTakenForADownOne() {
    TieredSessionStore store = build(false);
    SessionRecord r = record(1);
    store.insert(r);
    truth.busyOnce = true; // a pool timeout under load: the server is up
    assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(breakerOf("postgresql")).isEqualTo("CLOSED");
    assertThat(store.touch(r.key(), clock.millis())).isTrue();
  }

  @Test
  void aCallBegunBeforeTheRecoveryDoesNotOpenTheBreakerAgain() {
    TieredSessionStore store = build(false);
    SessionRecord r = record(1);
    store.insert(r);
    // A call hangs (waiting for a connection, say) while the outage is detected by another
    // call, and the record of truth comes back and is found by the probe; then the hanging
    // call fails, as calls begun during an outage do.
    truth.duringCall =
        () -> {
          truth.duringCall = null;
          truth.downOnce = true;
          assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
              .isInstanceOf(StoreUnavailableException.class);
          assertThat(breakerOf("postgresql")).isEqualTo("OPEN");
          ticker.advance(Duration.ofMillis(200));
          store.probe();
          assertThat(breakerOf("postgresql")).isEqualTo("CLOSED");
          truth.downOnce = true;
        };
    assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(breakerOf("postgresql"))
        .as("a failure of a call begun before the recovery")
        .isEqualTo("CLOSED");
    assertThat(store.touch(r.key(), clock.millis())).isTrue();

    truth.downOnce = true;
    assertThatThrownBy(() -> store.touch(r.key(), clock.millis()))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(breakerOf("postgresql")).as("a failure of a call begun after it").isEqualTo("OPEN");
  }

  @Test
  void aClientThatSawANewerVersionIsNeverServedAnOlderCopy() {
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    assertThat(store.load(v1.key()).version()).isEqualTo(1); // held locally and in the cache
    truth.delegate().putIfNewer(record(v1.key(), 2)); // saved on another node, notice not here yet

    assertThat(store.load(v1.key()).version())
        .as("without the version: the bounded window")
        .isEqualTo(1);
    assertThat(store.load(v1.key(), 2).version()).isEqualTo(2);
    assertThat(store.load(v1.key(), 2).version())
        .as("the fresh copy now fills the tiers above")
        .isEqualTo(2);
  }

  @Test
  void withTheRecordOfTruthDownAnOlderCopyIsServedRatherThanAnError() {
    TieredSessionStore store = build(false);
    SessionRecord v1 = record(1);
    store.insert(v1);
    truth.down = true;
    assertThat(store.load(v1.key(), 5).version())
        .as("degraded: the best copy there is")
        .isEqualTo(1);
  }

  @Test
  void aWriteTheCacheMissedIsAnnouncedAndOtherNodesReplaceTheirCopy() {
    truth.ledger = new FakeLedger();
    TieredSessionStore store = build(true);
    SessionRecord v1 = record(1);
    store.insert(v1);
    cache.down = true; // unreachable from this node only
    store.merge(
        v1.key(),
        SessionDelta.builder(clock.millis(), v1.idleTimeoutMillis()).set("a", "2").build());
    store.delete(v1.key());
    assertThat(truth.ledger.announced).containsExactly(v1.key(), v1.key());

    // On another node, which reaches the cache: the notice replaces the copy at once.
    cache.down = false;
    SessionRecord other = record(1);
    store.insert(other);
    truth.delegate().putIfNewer(record(other.key(), 2));
    truth.listener().staleInCaches(other.key());
    scheduler.runPending();
    assertThat(cache.delegate().load(other.key()).version()).isEqualTo(2);
    truth.delegate().delete(other.key());
    truth.listener().staleInCaches(other.key());
    scheduler.runPending();
    assertThat(cache.delegate().load(other.key())).as("a logout the cache missed").isNull();
  }

  private String breakerOf(String tier) {
    for (TierStats stats : tiered.tierStats()) {
      if (stats.name().equals(tier)) {
        return stats.breakerState();
      }
    }
    throw new AssertionError("no tier " + tier);
  }

  // --- stand-ins ------------------------------------------------------------------------------

  /** A memory store that can be made unreachable, counts calls, and offers notifications. */
  private static final class Switchable extends ForwardingSessionStore {
    final CountingSessionStore counter;
    final String name;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong unannouncedMerges = new AtomicLong();
    volatile boolean down;
    volatile boolean downOnce;
    volatile boolean busyOnce;
    volatile boolean bugOnce;
    volatile @Nullable Runnable afterLoad;
    volatile @Nullable Runnable duringCall;
    @Nullable FakeGenerations generations;
    @Nullable FakeLedger ledger;
    private @Nullable StoreListener listener;

    Switchable(SessionStore store, String name) {
      this(new CountingSessionStore(store), name);
    }

    private Switchable(CountingSessionStore counter, String name) {
      super(counter);
      this.counter = counter;
      this.name = name;
    }

    StoreListener listener() {
      return java.util.Objects.requireNonNull(listener, "not subscribed");
    }

    private <T> T call(Supplier<T> operation) {
      calls.incrementAndGet();
      Runnable during = duringCall;
      if (during != null) {
        during.run();
      }
      if (down || downOnce) {
        downOnce = false;
        throw new StoreUnreachableException(name + " is down");
      }
      if (bugOnce) {
        bugOnce = false;
        throw new IllegalStateException("a bug in the store");
      }
      if (busyOnce) {
        busyOnce = false;
        throw new StoreUnavailableException(name + ": no connection available in time");
      }
      return operation.get();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public @Nullable SessionRecord load(SessionKey key) {
      SessionRecord r = call(() -> super.load(key));
      Runnable after = afterLoad;
      if (after != null) {
        afterLoad = null;
        after.run();
      }
      return r;
    }

    @Override
    public boolean insert(SessionRecord record) {
      return call(() -> super.insert(record));
    }

    @Override
    public @Nullable SessionRecord merge(SessionKey key, SessionDelta delta) {
      return call(() -> super.merge(key, delta));
    }

    @Override
    public @Nullable SessionRecord mergeUnannounced(SessionKey key, SessionDelta delta) {
      unannouncedMerges.incrementAndGet();
      return call(() -> super.mergeUnannounced(key, delta));
    }

    @Override
    public boolean putIfNewer(SessionRecord record) {
      return call(() -> super.putIfNewer(record));
    }

    @Override
    public io.github.sessionkit.spi.FillOutcome fill(SessionRecord record) {
      return call(() -> super.fill(record));
    }

    @Override
    public io.github.sessionkit.spi.FillOutcome fill(SessionRecord record, SessionDelta change) {
      return call(() -> super.fill(record, change));
    }

    @Override
    public boolean touch(SessionKey key, long lastAccessedAt) {
      return call(() -> super.touch(key, lastAccessedAt));
    }

    @Override
    public boolean delete(SessionKey key) {
      return call(() -> super.delete(key));
    }

    @Override
    public io.github.sessionkit.spi.StoreStats stats(long nowMillis, long createdSinceMillis) {
      return call(() -> super.stats(nowMillis, createdSinceMillis));
    }

    @Override
    public StoreHealth health() {
      return down ? StoreHealth.down(name, "down") : StoreHealth.up(name, Map.of());
    }

    @Override
    public StoreSubscription subscribe(StoreListener l) {
      this.listener = l;
      return () -> {};
    }

    @Override
    public Optional<GenerationalCache> generationalCache() {
      return Optional.ofNullable(generations);
    }

    @Override
    public Optional<GenerationLedger> generationLedger() {
      return Optional.ofNullable(ledger);
    }
  }

  private static final class FakeGenerations implements GenerationalCache {
    volatile String identity;
    volatile boolean down;
    private long generation;

    FakeGenerations(String identity) {
      this.identity = identity;
    }

    @Override
    public String datasetIdentity() {
      if (down) {
        throw new StoreUnavailableException("cache down");
      }
      return identity;
    }

    @Override
    public synchronized void useGeneration(long next) {
      generation = Math.max(generation, next);
    }

    @Override
    public synchronized long generation() {
      return generation;
    }
  }

  private static final class FakeLedger implements GenerationLedger {
    final List<String> calls = new ArrayList<>();
    final List<SessionKey> announced = new ArrayList<>();

    @Override
    public synchronized void announceStale(SessionKey key) {
      announced.add(key);
    }

    private String identity = "";
    private long generation;

    @Override
    public synchronized long generationFor(String cache, String reported) {
      calls.add(cache + "=" + reported);
      if (!reported.equals(identity)) {
        identity = reported;
        generation++;
      }
      return generation;
    }
  }

  /** A ticker moved by hand. */
  private static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long read() {
      return nanos.get();
    }
  }

  /** Keeps periodic tasks for the test to run; runs "soon" tasks when asked. */
  private static final class ManualScheduler implements Scheduler {
    private final List<Runnable> pending = new ArrayList<>();

    @Override
    public void every(Duration period, Runnable task) {
      // The test calls maintain() and probe() itself.
    }

    @Override
    public synchronized void soon(Runnable task) {
      pending.add(task);
    }

    synchronized void runPending() {
      List<Runnable> now = new ArrayList<>(pending);
      pending.clear();
      now.forEach(Runnable::run);
    }

    @Override
    public void close() {}
  }
}
