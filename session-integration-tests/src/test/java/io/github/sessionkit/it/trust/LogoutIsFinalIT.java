package io.github.sessionkit.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionInfo;
import io.github.sessionkit.SessionInvalidatedException;
import io.github.sessionkit.it.trust.TrustCluster.Node;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, guarantee 1: once a logout ({@code invalidate}, {@code invalidateAll}, {@code revoke},
 * or {@code rotateId} for the old id) has returned on node a, no node serves that session again
 * after the notice window ({@value #NOTICE_MILLIS} ms), whatever Redis holds or lacks.
 *
 * <p>Each test runs hundreds of racing trials, bounded in count and time: a save on node b against
 * a logout on a, a cache fill on b (b never held the session) against a logout on a, and id
 * rotations on b against a logout, a log-out-everywhere and a cache fill of the old id on a. Saves
 * and fills race each of the three ways to log out in turn. The tests differ in what Redis holds
 * when the race starts: the key (the usual case), nothing because {@code allkeys-lru} evicted it
 * under {@code maxmemory}, nothing because an operator ran {@code FLUSHDB}, nothing because Redis
 * restarted empty.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogoutIsFinalIT {

  static final long NOTICE_MILLIS = 100;
  private static final int BATCH = 50;
  private static final int MIN_TRIALS = 200;
  private static final int MAX_TRIALS = 1_000;

  /** Trials stop at MAX_TRIALS or after this long, once MIN_TRIALS are done. */
  private static final Duration BUDGET = Duration.ofSeconds(9);

  /** Trials stop after this long in any case (a slow, shared machine). */
  private static final Duration HARD_LIMIT = Duration.ofSeconds(30);

  /** What races against what. */
  enum Kind {
    /** b saves a change to a session it holds; a logs it out. */
    SAVE_VS_LOGOUT,
    /** b reads a session it never held (a cache fill from below); a logs it out. */
    FILL_VS_LOGOUT,
    /** b rotates the id of a session it holds; a logs out the old id. */
    ROTATE_VS_LOGOUT,
    /**
     * b rotates the id; a reads the old id, which it never held (a cache fill of an id being
     * retired).
     */
    ROTATE_VS_FILL,
    /** b rotates the id; a logs the principal out everywhere. */
    ROTATE_VS_LOGOUT_ALL
  }

  /** How node a logs out. */
  enum Logout {
    INVALIDATE,
    INVALIDATE_ALL,
    REVOKE
  }

  /** What Redis holds of the session when the race starts. */
  enum RedisState {
    PRESENT,
    EVICTED,
    FLUSHED,
    RESTARTED_EMPTY
  }

  private TrustCluster cluster;
  private Node a;
  private Node b;
  private Race race;
  private final AtomicInteger principals = new AtomicInteger();

  @BeforeAll
  void start() {
    cluster =
        new TrustCluster(
            RedisProcess.builder()
                .setting("maxmemory", "10mb")
                .setting("maxmemory-policy", "allkeys-lru")
                .build());
    a = cluster.node("a");
    b = cluster.node("b");
    race = new Race(1_500);
  }

  @AfterAll
  void stop() {
    if (race != null) {
      race.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aLogoutIsFinalWhenRedisHoldsTheKey() throws Exception {
    runTrials(RedisState.PRESENT);
  }

  @Test
  void aLogoutIsFinalWhenRedisEvictedTheKeyUnderMaxmemory() throws Exception {
    try {
      runTrials(RedisState.EVICTED);
    } finally {
      cluster.removeFiller();
    }
  }

  @Test
  void aLogoutIsFinalAfterAnOperatorFlushedRedis() throws Exception {
    runTrials(RedisState.FLUSHED);
  }

  @Test
  void aLogoutIsFinalAfterRedisRestartedEmpty() throws Exception {
    runTrials(RedisState.RESTARTED_EMPTY);
  }

  // --- the trials -------------------------------------------------------------------------------

  /** One racing trial and what came of it. */
  private final class Trial {
    final Kind kind;
    final String principal;

    /** How a logs the session out. */
    final Logout logout;

    /** What a's {@code sessionsOf} listed, for a {@link Logout#REVOKE}. */
    final @Nullable SessionInfo listed;

    final String id;
    final Session held;
    boolean keyInRedisBefore;

    /** The new id, when b's rotation returned. */
    @Nullable String newId;

    /** Whether a's logout removed a session. */
    boolean logoutRemoved;

    /** Whether b's operation was refused because the logout got there first. */
    boolean refused;

    Trial(Kind kind, int number) {
      this.kind = kind;
      this.principal = "racer-" + principals.incrementAndGet();
      this.logout =
          switch (kind) {
            case SAVE_VS_LOGOUT, FILL_VS_LOGOUT -> Logout.values()[number % Logout.values().length];
            case ROTATE_VS_LOGOUT_ALL -> Logout.INVALIDATE_ALL;
            default -> Logout.INVALIDATE;
          };
      // The node that holds the session object creates it; the other one has never read it.
      Node creator = kind == Kind.SAVE_VS_LOGOUT || kind == Kind.FILL_VS_LOGOUT ? a : b;
      Session session = creator.manager.create(principal);
      session.put("n", 0);
      creator.manager.save(session);
      this.id = session.id();
      if (kind == Kind.SAVE_VS_LOGOUT) {
        Session onB = b.manager.find(id).orElseThrow();
        onB.put("n", 1);
        this.held = onB;
      } else {
        this.held = session;
      }
      this.listed = logout == Logout.REVOKE ? a.manager.sessionsOf(principal).get(0) : null;
    }

    SessionKey key() {
      return a.key(id);
    }

    void race() throws Exception {
      switch (kind) {
        case SAVE_VS_LOGOUT ->
            race.run(
                this::logout,
                () -> {
                  try {
                    b.manager.save(held);
                  } catch (SessionInvalidatedException e) {
                    refused = true;
                  }
                });
        case FILL_VS_LOGOUT -> race.run(this::logout, () -> b.manager.find(id));
        case ROTATE_VS_LOGOUT, ROTATE_VS_LOGOUT_ALL -> race.run(this::logout, this::rotate);
        case ROTATE_VS_FILL -> race.run(() -> a.manager.find(id), this::rotate);
        default -> throw new IllegalStateException(kind.name());
      }
    }

    private void logout() {
      logoutRemoved =
          switch (logout) {
            case INVALIDATE -> a.manager.invalidate(id);
            case INVALIDATE_ALL -> a.manager.invalidateAll(principal) > 0;
            case REVOKE -> a.manager.revoke(Objects.requireNonNull(listed));
          };
    }

    private void rotate() {
      try {
        newId = b.manager.rotateId(held);
      } catch (SessionInvalidatedException e) {
        refused = true;
      }
    }

    /** The ids no node may serve once the operations returned. */
    List<String> mustBeGone() {
      List<String> gone = new ArrayList<>(List.of(id));
      boolean logoutWonOverRotation =
          kind == Kind.ROTATE_VS_LOGOUT_ALL || (kind == Kind.ROTATE_VS_LOGOUT && logoutRemoved);
      if (newId != null && logoutWonOverRotation) {
        gone.add(newId);
      }
      return gone;
    }

    /** The trial and which of its ids, for a failure message. */
    String describe(String servedId) {
      String which =
          kind.name().startsWith("ROTATE") ? (servedId.equals(id) ? "old id " : "new id ") : "";
      return kind + " (" + logout + ") " + which + servedId.substring(0, 6) + "...";
    }

    /** The id that must still be served: a rotated session no logout was aimed at. */
    @Nullable String mustLive() {
      boolean aimedAt =
          kind == Kind.ROTATE_VS_LOGOUT_ALL || (kind == Kind.ROTATE_VS_LOGOUT && logoutRemoved);
      return newId != null && !aimedAt ? newId : null;
    }
  }

  /**
   * Per kind: trials, trials with the key in Redis at the start, refusals, resurrections, copies
   * left in Redis.
   */
  private static final class Tally {
    int trials;
    int keyInRedis;
    int refused;
    int resurrected;
    int leftInRedis;

    @Override
    public String toString() {
      return trials
          + " trials (key in redis before: "
          + keyInRedis
          + "), "
          + refused
          + " refused by the logout, "
          + resurrected
          + " resurrected, "
          + leftInRedis
          + " live copies left in redis";
    }
  }

  private void runTrials(RedisState state) throws Exception {
    Map<Kind, Tally> tallies = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      tallies.put(kind, new Tally());
    }
    List<String> resurrections = new CopyOnWriteArrayList<>();
    List<String> lost = new ArrayList<>();
    List<Trial> all = new ArrayList<>();
    long begin = System.nanoTime();
    long deadline = begin + BUDGET.toNanos();
    long hardDeadline = begin + HARD_LIMIT.toNanos();
    int fillerKeys = 0;
    int batches = 0;
    while (all.size() < MAX_TRIALS
        && (System.nanoTime() < deadline || all.size() < MIN_TRIALS)
        && System.nanoTime() < hardDeadline) {
      // Evicting and restarting cost more than the trials: do them for larger batches.
      int size =
          switch (state) {
            case RESTARTED_EMPTY -> BATCH * 4;
            case EVICTED -> BATCH * 2;
            default -> BATCH;
          };
      List<Trial> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        batch.add(new Trial(Kind.values()[i % Kind.values().length], i / Kind.values().length));
      }
      List<SessionKey> keys = batch.stream().map(Trial::key).toList();
      switch (state) {
        case PRESENT -> {}
        case EVICTED -> fillerKeys += cluster.evictFromRedis(keys);
        case FLUSHED -> cluster.flushRedis();
        case RESTARTED_EMPTY -> {
          cluster.redis.restart();
          cluster.awaitRedisServing(Duration.ofSeconds(15));
          // Let every node reconnect and get past its verify grace: the race is then what it
          // is in steady state, with nothing checking Redis hits against PostgreSQL.
          TrustCluster.sleep(TrustCluster.VERIFY_GRACE.plusMillis(1_500));
        }
        default -> throw new IllegalStateException(state.name());
      }
      Set<SessionKey> present = cluster.presentInRedis(keys);
      for (Trial trial : batch) {
        trial.keyInRedisBefore = present.contains(trial.key());
        trial.race();
      }
      batches++;
      Thread.sleep(NOTICE_MILLIS);
      for (Trial trial : batch) {
        check(trial, tallies.get(trial.kind), resurrections, lost);
      }
      all.addAll(batch);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;

    // Later, after every other trial: still gone.
    List<String> cameBackLater = new ArrayList<>();
    for (Trial trial : all) {
      for (String id : trial.mustBeGone()) {
        for (Node node : List.of(a, b)) {
          if (node.manager.find(id).isPresent()) {
            cameBackLater.add(trial.describe(id) + " on " + node);
          }
        }
      }
    }

    int trials = all.size();
    int keyInRedis = tallies.values().stream().mapToInt(t -> t.keyInRedis).sum();
    System.out.printf(
        "[trust] logout is final, redis %s: %d trials in %d batches, %.1f s, notice window %d"
            + " ms%s%n",
        state,
        trials,
        batches,
        seconds,
        NOTICE_MILLIS,
        state == RedisState.EVICTED
            ? ", " + fillerKeys + " filler keys written to evict them"
            : "");
    tallies.forEach((kind, tally) -> System.out.printf("[trust]   %-20s %s%n", kind, tally));
    System.out.printf(
        "[trust]   node answers serving a logged-out id after the window: %d, at the end: %d;"
            + " rotated sessions lost: %d%n",
        resurrections.size(), cameBackLater.size(), lost.size());

    assertThat(trials)
        .as("racing trials run within %s", HARD_LIMIT)
        .isGreaterThanOrEqualTo(MIN_TRIALS);
    if (state == RedisState.PRESENT) {
      assertThat(keyInRedis).as("trials that started with the key in redis").isEqualTo(trials);
    } else {
      assertThat(keyInRedis)
          .as("trials that started with the key in redis, which should have none")
          .isZero();
    }
    assertThat(resurrections)
        .as("sessions served %d ms after a logout returned (redis %s)", NOTICE_MILLIS, state)
        .isEmpty();
    assertThat(cameBackLater)
        .as("sessions served again at the end of the test (redis %s)", state)
        .isEmpty();
    assertThat(lost).as("rotated sessions no logout was aimed at, not served").isEmpty();
  }

  private void check(Trial trial, Tally tally, List<String> resurrections, List<String> lost) {
    tally.trials++;
    if (trial.keyInRedisBefore) {
      tally.keyInRedis++;
    }
    if (trial.refused) {
      tally.refused++;
    }
    boolean resurrected = false;
    boolean inRedis = false;
    for (String id : trial.mustBeGone()) {
      for (Node node : List.of(a, b)) {
        if (node.manager.find(id).isPresent()) {
          resurrected = true;
          resurrections.add(trial.describe(id) + " on " + node);
        }
      }
      inRedis |= a.redis.load(a.key(id)) != null;
    }
    if (resurrected) {
      tally.resurrected++;
    }
    if (inRedis) {
      tally.leftInRedis++;
    }
    String live = trial.mustLive();
    if (live != null) {
      for (Node node : List.of(a, b)) {
        if (node.manager.find(live).isEmpty()) {
          lost.add(trial.describe(live) + " on " + node);
        }
      }
    }
  }
}
