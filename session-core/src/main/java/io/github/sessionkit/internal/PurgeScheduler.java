package io.github.sessionkit.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a purge of expired sessions about once per interval on a daemon thread. Each delay
 * is jittered by up to 10 %, and the first run comes at a random point of the first
 * interval, so pods started together do not purge in lockstep (the stores' purges are safe
 * to run concurrently anyway: that is part of the store contract).
 */
public final class PurgeScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PurgeScheduler.class);

  private final ScheduledExecutorService executor;
  private final IntSupplier purge;
  private final long intervalMillis;

  private PurgeScheduler(IntSupplier purge, Duration interval) {
    this.purge = purge;
    this.intervalMillis = interval.toMillis();
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sessionkit-purge");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts purging with {@code purge} (which returns how many sessions it removed). */
  public static PurgeScheduler start(IntSupplier purge, Duration interval) {
    PurgeScheduler scheduler = new PurgeScheduler(purge, interval);
    scheduler.executor.schedule(scheduler::runAndReschedule,
        ThreadLocalRandom.current().nextLong(Math.max(1, scheduler.intervalMillis)), TimeUnit.MILLISECONDS);
    return scheduler;
  }

  private void runAndReschedule() {
    try {
      int removed = purge.getAsInt();
      if (removed > 0) {
        log.info("purged {} expired session(s)", removed);
      } else {
        log.debug("purge found no expired sessions");
      }
    } catch (RuntimeException e) {
      log.warn("purging expired sessions failed; retrying in about {} ms: {}", intervalMillis, e.toString());
    }
    if (!executor.isShutdown()) {
      long jitter = intervalMillis / 10;
      long delay = intervalMillis + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
      try {
        executor.schedule(this::runAndReschedule, Math.max(1, delay), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // Closed while purging.
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
