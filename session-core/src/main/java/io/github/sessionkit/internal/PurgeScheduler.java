package io.github.sessionkit.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a purge of expired sessions about once per interval on a daemon thread. Each delay is
 * jittered by up to 10 %, and the first run comes at a random point of the first interval, so pods
 * started together do not purge in lockstep (the stores' purges are safe to run concurrently
 * anyway: that is part of the store contract).
 */
public final class PurgeScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PurgeScheduler.class);

  /**
   * Runs a task once after a delay; the scheduler's only contact with threads and time, so a test
   * can run the purges itself and see every delay chosen.
   */
  interface Delayer extends AutoCloseable {
    /** Runs {@code task} once after {@code millis}; false if closed. */
    boolean after(long millis, Runnable task);

    @Override
    void close();
  }

  private final Delayer delayer;
  private final IntSupplier purge;
  private final long intervalMillis;
  private final LongUnaryOperator random;

  PurgeScheduler(IntSupplier purge, Duration interval, Delayer delayer, LongUnaryOperator random) {
    this.purge = purge;
    this.intervalMillis = interval.toMillis();
    this.delayer = delayer;
    this.random = random;
  }

  /** Starts purging with {@code purge} (which returns how many sessions it removed). */
  public static PurgeScheduler start(IntSupplier purge, Duration interval) {
    PurgeScheduler scheduler =
        new PurgeScheduler(
            purge, interval, daemonThread(), bound -> ThreadLocalRandom.current().nextLong(bound));
    scheduler.start();
    return scheduler;
  }

  /** Schedules the first purge at a random point of the first interval. */
  void start() {
    delayer.after(random.applyAsLong(Math.max(1, intervalMillis)), this::runAndReschedule);
  }

  void runAndReschedule() {
    try {
      int removed = purge.getAsInt();
      if (removed > 0) {
        log.info("purged {} expired session(s)", removed);
      } else {
        log.debug("purge found no expired sessions");
      }
    } catch (RuntimeException e) {
      log.warn(
          "purging expired sessions failed; retrying in about {} ms: {}",
          intervalMillis,
          e.toString());
    }
    long jitter = intervalMillis / 10;
    // A delay in [interval - 10 %, interval + 10 %].
    long delay = intervalMillis + (jitter > 0 ? random.applyAsLong(2 * jitter + 1) - jitter : 0);
    delayer.after(Math.max(1, delay), this::runAndReschedule);
  }

  @Override
  public void close() {
    delayer.close();
  }

  private static Delayer daemonThread() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sessionkit-purge");
              thread.setDaemon(true);
              return thread;
            });
    return new Delayer() {
      @Override
      public boolean after(long millis, Runnable task) {
        if (executor.isShutdown()) {
          return false;
        }
        try {
          var unused = executor.schedule(task, millis, TimeUnit.MILLISECONDS);
          return true;
        } catch (RejectedExecutionException closed) {
          return false; // closed while purging
        }
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
