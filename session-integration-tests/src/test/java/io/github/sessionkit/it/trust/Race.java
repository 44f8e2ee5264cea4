package io.github.sessionkit.it.trust;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Two long-lived threads that run one action each, released together, many times over: a cheap way
 * to run thousands of racing trials. Before its action, one of the two (chosen at random) waits a
 * random 0 to {@code maxSkewMicros} microseconds, so that the trials cover every interleaving of
 * two operations that each take about a millisecond.
 */
final class Race implements AutoCloseable {

  /** One side's work in a trial. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private final int maxSkewMicros;
  private final CyclicBarrier start = new CyclicBarrier(3);
  private final CyclicBarrier done = new CyclicBarrier(3);
  private final Thread[] threads = new Thread[2];
  private final Action[] actions = new Action[2];
  private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
  private volatile int delayed;
  private volatile long skewNanos;
  private volatile boolean closed;

  Race(int maxSkewMicros) {
    this.maxSkewMicros = maxSkewMicros;
    for (int i = 0; i < 2; i++) {
      int side = i;
      threads[i] = new Thread(() -> loop(side), "race-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  private void loop(int side) {
    while (true) {
      try {
        start.await();
        if (closed) {
          return;
        }
        try {
          if (delayed == side) {
            long until = System.nanoTime() + skewNanos;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
          }
          actions[side].run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        done.await();
      } catch (InterruptedException | BrokenBarrierException e) {
        return;
      }
    }
  }

  /**
   * Runs {@code first} and {@code second} at the same moment on the two threads and returns when
   * both are done; rethrows what either threw (the first, if both did).
   */
  void run(Action first, Action second) throws Exception {
    actions[0] = first;
    actions[1] = second;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    delayed = random.nextInt(2);
    skewNanos = TimeUnit.MICROSECONDS.toNanos(random.nextInt(maxSkewMicros + 1));
    failure.set(null);
    start.await(30, TimeUnit.SECONDS);
    try {
      done.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("a racing trial did not finish within 30 s", e);
    }
    Throwable thrown = failure.get();
    if (thrown instanceof Exception exception) {
      throw exception;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Thread thread : threads) {
      thread.interrupt();
    }
  }
}
