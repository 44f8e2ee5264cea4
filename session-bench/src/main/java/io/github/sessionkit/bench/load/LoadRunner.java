package io.github.sessionkit.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link LoadPlan} against a {@link Target}: one thread per virtual user, started along the
 * ramp-up (spike users all at once), each looping until its end time, and, when the target has two
 * nodes, one thread probing them across. The calling thread watches them, reports progress once a
 * second, and joins them. Everything is bounded: users stop at their end time; any still busy a
 * grace period after the end of the run is interrupted and counted as stuck, and the run returns
 * anyway.
 *
 * <p>Used once, from one thread.
 *
 * @param <L> what identifies a user's session on the target
 */
final class LoadRunner<L> {

  static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long POLL = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * What a run produced.
   *
   * @param recorder every operation's latency and outcome
   * @param crossNode the cross-node probes' outcomes, or null when the target has one node
   * @param elapsedNanos from the start of the run until the users were joined
   * @param stuckUsers users still busy after the grace period
   * @param crashedUsers users whose loop ended with an unexpected exception (a bug of the tool)
   * @param firstCrash that exception's description, or null
   * @param cache the cache tier's reads during the run, or null when they cannot be seen
   * @param noCacheReason why {@code cache} is null
   */
  record Outcome(
      LatencyRecorder recorder,
      @Nullable CrossNodeRecorder crossNode,
      long elapsedNanos,
      int stuckUsers,
      int crashedUsers,
      @Nullable String firstCrash,
      @Nullable CacheHits cache,
      String noCacheReason) {}

  private final Target<L> target;
  private final LoadPlan plan;
  private final Progress progress;
  private final Duration grace;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger crashed = new AtomicInteger();
  private final AtomicReference<@Nullable String> firstCrash = new AtomicReference<>();

  LoadRunner(Target<L> target, LoadPlan plan, Progress progress, Duration grace) {
    this.target = target;
    this.plan = plan;
    this.progress = progress;
    this.grace = grace;
  }

  /**
   * Prepares the target, runs the plan, cleans the target up.
   *
   * @throws RuntimeException if the target cannot be prepared (its hot sessions not created)
   */
  Outcome run() {
    try {
      target.prepare(plan);
      long start = System.nanoTime();
      RunSeconds seconds = new RunSeconds(start, plan.seconds());
      LatencyRecorder recorder = new LatencyRecorder(seconds);
      CrossNodeRecorder crossNode = new CrossNodeRecorder(seconds);
      CrossNodeProbe probe = target.crossNodeProbe(crossNode);
      List<Thread> threads = startUsers(recorder, start);
      if (probe != null) {
        Thread prober =
            new Thread(
                () -> runProbe(probe, start + plan.duration().toNanos()), "load-cross-node-probe");
        prober.setDaemon(true);
        prober.start();
        threads.add(prober);
      }
      long elapsed = watch(threads, recorder, start);
      int stuck = join(threads);
      return new Outcome(
          recorder,
          probe == null ? null : crossNode,
          elapsed,
          stuck,
          crashed.get(),
          firstCrash.get(),
          target.cacheHits(),
          target.noCacheHitsReason());
    } finally {
      target.cleanUp();
    }
  }

  private List<Thread> startUsers(LatencyRecorder recorder, long start) {
    long duration = plan.duration().toNanos();
    long ramp = plan.rampUp().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < plan.users(); i++) {
      long from = start + ramp * i / plan.users();
      threads.add(userThread(i, recorder, from, start + duration));
    }
    if (plan.hasSpike()) {
      for (int i = plan.users(); i < plan.spikeUsers(); i++) {
        threads.add(
            userThread(
                i,
                recorder,
                start + plan.spikeStart().toNanos(),
                start + plan.spikeEnd().toNanos()));
      }
    }
    threads.forEach(Thread::start);
    return threads;
  }

  private Thread userThread(int number, LatencyRecorder recorder, long from, long until) {
    long seed = ThreadLocalRandom.current().nextLong();
    Thread thread =
        new Thread(() -> runUser(number, recorder, seed, from, until), "load-user-" + number);
    // A user stuck in a call past the grace period must not keep the JVM alive.
    thread.setDaemon(true);
    return thread;
  }

  private void runUser(int number, LatencyRecorder recorder, long seed, long from, long until) {
    if (!sleepUntil(from)) {
      return;
    }
    SplittableRandom random = new SplittableRandom(seed);
    VirtualUser<L> user =
        new VirtualUser<>(target.newUser(number, random, recorder), recorder, random);
    Scenario.Script script = plan.scenario().newScript(user);
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

  private void runProbe(CrossNodeProbe probe, long until) {
    long interval = probe.interval().toNanos();
    try {
      while (!stop.get() && System.nanoTime() < until) {
        long next = System.nanoTime() + interval;
        probe.probe();
        if (!sleepUntil(Math.min(next, until))) {
          break;
        }
      }
    } catch (RuntimeException e) {
      crashed.incrementAndGet();
      firstCrash.compareAndSet(null, VirtualUser.describe(e));
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
  private long watch(List<Thread> threads, LatencyRecorder recorder, long start) {
    long duration = plan.duration().toNanos();
    long hardStop = start + duration + grace.toNanos();
    long nextTick = start + SECOND;
    long lastOps = 0;
    long lastTick = start;
    int nextSecond = 0;
    while (true) {
      long now = System.nanoTime();
      recorder.sampleUsers(now, active.get());
      if (threads.stream().noneMatch(Thread::isAlive) || now - hardStop >= 0) {
        break;
      }
      if (now - nextTick >= 0) {
        // The second that just ended becomes a point of the timeline; a late tick leaves the
        // seconds it skipped empty.
        int ended = (int) ((nextTick - start) / SECOND) - 1;
        recorder.rollSecond(ended);
        nextSecond = ended + 1;
        long ops = recorder.total();
        double rate = (ops - lastOps) * (double) SECOND / Math.max(1, now - lastTick);
        progress.update(
            new Progress.Snapshot(
                now - start, duration, active.get(), ops, recorder.errors(), rate));
        lastOps = ops;
        lastTick = now;
        while (now - nextTick >= 0) {
          nextTick += SECOND;
        }
      }
      LockSupport.parkNanos(Math.max(1, Math.min(POLL, nextTick - now)));
    }
    stop.set(true);
    // The last, partial second, if the run has one; what ends after the run's seconds counts
    // in the totals only.
    recorder.rollSecond(nextSecond < plan.seconds() ? nextSecond : -1);
    long elapsed = System.nanoTime() - start;
    long ops = recorder.total();
    progress.done(
        new Progress.Snapshot(
            elapsed,
            duration,
            0,
            ops,
            recorder.errors(),
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
