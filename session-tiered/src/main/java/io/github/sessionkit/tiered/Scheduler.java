package io.github.sessionkit.tiered;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tiered store's periodic work: repairs, generation checks and probes of a tier whose
 * breaker is open. Like Caffeine's {@code Scheduler}, it is a parameter, so tests run the tasks by
 * hand at the moments they choose instead of waiting for a thread.
 */
public interface Scheduler extends AutoCloseable {

  /** Runs {@code task} every {@code period}, first after one period, until {@link #close()}. */
  void every(Duration period, Runnable task);

  /** Runs {@code task} once, soon, on the scheduler's thread. */
  void soon(Runnable task);

  /** Stops every task. Idempotent. */
  @Override
  void close();

  /** A single daemon thread named {@code threadName}. */
  static Scheduler daemonThread(String threadName) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    return new Scheduler() {
      @Override
      public void every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        var unused = executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void soon(Runnable task) {
        executor.execute(task);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
