package io.github.sessionkit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs work on several real threads released at the same moment, for race tests. */
public final class Concurrently {

  /** One thread's share of the work; {@code thread} counts from 0. */
  @FunctionalInterface
  public interface ThreadWork {
    void run(int thread) throws Exception;
  }

  private Concurrently() {}

  /**
   * Runs {@code work} on {@code threads} threads released together by a barrier, waits up to 90
   * seconds for all of them, and rethrows the first failure.
   *
   * @throws AssertionError if the threads did not finish in time
   * @throws ExecutionException wrapping the first exception a thread threw
   */
  public static void run(int threads, ThreadWork work)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      CountDownLatch done = new CountDownLatch(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  try {
                    start.await();
                    work.run(thread);
                    return null;
                  } finally {
                    done.countDown();
                  }
                }));
      }
      if (!done.await(90, TimeUnit.SECONDS)) {
        throw new AssertionError(threads + " threads did not finish within 90 s");
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
