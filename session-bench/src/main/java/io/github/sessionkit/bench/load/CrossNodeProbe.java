package io.github.sessionkit.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Checks, over HTTP, what a cluster owes its users beyond speed: a session created on one node is
 * found on another, and a logout on one node is refused by another. One probe signs a probe user in
 * on node A, checks it on node B, logs out on B, then presents the old credentials to A, which must
 * refuse them within the plan's logout window (A learns of the logout from a change notice, which
 * takes a few milliseconds; a lost notice would let A serve the session until its local copy
 * expires). Each probe takes the next pair of nodes in turn. Used by one thread.
 */
final class CrossNodeProbe {

  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final HttpSite site;
  private final CrossNodeRecorder recorder;
  private final HttpUser user;
  private int round;

  CrossNodeProbe(HttpSite site, CrossNodeRecorder recorder, long seed) {
    if (!site.plan().severalNodes()) {
      throw new IllegalArgumentException(
          "a cross-node probe needs two targets, got " + site.plan().targets());
    }
    this.site = site;
    this.recorder = recorder;
    this.user = new HttpUser(site, "load-probe", List.of(), new SplittableRandom(seed), null);
  }

  /** Time between two probes. */
  Duration interval() {
    return site.plan().probeInterval();
  }

  /** One probe on the next pair of nodes; failures are recorded, never thrown. */
  void probe() {
    List<URI> nodes = site.plan().targets();
    int n = nodes.size();
    // A walks the nodes; B is every other node in turn.
    URI a = nodes.get(round % n);
    URI b = nodes.get((round % n + 1 + round / n % (n - 1)) % n);
    round++;
    HttpPlan.Paths paths = site.plan().paths();
    HttpLogin login;
    try {
      login = user.loginOn(a);
    } catch (RuntimeException e) {
      // No session to compare: the load's own login errors say why.
      return;
    }
    long at = System.nanoTime();
    String notFound = unexpected(() -> site.get(b, paths.check(), login), true);
    recorder.record(
        CrossNodeRecorder.Check.FOUND_ON_OTHER,
        at,
        notFound == null
            ? null
            : "signed in on " + name(a) + ", " + name(b) + " answered " + notFound);
    HttpLogin stale = login.copy(site.site());
    at = System.nanoTime();
    String logout = unexpected(() -> site.post(b, paths.logout(), "", login), true);
    if (logout != null) {
      recorder.record(
          CrossNodeRecorder.Check.LOGOUT_HONOURED,
          at,
          "logout on " + name(b) + " answered " + logout);
      return;
    }
    at = System.nanoTime();
    long deadline = at + site.plan().logoutWindow().toNanos();
    String stillServed = unexpected(() -> site.get(a, paths.check(), stale), false);
    while (stillServed != null
        && System.nanoTime() - deadline < 0
        && !Thread.currentThread().isInterrupted()) {
      // The logout's change notice may still be on its way to A: ask again until the window closes.
      LockSupport.parkNanos(RETRY_NANOS);
      stillServed = unexpected(() -> site.get(a, paths.check(), stale), false);
    }
    if (stillServed == null) {
      recorder.refusedAfter(System.nanoTime() - at);
    }
    recorder.record(
        CrossNodeRecorder.Check.LOGOUT_HONOURED,
        at,
        stillServed == null
            ? null
            : "logged out on "
                + name(b)
                + ", "
                + name(a)
                + " answered "
                + stillServed
                + " for "
                + LoadReport.duration(site.plan().logoutWindow()));
  }

  /**
   * Null when the answer is what the probe expects (a 2xx when {@code wantServed}, a 401 or 403
   * otherwise); else what came instead.
   */
  private static @Nullable String unexpected(
      Supplier<HttpSite.Answer> request, boolean wantServed) {
    HttpSite.Answer answer;
    try {
      answer = request.get();
    } catch (Failure e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return VirtualUser.describe(e);
    }
    if (wantServed) {
      return answer.ok() ? null : "HTTP " + answer.status();
    }
    boolean refused = answer.status() == 401 || answer.status() == 403;
    return refused
        ? null
        : "HTTP " + answer.status() + (answer.ok() ? ", still serving the session" : "");
  }

  private static String name(URI node) {
    return node.getAuthority();
  }
}
