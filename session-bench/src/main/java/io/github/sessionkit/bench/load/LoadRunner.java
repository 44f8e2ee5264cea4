package io.github.sessionkit.bench.load;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.TierStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link LoadPlan} against a manager: one thread per virtual user, started along the
 * ramp-up (spike users all at once), each looping until its end time. The calling thread
 * watches them, reports progress once a second, and joins them. Everything is bounded: users
 * stop at their end time; any still busy a grace period after the end of the run is
 * interrupted and counted as stuck, and the run returns anyway.
 *
 * <p>Used once, from one thread.
 */
final class LoadRunner {

  static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long POLL = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * What a run produced.
   *
   * @param recorder every operation's latency and outcome
   * @param elapsedNanos from the start of the run until the users were joined
   * @param stuckUsers users still busy after the grace period
   * @param crashedUsers users whose loop ended with an unexpected exception (a bug of the tool)
   * @param firstCrash that exception's description, or null
   * @param cache the cache tier's reads during the run, or null when the store is not tiered
   */
  record Outcome(LatencyRecorder recorder, long elapsedNanos, int stuckUsers, int crashedUsers,
      @Nullable String firstCrash, @Nullable CacheHits cache) {}

  private final SessionManager manager;
  private final LoadPlan plan;
  private final Progress progress;
  private final Duration grace;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger crashed = new AtomicInteger();
  private final AtomicReference<@Nullable String> firstCrash = new AtomicReference<>();

  LoadRunner(SessionManager manager, LoadPlan plan, Progress progress, Duration grace) {
    this.manager = manager;
    this.plan = plan;
    this.progress = progress;
    this.grace = grace;
  }

  /**
   * Creates the hot sessions if the scenario needs them, runs the plan, removes them again.
   *
   * @throws io.github.sessionkit.SessionException if the hot sessions cannot be created
   */
  Outcome run() {
    List<String> hot = plan.scenario().needsHotSessions() ? createHotSessions() : List.of();
    try {
      List<TierStats> before = CacheHits.snapshot(manager);
      long start = System.nanoTime();
      LatencyRecorder recorder = new LatencyRecorder(start, plan.seconds());
      List<Thread> users = startUsers(recorder, hot, start);
      long elapsed = watch(users, recorder, start);
      int stuck = join(users);
      CacheHits cache = CacheHits.between(before, CacheHits.snapshot(manager));
      return new Outcome(recorder, elapsed, stuck, crashed.get(), firstCrash.get(), cache);
    } finally {
      for (String id : hot) {
        try {
          manager.invalidate(id);
        } catch (RuntimeException ignored) {
          // Best effort: they expire by themselves.
        }
      }
    }
  }

  private List<String> createHotSessions() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < plan.hotSessions(); i++) {
      Session session = manager.create("load-hot-" + i);
      session.put("roles", List.of("user"));
      session.put("profile", "hot session " + i);
      manager.save(session);
      ids.add(session.id());
    }
    return List.copyOf(ids);
  }

  private List<Thread> startUsers(LatencyRecorder recorder, List<String> hot, long start) {
    long duration = plan.duration().toNanos();
    long ramp = plan.rampUp().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < plan.users(); i++) {
      long from = start + ramp * i / plan.users();
      threads.add(userThread(i, recorder, hot, from, start + duration));
    }
    if (plan.hasSpike()) {
      for (int i = plan.users(); i < plan.spikeUsers(); i++) {
        threads.add(userThread(i, recorder, hot, start + plan.spikeStart().toNanos(), start + plan.spikeEnd().toNanos()));
      }
    }
    threads.forEach(Thread::start);
    return threads;
  }

  private Thread userThread(int number, LatencyRecorder recorder, List<String> hot, long from, long until) {
    long seed = ThreadLocalRandom.current().nextLong();
    Thread thread = new Thread(() -> runUser(number, recorder, hot, seed, from, until), "load-user-" + number);
    // A user stuck in a store call past the grace period must not keep the JVM alive.
    thread.setDaemon(true);
    return thread;
  }

  private void runUser(int number, LatencyRecorder recorder, List<String> hot, long seed, long from, long until) {
    if (!sleepUntil(from)) {
      return;
    }
    Scenario.Script script = plan.scenario().newScript(new VirtualUser(manager, recorder, number, hot, seed));
    long think = plan.think().toNanos();
    active.incrementAndGet();
    try {
      while (!stop.get() && System.nanoTime() < until) {
        script.iterate();
        if (think > 0 && !sleepUntil(Math.min(System.nanoTime() + think, until))) {
          break;
        }
      }
    } catch (RuntimeException e) {
      crashed.incrementAndGet();
      firstCrash.compareAndSet(null, VirtualUser.describe(e));
    } finally {
      active.decrementAndGet();
      script.finish();
    }
  }

  /** Parks until {@code deadline}; false if told to stop or interrupted first. */
  private boolean sleepUntil(long deadline) {
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return true;
      }
      if (stop.get() || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(remaining, POLL));
    }
  }

  /** Reports progress until every user is done or the grace period is over; the elapsed time. */
  private long watch(List<Thread> users, LatencyRecorder recorder, long start) {
    long duration = plan.duration().toNanos();
    long hardStop = start + duration + grace.toNanos();
    long nextTick = start + SECOND;
    long lastOps = 0;
    long lastTick = start;
    while (true) {
      long now = System.nanoTime();
      recorder.sampleUsers(now, active.get());
      if (users.stream().noneMatch(Thread::isAlive) || now - hardStop >= 0) {
        break;
      }
      if (now - nextTick >= 0) {
        long ops = recorder.total();
        double rate = (ops - lastOps) * (double) SECOND / Math.max(1, now - lastTick);
        progress.update(new Progress.Snapshot(now - start, duration, active.get(), ops, recorder.errors(), rate));
        lastOps = ops;
        lastTick = now;
        while (now - nextTick >= 0) {
          nextTick += SECOND;
        }
      }
      LockSupport.parkNanos(Math.max(1, Math.min(POLL, nextTick - now)));
    }
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    long ops = recorder.total();
    progress.done(new Progress.Snapshot(elapsed, duration, 0, ops, recorder.errors(),
        ops * (double) SECOND / Math.max(1, Math.min(elapsed, duration))));
    return elapsed;
  }

  /** Joins the users, interrupting those still running; returns how many would not end. */
  private int join(List<Thread> users) {
    for (Thread user : users) {
      if (user.isAlive()) {
        user.interrupt();
      }
    }
    int stuck = 0;
    for (Thread user : users) {
      try {
        user.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (user.isAlive()) {
        stuck++;
      }
    }
    return stuck;
  }
}
