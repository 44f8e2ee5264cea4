package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-node probe against two real HTTP nodes sharing a session table, once as a sound cluster
 * and once with a node whose local cache never hears of logouts elsewhere: the mistake the probe
 * exists to catch.
 */
class CrossNodeProbeTest {

  private static final long START = System.nanoTime();
  private final Set<String> shared = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private HttpServer node1;
  private HttpServer node2;

  @AfterEach
  void stopNodes() {
    node1.stop(0);
    node2.stop(0);
  }

  /** A node; with {@code staleCache}, it serves sessions it has seen from its own copy, forever. */
  private HttpServer node(boolean staleCache) throws IOException {
    Map<String, Boolean> local = new ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/login",
        e -> {
          String id = "s" + ids.incrementAndGet();
          shared.add(id);
          local.put(id, true);
          e.getResponseHeaders().add("Set-Cookie", "SID=" + id + "; Path=/");
          answer(e, 200);
        });
    server.createContext(
        "/check",
        e -> {
          String id = cookie(e);
          boolean known = shared.contains(id) || (staleCache && local.containsKey(id));
          answer(e, known ? 200 : 401);
        });
    server.createContext(
        "/logout",
        e -> {
          String id = cookie(e);
          local.remove(id);
          answer(e, shared.remove(id) ? 200 : 401);
        });
    server.start();
    return server;
  }

  private static String cookie(HttpExchange e) {
    String header = e.getRequestHeaders().getFirst("Cookie");
    return header == null ? "" : header.replace("SID=", "");
  }

  private static void answer(HttpExchange e, int status) throws IOException {
    e.sendResponseHeaders(status, -1);
    e.close();
  }

  private CrossNodeRecorder probe(int probes) {
    HttpPlan plan =
        new HttpPlan(
            List.of(uri(node1), uri(node2)),
            new HttpPlan.Paths("/login", "/check", "/check", "/check", "/logout"),
            "username={user}",
            HttpPlan.Auth.COOKIE,
            "X-Auth-Token",
            null,
            Duration.ofSeconds(5),
            Duration.ofMillis(10),
            Duration.ofMillis(200));
    CrossNodeRecorder recorder = new CrossNodeRecorder(new RunSeconds(START, 3600));
    CrossNodeProbe probe = new CrossNodeProbe(new HttpSite(plan), recorder, 7);
    for (int i = 0; i < probes; i++) {
      probe.probe();
    }
    return recorder;
  }

  private static URI uri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void aSoundClusterPassesEveryProbeInBothDirections() throws IOException {
    node1 = node(false);
    node2 = node(false);

    CrossNodeRecorder recorder = probe(4);

    for (CrossNodeRecorder.Check check : CrossNodeRecorder.Check.values()) {
      assertThat(recorder.runs(check)).as("%s", check).isEqualTo(4);
      assertThat(recorder.failures(check)).as("%s", check).isZero();
    }
    assertThat(recorder.slowestRefusalNanos()).isLessThan(Duration.ofMillis(200).toNanos());
  }

  @Test
  void aNodeThatKeepsServingALoggedOutSessionFailsTheLogoutCheckAfterTheWindow()
      throws IOException {
    node1 = node(true);
    node2 = node(false);

    CrossNodeRecorder recorder = probe(2);

    assertThat(recorder.failures(CrossNodeRecorder.Check.FOUND_ON_OTHER)).isZero();
    // Probe 1 signs in on node 1 and logs out on node 2: node 1's copy outlives the logout.
    // Probe 2 goes the other way round, and node 2 forgets at once.
    assertThat(recorder.runs(CrossNodeRecorder.Check.LOGOUT_HONOURED)).isEqualTo(2);
    assertThat(recorder.failures(CrossNodeRecorder.Check.LOGOUT_HONOURED)).isEqualTo(1);
    assertThat(recorder.firstFailure(CrossNodeRecorder.Check.LOGOUT_HONOURED))
        .isEqualTo(
            "logged out on "
                + uri(node2).getAuthority()
                + ", "
                + uri(node1).getAuthority()
                + " answered HTTP 200, still serving the session for 200ms");
  }
}
