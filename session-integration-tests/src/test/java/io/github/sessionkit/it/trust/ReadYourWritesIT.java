package io.github.sessionkit.it.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.it.trust.TrustCluster.Node;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, guarantee 3: a client that carries the version it last saw is never served an older
 * copy by any node, at any delay, with the local tier on; a client that carries nothing keeps
 * today's bounded window.
 *
 * <p>Each trial: node b holds a local copy of the session, node a changes and saves it, and the
 * client's next request lands on b at once (or after a pause of up to 3 ms).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadYourWritesIT {

  private static final int SESSIONS = 20;
  private static final int MAX_TRIALS = 2_000;
  private static final Duration BUDGET = Duration.ofSeconds(15);

  private TrustCluster cluster;
  private Node a;
  private Node b;

  @BeforeAll
  void start() {
    cluster = new TrustCluster(RedisProcess.builder().build());
    a = cluster.node("a");
    b = cluster.node("b");
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<String> sessions(String principal) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      Session session = a.manager.create(principal + i);
      session.put("n", -1);
      a.manager.save(session);
      ids.add(session.id());
    }
    return ids;
  }

  /** a changes the session and saves it; returns the version the client now holds. */
  private long saveOnA(String id, int n) {
    Session session = a.manager.find(id).orElseThrow();
    session.put("n", n);
    a.manager.save(session);
    return session.version();
  }

  /** Half the trials read at once, the other half after a random pause of up to 3 ms. */
  private static void pause(int trial) throws InterruptedException {
    if (trial % 2 == 1) {
      TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(3_000));
    }
  }

  @Test
  void aClientThatCarriesItsVersionNeverReadsAnOlderCopyOnTheOtherNode() throws Exception {
    List<String> ids = sessions("ryw-");
    int trials = 0;
    int older = 0;
    int missing = 0;
    long deadline = System.nanoTime() + BUDGET.toNanos();
    for (; trials < MAX_TRIALS && System.nanoTime() < deadline; trials++) {
      String id = ids.get(trials % ids.size());
      b.manager.find(id).orElseThrow();
      long seen = saveOnA(id, trials);
      pause(trials);
      Session read = b.manager.find(id, seen).orElse(null);
      if (read == null) {
        missing++;
      } else if (read.version() < seen) {
        older++;
      }
    }
    System.out.printf(
        "[trust] read-your-writes with the client's version: %d trials, %d older reads (%.2f %%),"
            + " %d not found%n",
        trials, older, 100.0 * older / trials, missing);
    assertThat(trials).as("trials run").isGreaterThanOrEqualTo(200);
    assertThat(older).as("reads on b older than the version the client saved on a").isZero();
    assertThat(missing).as("reads on b that found no session").isZero();
  }

  @Test
  void aClientThatCarriesNothingKeepsTodaysBoundedWindow() throws Exception {
    List<String> ids = sessions("plain-");
    int trials = 0;
    int olderAtOnce = 0;
    long deadline = System.nanoTime() + BUDGET.toNanos() / 3;
    for (; trials < MAX_TRIALS / 2 && System.nanoTime() < deadline; trials++) {
      String id = ids.get(trials % ids.size());
      b.manager.find(id).orElseThrow();
      long saved = saveOnA(id, trials);
      if (b.manager.find(id).orElseThrow().version() < saved) {
        olderAtOnce++;
      }
    }
    // After the notice window, b has the change: the window is bounded.
    int windowTrials = 30;
    int olderAfterWindow = 0;
    for (int i = 0; i < windowTrials; i++) {
      String id = ids.get(i % ids.size());
      b.manager.find(id).orElseThrow();
      long saved = saveOnA(id, -i);
      TrustCluster.sleep(TrustCluster.NOTICE_WINDOW);
      if (b.manager.find(id).orElseThrow().version() < saved) {
        olderAfterWindow++;
      }
    }
    System.out.printf(
        "[trust] plain find on b right after a save on a: %d of %d reads older (%.1f %%);"
            + " %d ms later: %d of %d older%n",
        olderAtOnce,
        trials,
        100.0 * olderAtOnce / trials,
        TrustCluster.NOTICE_WINDOW.toMillis(),
        olderAfterWindow,
        windowTrials);
    assertThat(olderAfterWindow)
        .as("reads on b older than a's save, %d ms after it", TrustCluster.NOTICE_WINDOW.toMillis())
        .isZero();
  }
}
