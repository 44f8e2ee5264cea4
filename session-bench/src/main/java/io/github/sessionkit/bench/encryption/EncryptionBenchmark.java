package io.github.sessionkit.bench.encryption;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.util.Base64;
import java.util.List;
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

/**
 * What encryption at rest ({@code SESSION_ENCRYPTION_KEYS}) costs a request, on the memory store so
 * that the figure is the CPU the library adds and not a network round trip: the same requests with
 * encryption off and on, for the benchmark session (a cart and a theme) and for one with a 1 KB
 * attribute more. On Redis or PostgreSQL the same microseconds are added to a request that costs a
 * round trip or two.
 *
 * <p>Run: {@code ./mvnw -q -pl session-bench -am package -DskipTests && java -jar
 * session-bench/target/benchmarks.jar EncryptionBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncryptionBenchmark {

  private static final int SESSIONS = 10_000;

  @Param({"off", "on"})
  public String encryption;

  /** {@code small}: the benchmark session; {@code 1kb}: with a 1 KB text attribute more. */
  @Param({"small", "1kb"})
  public String payload;

  private SessionManager manager;
  private String[] ids;

  @Setup(Level.Trial)
  public void setUp() {
    SessionManager.Builder builder =
        SessionManager.builder().store(MemorySessionStore.builder().build());
    if (encryption.equals("on")) {
      builder.encryptionKeys("k1:" + Base64.getEncoder().encodeToString(new byte[32]));
    }
    manager = builder.build();
    ids = BenchSessions.create(manager, SESSIONS);
    if (payload.equals("1kb")) {
      String kilobyte = "x".repeat(1024);
      for (String id : ids) {
        Session session = manager.find(id).orElseThrow();
        session.put("profile", kilobyte);
        manager.save(session);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** Picks a session per call without a shared counter. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 1) % SESSIONS;
      return next;
    }
  }

  /** Decrypts every attribute of the session. */
  @Benchmark
  public Object find(Cursor cursor) {
    return manager.find(ids[cursor.advance()]).orElseThrow();
  }

  /** Decrypts every attribute, encrypts the changed one. */
  @Benchmark
  public Object findChangeSave(Cursor cursor) {
    return BenchSessions.typicalRequest(manager, ids[cursor.advance()], cursor.next % 2 == 0);
  }

  /** Encrypts the two attributes of a new session. */
  @Benchmark
  public Object create() {
    Session session = manager.create("user");
    session.put("cart", List.of("book", "pen"));
    session.put("theme", "dark");
    manager.save(session);
    manager.invalidate(session);
    return session;
  }
}
