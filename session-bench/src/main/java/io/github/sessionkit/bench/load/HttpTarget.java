package io.github.sessionkit.bench.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An application over HTTP as the system under test: the deployment's own nodes, reached as its
 * users reach them (see {@link HttpSite}). The shared hot sessions are logins of their own that
 * every user's cache-burst requests present. The cache hit ratio is not visible from outside, so it
 * is not graded. Used by the thread that runs the load test.
 */
final class HttpTarget implements Target<HttpLogin> {

  private final HttpSite site;
  private List<HttpLogin> hotLogins = List.of();

  HttpTarget(HttpPlan plan) {
    this.site = new HttpSite(plan);
  }

  @Override
  public String description() {
    return site.plan().targets().stream().map(URI::toString).collect(Collectors.joining(", "))
        + " ("
        + site.plan().auth().name().toLowerCase(Locale.ROOT)
        + " sessions)";
  }

  /**
   * @throws Failure if a hot session's login fails: the application is not ready for the run
   */
  @Override
  public void prepare(LoadPlan plan) {
    if (!plan.scenario().needsHotSessions()) {
      return;
    }
    List<HttpLogin> logins = new ArrayList<>();
    for (int i = 0; i < plan.hotSessions(); i++) {
      HttpUser hot = new HttpUser(site, "load-hot-" + i, List.of(), new SplittableRandom(i), null);
      try {
        logins.add(hot.login());
      } catch (Failure e) {
        throw new Failure(
            "the login of hot session "
                + i
                + " at "
                + site.plan().paths().login()
                + " failed: "
                + e.getMessage());
      }
    }
    hotLogins = List.copyOf(logins);
  }

  @Override
  public UserActions<HttpLogin> newUser(
      int number, SplittableRandom random, LatencyRecorder recorder) {
    return new HttpUser(site, "load-user-" + number, hotLogins, random, recorder);
  }

  @Override
  public @Nullable CrossNodeProbe crossNodeProbe(CrossNodeRecorder recorder) {
    if (!site.plan().severalNodes() || site.plan().probeInterval().isZero()) {
      return null;
    }
    return new CrossNodeProbe(site, recorder, ThreadLocalRandom.current().nextLong());
  }

  @Override
  public @Nullable CacheHits cacheHits() {
    return null;
  }

  @Override
  public String noCacheHitsReason() {
    return "the cache tier's reads are not visible over HTTP";
  }

  @Override
  public void cleanUp() {
    HttpUser cleaner = new HttpUser(site, "load-cleanup", List.of(), new SplittableRandom(0), null);
    for (HttpLogin login : hotLogins) {
      cleaner.logoutQuietly(login);
    }
    hotLogins = List.of();
  }
}
