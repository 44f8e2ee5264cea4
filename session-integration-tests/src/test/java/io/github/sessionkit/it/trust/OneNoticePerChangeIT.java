package io.github.sessionkit.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreListener;
import io.github.sessionkit.spi.StoreSubscription;
import io.github.sessionkit.spi.TierStats;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's tiered write path on real Redis and PostgreSQL: a node keeps its own fresh local
 * copies (its notices say what its change left), each change is announced once (by Redis's write of
 * it, PostgreSQL staying silent while Redis carries the notice), another node still drops its copy
 * on every change, and a node that cannot hear Redis stops serving local copies (it could miss
 * changes announced only there) long before its channel's watchdog notices.
 */
class OneNoticePerChangeIT {

  private static final int SESSIONS = 100;
  private static final int ROUNDS = 5;

  private TrustCluster cluster;
  private FaultProxy bToRedis;
  private final List<StoreSubscription> subscriptions = new ArrayList<>();

  @BeforeEach
  void start() {
    cluster = new TrustCluster(RedisProcess.builder().build());
    bToRedis = FaultProxy.start(cluster.redis.host(), cluster.redis.port());
  }

  @AfterEach
  void stop() {
    subscriptions.forEach(StoreSubscription::close);
    cluster.close();
    bToRedis.close();
  }

  /** Every notice a store delivers, as {@code hash:version:lastAccessedAt}. */
  private ConcurrentLinkedQueue<String> listen(io.github.sessionkit.spi.SessionStore store) {
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    subscriptions.add(
        store.subscribe(
            new StoreListener() {
              @Override
              public void changed(SessionKey key, long version, long lastAccessedAt) {
                heard.add(key.hash() + ":" + version + ":" + lastAccessedAt);
              }
            }));
    return heard;
  }

  private static TierStats local(TrustCluster.Node node) {
    return node.tiered.tierStats().stream()
        .filter(t -> t.role() == TierStats.Role.LOCAL)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aNodeLoopingOverItsOwnSessionsAnswersThemLocallyAndEachChangeIsAnnouncedOnce()
      throws Exception {
    TrustCluster.Node a = cluster.node("a");
    TrustCluster.Node observer = cluster.node("observer"); // only its stores' channels are used
    ConcurrentLinkedQueue<String> fromPostgres = listen(observer.postgres);
    ConcurrentLinkedQueue<String> fromRedis = listen(observer.redis);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      Session session = a.manager.create("user-" + i);
      session.put("n", 0);
      a.manager.save(session);
      ids.add(session.id());
    }
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());
    fromPostgres.clear();
    fromRedis.clear();
    TierStats before = local(a);

    for (int round = 1; round <= ROUNDS; round++) {
      for (String id : ids) {
        Session session = a.manager.find(id).orElseThrow();
        session.put("n", round);
        a.manager.save(session);
      }
    }
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());

    TierStats after = local(a);
    long hits = after.hits() - before.hits();
    long misses = after.misses() - before.misses();
    System.out.printf(
        "[notices] one node, %d typical requests on its own sessions: %d local hits, %d misses; "
            + "%d notices from Redis, %d from PostgreSQL%n",
        SESSIONS * ROUNDS, hits, misses, fromRedis.size(), fromPostgres.size());
    assertThat(hits + misses).isEqualTo(SESSIONS * ROUNDS);
    assertThat((double) hits / (hits + misses)).as("local hit ratio").isGreaterThanOrEqualTo(0.99);
    assertThat(fromRedis).as("one notice per change, from Redis").hasSize(SESSIONS * ROUNDS);
    assertThat(fromRedis)
        .allSatisfy(n -> assertThat(n).doesNotEndWith(":" + StoreListener.UNKNOWN_VERSION + ":0"));
    assertThat(fromPostgres).as("PostgreSQL stays silent while Redis carries the notice").isEmpty();
    for (String id : ids) {
      assertThat(a.durableVersion(id)).isEqualTo(ROUNDS + 1L);
    }
  }

  @Test
  void anotherNodesChangeStillReplacesThisNodesLocalCopyAndALogoutIsAnnouncedByBoth()
      throws Exception {
    TrustCluster.Node a = cluster.node("a");
    TrustCluster.Node b = cluster.node("b");
    ConcurrentLinkedQueue<String> fromPostgres = listen(b.postgres);
    Session session = a.manager.create("alice");
    session.put("theme", "dark");
    a.manager.save(session);
    assertThat(b.manager.find(session.id()).orElseThrow().get("theme", String.class))
        .isEqualTo("dark");
    assertThat(b.tiered.load(b.key(session.id()))).isNotNull();

    Session changed = a.manager.find(session.id()).orElseThrow();
    changed.put("theme", "light");
    a.manager.save(changed);
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());
    assertThat(b.manager.find(session.id()).orElseThrow().get("theme", String.class))
        .isEqualTo("light");
    assertThat(fromPostgres).isEmpty();

    a.manager.invalidate(session.id());
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());
    assertThat(b.manager.find(session.id())).isEmpty();
    assertThat(fromPostgres).as("deletions are announced by PostgreSQL too").hasSize(1);
  }

  @Test
  void aNodeCutOffFromRedisStopsServingLocalCopiesWithinAMaintenanceIntervalAndASocketTimeout()
      throws Exception {
    TrustCluster.Node a = cluster.node("a");
    TrustCluster.Node b = cluster.nodeBehind("b", bToRedis);
    Session session = a.manager.create("alice");
    session.put("n", 0);
    a.manager.save(session);
    assertThat(b.manager.find(session.id()).orElseThrow().get("n", Integer.class)).isZero();

    // b's link to Redis goes silent; its channel still looks connected. a goes on writing, and
    // announces only through Redis, which b no longer hears.
    bToRedis.blackHole();
    long cut = System.nanoTime();
    Session changed = a.manager.find(session.id()).orElseThrow();
    changed.put("n", 1);
    a.manager.save(changed);

    // The last answer with the older copy counts, not the first with the new one: once b stops
    // trusting its copy, its reads wait on the black-holed link until its breaker opens.
    long lastOld = cut;
    while (true) {
      long asked = System.nanoTime();
      Session seen = b.manager.find(session.id()).orElseThrow();
      if (seen.get("n", Integer.class) == 1) {
        break;
      }
      lastOld = asked;
      assertThat(Duration.ofNanos(System.nanoTime() - cut))
          .as("b serves its old copy")
          .isLessThan(Duration.ofSeconds(10));
      Thread.sleep(10);
    }
    Duration servedOld = Duration.ofNanos(lastOld - cut);
    System.out.printf(
        "[notices] b cut off from Redis served its older local copy for %d ms%n",
        servedOld.toMillis());
    // 1 s maintenance interval + a call and its retry at b's 300 ms socket timeout, with room
    // for a busy machine. (The channel's own watchdog would take 2 x 5 s ping + 1 s.)
    assertThat(servedOld).isLessThan(Duration.ofMillis(2_500));

    // While cut off, b reads past Redis to PostgreSQL and keeps no local copy; a logout by a is
    // announced by PostgreSQL as well (deletions always are), and b does not serve it either.
    a.manager.invalidate(session.id());
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());
    assertThat(b.manager.find(session.id())).isEmpty();
  }
}
