package io.github.sessionkit.bench.suite;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The four request shapes on every {@link Subjects subject}, sessionkit's stores and Spring
 * Session's repositories alike, sampled one by one (JMH sample time), so the suite can report
 * medians and p99 as well as throughput. {@link BenchmarkSuite} runs it at 1 and 4 threads beside
 * {@link FloorBenchmark} and writes the table; run alone with {@code java -jar
 * session-bench/target/benchmarks.jar SessionBenchmark -p subject=redis -t 1}. At more than one
 * thread, each trial first runs its request until the JIT compiler is quiet ({@link JitWarmup}).
 *
 * <p>Threads share the subject (one manager or repository, as a web server's request threads do)
 * and each walks its own slice of the sessions, so two threads rarely touch one session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class SessionBenchmark {

  /** In a {@link #mixed} request stream, one request in this many changes an attribute. */
  static final int MIXED_WRITE_EVERY = 10;

  /** The subject's name, as {@link Subjects#open} knows it. */
  @Param({
    "memory",
    "redis",
    "postgresql",
    "postgresql-silent",
    "tiered",
    "tiered-no-local",
    "spring-redis-jdk",
    "spring-redis-json",
    "spring-indexed-jdk",
    "spring-indexed-json",
    "spring-jdbc-jdk",
    "spring-jdbc-json"
  })
  public String subject;

  private Subject target;

  @Setup(Level.Trial)
  public void open(BenchmarkParams params) throws Exception {
    target = Subjects.open(subject, BenchServers.current());
    Subject warmed = target;
    String method = JitWarmup.method(params);
    JitWarmup.runIfThreaded(
        params,
        i -> {
          int index = (int) (i % Subjects.SESSIONS);
          switch (method) {
            case "find" -> warmed.find(index);
            // Serial numbers far past the measured threads' own, so creations never collide.
            case "create" -> warmed.create((1L << 50) + i);
            case "readOnly" -> warmed.readOnly(index);
            case "mixed" -> {
              if (i % MIXED_WRITE_EVERY == 0) {
                warmed.typical(index);
              } else {
                warmed.readOnly(index);
              }
            }
            default -> warmed.typical(index);
          }
        });
  }

  @TearDown(Level.Trial)
  public void close() {
    target.close();
  }

  /** Each thread's own place in the sessions and its own serial numbers for new ones. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long serial;
    long requests;

    @Setup(Level.Trial)
    public void start(ThreadParams thread) {
      next = thread.getThreadIndex() * (Subjects.SESSIONS / thread.getThreadCount());
      serial = (long) thread.getThreadIndex() << 40;
    }

    int advance() {
      next = (next + 1) % Subjects.SESSIONS;
      return next;
    }

    /** One request in {@link #MIXED_WRITE_EVERY}, on a different session each round. */
    boolean writeTurn() {
      requests++;
      return (requests + requests / Subjects.SESSIONS) % MIXED_WRITE_EVERY == 0;
    }
  }

  /** Reads a stored session. */
  @Benchmark
  public Object find(Cursor cursor) {
    return target.find(cursor.advance());
  }

  /** Creates a session with a principal and two attributes, and saves it. */
  @Benchmark
  public Object create(Cursor cursor) {
    return target.create(cursor.serial++);
  }

  /** A typical request: find, change one attribute, save. */
  @Benchmark
  public Object typical(Cursor cursor) {
    return target.typical(cursor.advance());
  }

  /** A read-only request: find, change nothing, save. */
  @Benchmark
  public Object readOnly(Cursor cursor) {
    return target.readOnly(cursor.advance());
  }

  /** A 90 % read workload: nine read-only requests for every typical one. */
  @Benchmark
  public Object mixed(Cursor cursor) {
    int index = cursor.advance();
    return cursor.writeTurn() ? target.typical(index) : target.readOnly(index);
  }
}
