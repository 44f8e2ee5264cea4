package io.github.sessionkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionInvalidatedException;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.testkit.Concurrently;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tiered store (local -> Redis -> PostgreSQL) on two "pods" sharing real servers, under load,
 * while Redis or PostgreSQL is stopped, black-holed or restarted. Numbers the tests measure are
 * printed for docs/benchmarks.md.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TieredStoreFaultIT {

  private static final int THREADS = 8;

  /** Bound on serving a logged-out session: the local TTL of these nodes plus a margin. */
  private static final Duration LOCAL_TTL = Duration.ofSeconds(3);

  private TwoNodeCluster cluster;
  private TwoNodeCluster.Node a;
  private TwoNodeCluster.Node b;

  @BeforeEach
  void start() {
    cluster = new TwoNodeCluster();
    a = cluster.node("a", LOCAL_TTL);
    b = cluster.node("b", LOCAL_TTL);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Workload workload() {
    return new Workload(List.of(a.manager, b.manager), 200, LOCAL_TTL.plusSeconds(1));
  }

  /** Runs the workload in the background; returns when it is done. */
  private Thread runInBackground(Workload workload, Duration duration) {
    Thread runner =
        new Thread(
            () -> {
              try {
                workload.run(THREADS, duration);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "workload-runner");
    runner.start();
    return runner;
  }

  private void assertNoAcknowledgedSaveIsLostOrServedOld(Workload workload) {
    for (String id : workload.live) {
      long acked = workload.acked.get(id).get();
      for (TwoNodeCluster.Node node : List.of(a, b)) {
        Session session =
            node.manager
                .find(id)
                .orElseThrow(() -> new AssertionError("live session lost on " + node.name));
        assertThat(session.version())
            .as("version of %s... on node %s", id.substring(0, 6), node.name)
            .isGreaterThanOrEqualTo(acked);
      }
    }
    for (String id : workload.loggedOutAtNanos.keySet()) {
      assertThat(a.manager.find(id)).isEmpty();
      assertThat(b.manager.find(id)).isEmpty();
    }
  }

  private static void awaitBreaker(
      TwoNodeCluster.Node node, String tier, String state, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (TierStats stats : node.tiered.tierStats()) {
        if (stats.name().equals(tier) && stats.breakerState().equals(state)) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "breaker of "
            + tier
            + " on node "
            + node.name
            + " not "
            + state
            + " within "
            + within
            + "; states "
            + node.tiered.tierStats()
            + "; events "
            + node.breakerEvents);
  }

  @Test
  void redisStoppedMidLoadCostsNoRequestAndIsTrustedAgainAfterRestart() throws Exception {
    Workload workload = workload();
    Thread runner = runInBackground(workload, Duration.ofSeconds(9));
    Thread.sleep(2_000);

    long outageStart = System.nanoTime();
    cluster.redis.stop();
    awaitBreaker(a, "redis", "OPEN", Duration.ofSeconds(3));
    Thread.sleep(2_000);
    cluster.redis.start();
    long outageEnd = System.nanoTime();
    awaitBreaker(a, "redis", "CLOSED", Duration.ofSeconds(10));
    awaitBreaker(b, "redis", "CLOSED", Duration.ofSeconds(10));
    runner.join();

    assertThat(workload.failures).as("failed requests").isEmpty();
    assertThat(workload.staleReads).as("logged-out sessions served after the bound").isEmpty();
    assertThat(a.breakerEvents).contains("redis:CLOSED->OPEN", "redis:HALF_OPEN->CLOSED");
    assertNoAcknowledgedSaveIsLostOrServedOld(workload);
    System.out.printf(
        "[tiered] redis stopped: %d requests during the %.1f s outage, p50 %.2f ms, p99 %.2f ms;"
            + " overall p99 %.2f ms, %d requests%n",
        workload.requestsBetween(outageStart, outageEnd),
        (outageEnd - outageStart) / 1e9,
        workload.percentileMillis(50, outageStart, outageEnd),
        workload.percentileMillis(99, outageStart, outageEnd),
        workload.percentileMillis(99, 0, Long.MAX_VALUE),
        workload.samples.size());
  }

  @Test
  void redisBlackHoledMidLoadCostsTheTierTimeoutNotTheSocketTimeout() throws Exception {
    Workload workload = workload();
    Thread runner = runInBackground(workload, Duration.ofSeconds(9));
    Thread.sleep(2_000);

    long outageStart = System.nanoTime();
    cluster.redisProxy.blackHole();
    awaitBreaker(a, "redis", "OPEN", Duration.ofSeconds(3));
    Thread.sleep(2_500);
    cluster.redisProxy.pass();
    long outageEnd = System.nanoTime();
    awaitBreaker(a, "redis", "CLOSED", Duration.ofSeconds(10));
    awaitBreaker(b, "redis", "CLOSED", Duration.ofSeconds(10));
    runner.join();

    assertThat(workload.failures).as("failed requests").isEmpty();
    assertThat(workload.staleReads).isEmpty();
    double p99 = workload.percentileMillis(99, outageStart, outageEnd);
    assertThat(p99)
        .as("p99 during the black hole, ms")
        .isLessThan(TwoNodeCluster.REDIS_TIMEOUT.toMillis() * 3 + 150);
    // Redis kept the copies written before the outage; those changed meanwhile must not come back.
    assertNoAcknowledgedSaveIsLostOrServedOld(workload);
    System.out.printf(
        "[tiered] redis black-holed: %d requests during the %.1f s outage, p50 %.2f ms, p99 %.2f ms"
            + " (tier timeout %d ms)%n",
        workload.requestsBetween(outageStart, outageEnd),
        (outageEnd - outageStart) / 1e9,
        workload.percentileMillis(50, outageStart, outageEnd),
        p99,
        TwoNodeCluster.REDIS_TIMEOUT.toMillis());
  }

  @Test
  void postgresStoppedKeepsReadsWorkingFailsSavesFastAndLosesNothing() throws Exception {
    Session held = a.manager.create("alice");
    held.put("cart", List.of("book"));
    a.manager.save(held);
    assertThat(b.manager.find(held.id())).isPresent();
    Session acknowledged = a.manager.find(held.id()).orElseThrow();
    acknowledged.put("theme", "dark");
    a.manager.save(acknowledged);

    cluster.postgres.stop();
    try {
      for (TwoNodeCluster.Node node : List.of(a, b)) {
        Session read = node.manager.find(held.id()).orElseThrow();
        assertThat(read.get("theme", String.class)).isEqualTo("dark");
        read.put("theme", "light");
        long start = System.nanoTime();
        assertThatThrownBy(() -> node.manager.save(read))
            .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      }
      for (int i = 0; i < 10 && !a.tiered.tierStats().get(2).breakerState().equals("OPEN"); i++) {
        Session attempt = a.manager.find(held.id()).orElseThrow();
        attempt.put("theme", "attempt " + i);
        long begin = System.nanoTime();
        assertThatThrownBy(() -> a.manager.save(attempt))
            .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(3));
      }
      awaitBreaker(a, "postgresql", "OPEN", Duration.ofSeconds(1));
      Session again = a.manager.find(held.id()).orElseThrow();
      again.put("theme", "blue");
      long start = System.nanoTime();
      assertThatThrownBy(() -> a.manager.save(again))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("postgresql");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("a save with the breaker open")
          .isLessThan(Duration.ofMillis(50));
      assertThat(b.manager.find(held.id())).isPresent();
    } finally {
      cluster.postgres.start();
    }
    // Trial calls or the probe close the breaker once PostgreSQL answers: ask it something
    // harmless.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!a.tiered.tierStats().get(2).breakerState().equals("CLOSED")) {
      assertThat(System.nanoTime()).as("the breaker closes within 20 s").isLessThan(deadline);
      try {
        a.manager.sessionsOf("alice");
      } catch (StoreUnavailableException stillDown) {
        Thread.sleep(100);
      }
    }

    // Each node's own probe closes its breaker (every 200 ms): b's may still be open for that long.
    awaitBreaker(b, "postgresql", "CLOSED", Duration.ofSeconds(2));
    Session after = b.manager.find(held.id()).orElseThrow();
    assertThat(after.get("theme", String.class))
        .as("the acknowledged save survived, unacknowledged ones left no trace")
        .isEqualTo("dark");
    assertThat(after.version()).isEqualTo(acknowledged.version());
    after.put("theme", "green");
    b.manager.save(after);
    // Read as the client would, carrying the version it was handed: a bare find on a may still
    // serve its local copy for the time b's notice takes to arrive.
    assertThat(a.manager.find(held.id(), after.version()).orElseThrow().get("theme", String.class))
        .isEqualTo("green");
  }

  private Duration timeUntilGoneOn(TwoNodeCluster.Node node, String id, Duration within)
      throws InterruptedException {
    long start = System.nanoTime();
    while (node.manager.find(id).isPresent()) {
      assertThat(System.nanoTime() - start)
          .as("node %s still serves the session", node.name)
          .isLessThan(within.toNanos());
      Thread.sleep(1);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void aLogoutOnOneNodeReachesTheOtherWithRedisUpAndWithRedisDown() throws Exception {
    List<Long> upMicros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Session session = a.manager.create("alice");
      a.manager.save(session);
      b.manager.find(session.id()).orElseThrow();
      b.manager.find(session.id()).orElseThrow();
      a.manager.invalidate(session.id());
      upMicros.add(timeUntilGoneOn(b, session.id(), Duration.ofSeconds(1)).toNanos() / 1_000);
    }

    cluster.redis.stop();
    List<Long> downMicros = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Session session = a.manager.create("bob");
      a.manager.save(session);
      b.manager.find(session.id()).orElseThrow();
      b.manager.find(session.id()).orElseThrow();
      a.manager.invalidate(session.id());
      downMicros.add(timeUntilGoneOn(b, session.id(), LOCAL_TTL.plusSeconds(1)).toNanos() / 1_000);
    }
    cluster.redis.start();

    upMicros.sort(null);
    downMicros.sort(null);
    System.out.printf(
        "[tiered] logout on node a unseen on node b after: redis up median %d us, max %d us;"
            + " redis down median %d us, max %d us%n",
        upMicros.get(upMicros.size() / 2),
        upMicros.get(upMicros.size() - 1),
        downMicros.get(downMicros.size() / 2),
        downMicros.get(downMicros.size() - 1));
    assertThat(downMicros.get(downMicros.size() / 2))
        .as("PostgreSQL notifications carry logouts while Redis is down")
        .isLessThan(Duration.ofSeconds(1).toNanos() / 1_000);
  }

  @Test
  void twoNodesTimesEightThreadsChangingDifferentAttributesLoseNothing() throws Exception {
    Session session = a.manager.create("alice");
    a.manager.save(session);
    int rounds = 25;
    runConcurrently(
        THREADS,
        t -> {
          SessionManager node = t % 2 == 0 ? a.manager : b.manager;
          for (int i = 0; i < rounds; i++) {
            Session s = node.find(session.id()).orElseThrow();
            s.put("thread-" + t, i);
            node.save(s);
          }
        });
    for (TwoNodeCluster.Node node : List.of(a, b)) {
      Session result = node.manager.find(session.id()).orElseThrow();
      for (int t = 0; t < THREADS; t++) {
        assertThat(result.get("thread-" + t, Integer.class))
            .as("node %s thread %d", node.name, t)
            .isEqualTo(rounds - 1);
      }
    }
  }

  @Test
  void aLogoutRacingASaveOnTheOtherNodeAlwaysWins() throws Exception {
    for (int round = 0; round < 40; round++) {
      Session session = a.manager.create("alice");
      session.put("n", 0);
      a.manager.save(session);
      Session onB = b.manager.find(session.id()).orElseThrow();
      a.manager.find(session.id()).orElseThrow();
      onB.put("n", round);
      runConcurrently(
          2,
          t -> {
            if (t == 0) {
              a.manager.invalidate(session.id());
            } else {
              try {
                b.manager.save(onB);
              } catch (SessionInvalidatedException expected) {
                // the logout got there first
              }
            }
          });
      SessionKey key = SessionKey.forId(a.manager.tenant(), session.id());
      assertThat(a.manager.find(session.id())).as("round %d on a", round).isEmpty();
      // Node b learns of the logout by notification: allow it the time that takes.
      timeUntilGoneOn(b, session.id(), Duration.ofSeconds(2));
      Thread.sleep(20);
      assertThat(b.manager.find(session.id()))
          .as("round %d on b, and it stays gone", round)
          .isEmpty();
      assertThat(a.redis.load(key)).as("round %d in redis", round).isNull();
      assertThat(TwoNodeCluster.unwrap(a.postgres).load(key))
          .as("round %d in postgresql", round)
          .isNull();
      assertThat(b.local.load(key)).as("round %d in b's local tier", round).isNull();
    }
  }

  @Test
  void aHundredConcurrentFindsOfAColdSessionCostOneLoadFromPostgres() throws Exception {
    Session session = a.manager.create("alice");
    a.manager.save(session);
    SessionKey key = SessionKey.forId(a.manager.tenant(), session.id());
    a.redis.delete(key);
    b.postgres.reset();

    runConcurrently(100, t -> assertThat(b.manager.find(session.id())).isPresent());

    assertThat(b.postgres.count("load")).isEqualTo(1);
    Optional<Session> again = b.manager.find(session.id());
    assertThat(again).isPresent();
    assertThat(b.postgres.count("load")).isEqualTo(1);
  }

  @Test
  void warmUpLoadsKnownSessionsIntoTheUpperTiers() {
    List<SessionKey> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Session session = a.manager.create("hot" + i);
      session.put("i", i);
      a.manager.save(session);
      keys.add(SessionKey.forId(a.manager.tenant(), session.id()));
    }
    b.postgres.reset();

    assertThat(b.tiered.warmUp(keys)).isEqualTo(10);
    for (SessionKey key : keys) {
      assertThat(b.local.load(key)).isNotNull();
    }
    assertThat(b.postgres.count("load")).as("Redis held them all").isZero();
    Map<String, Object> health = b.tiered.health().details();
    assertThat(health).containsKeys("memory", "redis", "postgresql", "serving");
  }

  static void runConcurrently(int threads, Concurrently.ThreadWork work) throws Exception {
    Concurrently.run(threads, work);
  }
}
