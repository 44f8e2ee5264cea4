package io.github.sessionkit.bench.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The manager on the memory store beside the floor it stands on, in the same run: a raw Caffeine
 * {@code getIfPresent} of a map of the same size. The manager's find adds id validation, SHA-256 of
 * the id, the expiry check and a {@code Session} copy.
 *
 * <p>Run: {@code ./mvnw -q -pl session-bench -am package -DskipTests && java -jar
 * session-bench/target/benchmarks.jar MemoryStoreBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemoryStoreBenchmark {

  private static final int SESSIONS = 10_000;

  private SessionManager manager;
  private String[] ids;
  private Cache<String, Map<String, String>> raw;
  private String[] rawKeys;

  @Setup(Level.Trial)
  public void setUp() {
    manager = SessionManager.builder().store(MemorySessionStore.builder().build()).build();
    raw = Caffeine.newBuilder().maximumSize(100_000).build();
    ids = BenchSessions.create(manager, SESSIONS);
    rawKeys = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      rawKeys[i] = SessionKey.forId(manager.tenant(), ids[i]).hash();
      raw.put(rawKeys[i], BenchSessions.ENCODED_ATTRIBUTES);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** Picks a session per call without a shared counter, so threads do not contend on it. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      next = (next + 1) % SESSIONS;
      return next;
    }
  }

  @Benchmark
  public Object rawCaffeineGet(Cursor cursor) {
    return raw.getIfPresent(rawKeys[cursor.advance()]);
  }

  @Benchmark
  public Object find(Cursor cursor) {
    return manager.find(ids[cursor.advance()]).orElseThrow();
  }

  /** A typical request: find, change one attribute, save (one merge). */
  @Benchmark
  public Object findChangeSave(Cursor cursor) {
    return BenchSessions.typicalRequest(manager, ids[cursor.advance()], cursor.next % 2 == 0);
  }

  /** A read-only request: find and save with nothing changed (writes nothing). */
  @Benchmark
  public Object findUnchangedSave(Cursor cursor) {
    return BenchSessions.readOnlyRequest(manager, ids[cursor.advance()]);
  }
}
