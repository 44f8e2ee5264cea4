package io.github.sessionkit.bench.suite;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Before JMH's warm-up iterations of a benchmark measured at more than one thread, runs the
 * benchmark's own call on as many threads until the JIT compiler has gone quiet.
 *
 * <p>Why: on a 2-vCPU machine, four benchmark threads and the servers they call leave the compiler
 * little CPU, and a library's larger code paths (sessionkit's stores, Spring Session's
 * repositories, Jdbi, Jackson) took 20 s or more to compile, well into JMH's measured iterations:
 * the PostgreSQL store's typical request at 4 threads ran at 2,963, 4,128, 4,770, 5,385, 6,575 and
 * 8,247 requests/s in six consecutive 4 s rounds, its process CPU per request falling from 375 to
 * 71 µs, so JMH's 4 s of warm-up measured mostly the compiler. At one thread the warm-up's length
 * changed nothing measurable (the same request: 404 µs after 4 s of warm-up, 392 µs after 20 s), so
 * one-thread benchmarks are left as they were. The floors get the same treatment as the subjects,
 * so every ratio is taken between two warmed-up measures.
 */
final class JitWarmup {

  /**
   * Upper bound of the warm-up in seconds (0 switches it off); the suite's {@code --quick} sets 1.
   */
  static final String SECONDS_PROPERTY = "sessionkit.bench.warmupSeconds";

  static final int DEFAULT_SECONDS = 60;

  /** The compiler counts as quiet once it compiled for less than this per window. */
  private static final long QUIET_COMPILE_MILLIS = 20;

  private static final long WINDOW_MILLIS = 2_000;
  private static final long MINIMUM_MILLIS = 6_000;

  /** One call of the benchmark's operation; {@code i} numbers the calls of all threads from 0. */
  @FunctionalInterface
  interface Operation {
    void call(long i) throws Exception;
  }

  private JitWarmup() {}

  /** The benchmark's method name, as JMH reports it ({@code typical}, {@code readThenWrite}). */
  static String method(BenchmarkParams params) {
    String name = params.getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /**
   * Runs {@code operation} on the benchmark's thread count until the compiler is quiet (or the
   * configured bound passes), when that count is more than one; prints how long it took.
   */
  static void runIfThreaded(BenchmarkParams params, Operation operation) throws Exception {
    int threads = params.getThreads();
    long limitMillis = TimeUnit.SECONDS.toMillis(Long.getLong(SECONDS_PROPERTY, DEFAULT_SECONDS));
    if (threads > 1 && limitMillis > 0) {
      double seconds = run(threads, limitMillis, operation);
      System.out.printf(
          "(warm-up: %d threads for %.1f s until the JIT compiler was quiet)%n", threads, seconds);
    }
  }

  /**
   * Runs {@code operation} on {@code threads} threads until the compiler is quiet or {@code
   * limitMillis} passes; answers the seconds it ran and rethrows the first failure of a call.
   */
  static double run(int threads, long limitMillis, Operation operation) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong calls = new AtomicLong();
    AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    operation.call(calls.getAndIncrement());
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                  stop.set(true);
                }
              },
              "warm-up-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long compiled = compiler.getTotalCompilationTime();
    long elapsed = 0;
    while (!stop.get() && elapsed < limitMillis) {
      Thread.sleep(WINDOW_MILLIS);
      elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long now = compiler.getTotalCompilationTime();
      boolean quiet = now - compiled < QUIET_COMPILE_MILLIS;
      compiled = now;
      if (quiet && elapsed >= MINIMUM_MILLIS) {
        break;
      }
    }
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
    return elapsed / 1000.0;
  }
}
