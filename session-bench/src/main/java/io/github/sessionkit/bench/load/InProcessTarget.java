package io.github.sessionkit.bench.load;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.TierStats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionManager} in this process as the system under test: library-level runs, without
 * HTTP, where the cache hit ratio of a tiered store can be read directly. Used by the thread that
 * runs the load test.
 */
final class InProcessTarget implements Target<String> {

  private final SessionManager manager;
  private List<String> hotSessions = List.of();
  private List<TierStats> tiersBefore = List.of();

  InProcessTarget(SessionManager manager) {
    this.manager = manager;
  }

  @Override
  public String description() {
    return "store " + manager.store().name() + ", tenant " + manager.tenant();
  }

  @Override
  public void prepare(LoadPlan plan) {
    if (plan.scenario().needsHotSessions()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < plan.hotSessions(); i++) {
        Session session = manager.create("load-hot-" + i);
        session.put("roles", List.of("user"));
        session.put("profile", "hot session " + i);
        manager.save(session);
        ids.add(session.id());
      }
      hotSessions = List.copyOf(ids);
    }
    tiersBefore = CacheHits.snapshot(manager);
  }

  @Override
  public UserActions<String> newUser(
      int number, SplittableRandom random, LatencyRecorder recorder) {
    return new InProcessUser(manager, number, hotSessions, random);
  }

  @Override
  public @Nullable CrossNodeProbe crossNodeProbe(CrossNodeRecorder recorder) {
    return null;
  }

  @Override
  public @Nullable CacheHits cacheHits() {
    return CacheHits.between(tiersBefore, CacheHits.snapshot(manager));
  }

  @Override
  public String noCacheHitsReason() {
    return "the store is not tiered";
  }

  @Override
  public void cleanUp() {
    for (String id : hotSessions) {
      try {
        manager.invalidate(id);
      } catch (RuntimeException ignored) {
        // Best effort: they expire by themselves.
      }
    }
    hotSessions = List.of();
  }
}
