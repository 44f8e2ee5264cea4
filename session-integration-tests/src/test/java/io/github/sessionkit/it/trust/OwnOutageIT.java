package io.github.sessionkit.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, guarantee 2 for "a node's own outage": node a is cut off from Redis (its link
 * black-holed) while node b still reaches it. What a changes and logs out meanwhile goes to
 * PostgreSQL only; b, reading Redis, must not serve the older copies or the logged-out sessions
 * once the notice window has passed, while a is still cut off (a announces each write Redis missed;
 * b repairs the copy). Before, b served them until a's link came back and a repaired.
 */
class OwnOutageIT {

  private static final int SESSIONS = 40;

  private TrustCluster cluster;
  private FaultProxy aToRedis;

  @BeforeEach
  void start() {
    cluster = new TrustCluster(RedisProcess.builder().build());
    aToRedis = FaultProxy.start(cluster.redis.host(), cluster.redis.port());
  }

  @AfterEach
  void stop() {
    cluster.close();
    aToRedis.close();
  }

  @Test
  void whatACutOffNodeChangesOrLogsOutIsNotServedOldByANodeThatReachesRedis() throws Exception {
    TrustCluster.Node a = cluster.nodeBehind("a", aToRedis);
    TrustCluster.Node b = cluster.node("b");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      Session session = a.manager.create("user-" + i);
      session.put("n", 0);
      a.manager.save(session);
      ids.add(session.id());
      assertThat(b.manager.find(session.id())).isPresent(); // b holds it locally, and Redis has it
    }

    aToRedis.blackHole();
    Set<String> loggedOut = new HashSet<>();
    for (int i = 0; i < SESSIONS; i++) {
      String id = ids.get(i);
      if (i % 4 == 0) {
        assertThat(a.manager.invalidate(id)).isTrue();
        loggedOut.add(id);
      } else {
        Session session = a.manager.find(id).orElseThrow();
        session.put("n", i);
        a.manager.save(session);
      }
    }
    assertThat(a.breakerState("redis")).as("a is cut off from Redis").isEqualTo("OPEN");
    Thread.sleep(TrustCluster.NOTICE_WINDOW.toMillis());

    List<String> wrong = new ArrayList<>();
    List<String> failedReads = new ArrayList<>();
    for (String id : ids) {
      cluster.check(id, loggedOut, "while a is cut off", wrong, failedReads);
    }
    System.out.printf(
        "[trust] a cut off from Redis: %d sessions changed or logged out on a (%d logged out); "
            + "%d wrong answers on either node %d ms later; failed reads %d%n",
        SESSIONS,
        loggedOut.size(),
        wrong.size(),
        TrustCluster.NOTICE_WINDOW.toMillis(),
        failedReads.size());
    assertThat(wrong).isEmpty();
    assertThat(failedReads).isEmpty();

    aToRedis.pass();
    TrustCluster.awaitBreaker(a, "redis", "CLOSED", Duration.ofSeconds(20));
    for (String id : ids) {
      cluster.check(id, loggedOut, "after a's link is back", wrong, failedReads);
    }
    assertThat(wrong).isEmpty();
  }
}
