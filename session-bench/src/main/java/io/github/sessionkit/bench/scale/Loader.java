package io.github.sessionkit.bench.scale;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Stores 1 KB sessions through a manager from several threads: each session is {@code
 * create("user<i>")}, three {@code put}s and one {@code save}, and its id goes to slot {@code i} of
 * the id table.
 */
final class Loader {

  private static final int CHUNK = 500;
  private static final long PROGRESS_SECONDS = 15;

  private Loader() {}

  /**
   * Stores sessions {@code from} (inclusive) to {@code to} (exclusive) and returns when all are
   * saved.
   *
   * @throws IllegalStateException with the first failure as its cause if any save failed
   */
  static void load(
      String store,
      SessionManager manager,
      IdTable ids,
      int from,
      int to,
      int threads,
      PrintStream log) {
    AtomicInteger next = new AtomicInteger(from);
    LongAdder done = new LongAdder();
    AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "scale-loader-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    long started = System.nanoTime();
    log.printf(
        Locale.ROOT,
        "[scale] %s: storing sessions %,d to %,d with %d threads%n",
        store,
        from,
        to,
        threads);
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(
            () -> {
              try {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int start;
                while (failure.get() == null && (start = next.getAndAdd(CHUNK)) < to) {
                  int end = Math.min(to, start + CHUNK);
                  for (int i = start; i < end; i++) {
                    Session session = manager.create("user" + i);
                    KilobyteSession.fill(session, random);
                    manager.save(session);
                    ids.set(i, session.id());
                  }
                  done.add(end - start);
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            });
      }
      pool.shutdown();
      while (!pool.awaitTermination(PROGRESS_SECONDS, TimeUnit.SECONDS)) {
        log.printf(
            Locale.ROOT,
            "[scale] %s: %,d of %,d stored (%,.0f/s)%n",
            store,
            from + done.sum(),
            to,
            done.sum() / seconds(started));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
    } finally {
      pool.shutdownNow();
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException(store + ": storing sessions failed: " + failed, failed);
    }
    log.printf(
        Locale.ROOT,
        "[scale] %s: stored %,d sessions in %.1f s (%,.0f/s)%n",
        store,
        to - from,
        seconds(started),
        (to - from) / seconds(started));
  }

  private static double seconds(long startedNanos) {
    return Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
  }
}
