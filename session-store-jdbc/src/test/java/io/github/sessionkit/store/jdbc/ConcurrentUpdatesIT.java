package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes (two managers, each with its own store and pool, as two pods would have) and eight
 * threads writing one session at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentUpdatesIT {

  private static final int THREADS = 8;
  private static final int ROUNDS = 40;
  private static TestSchema schema;

  private final ManualClock clock = new ManualClock();
  private SessionManager node1;
  private SessionManager node2;

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @BeforeEach
  void startNodes() {
    node1 = manager();
    node2 = manager();
  }

  @AfterEach
  void stopNodes() {
    node1.close();
    node2.close();
  }

  private SessionManager manager() {
    return SessionManager.builder()
        .store(Postgres.store(schema, clock, "SESSION_JDBC_POOL_MAX_SIZE", "4"))
        .clock(clock)
        .idleTimeout(Duration.ofMinutes(30))
        .absoluteTimeout(Duration.ofHours(8))
        .build();
  }

  @Test
  void everyThreadsUpdateOfItsOwnAttributeIsPresentAtTheEnd() throws Exception {
    Session created = node1.create("alice");
    created.put("initial", "kept");
    node1.save(created);

    run(
        (thread, node) -> {
          for (int i = 0; i < ROUNDS; i++) {
            Session s = node.find(created.id()).orElseThrow();
            s.put("thread-" + thread, i);
            s.put("history-" + thread + "-" + i, thread);
            node.save(s);
          }
          return null;
        });

    Session result = node2.find(created.id()).orElseThrow();
    for (int t = 0; t < THREADS; t++) {
      assertThat(result.get("thread-" + t, Integer.class)).as("thread %d", t).isEqualTo(ROUNDS - 1);
      for (int i = 0; i < ROUNDS; i++) {
        assertThat(result.get("history-" + t + "-" + i, Integer.class)).isEqualTo(t);
      }
    }
    assertThat(result.get("initial", String.class)).isEqualTo("kept");
    assertThat(result.attributeNames()).hasSize(1 + THREADS + THREADS * ROUNDS);
    assertThat(result.version()).isEqualTo(1 + THREADS * ROUNDS);
  }

  /**
   * The documented rule for one attribute written concurrently: the save PostgreSQL applies last
   * wins, which is the one that produced the highest version.
   */
  @Test
  void theSameAttributeEndsWithTheValueOfTheLastAppliedSave() throws Exception {
    Session created = node1.create("alice");
    node1.save(created);

    List<List<long[]>> saves =
        run(
            (thread, node) -> {
              List<long[]> mine = new ArrayList<>();
              for (int i = 0; i < ROUNDS; i++) {
                Session s = node.find(created.id()).orElseThrow();
                long value = thread * 1_000L + i;
                s.put("shared", value);
                node.save(s);
                mine.add(new long[] {s.version(), value});
              }
              return mine;
            });

    long[] last =
        saves.stream().flatMap(List::stream).max((a, b) -> Long.compare(a[0], b[0])).orElseThrow();
    Session result = node2.find(created.id()).orElseThrow();
    assertThat(result.version()).isEqualTo(1 + THREADS * ROUNDS).isEqualTo(last[0]);
    assertThat(result.get("shared", Long.class)).isEqualTo(last[1]);
    assertThat(saves.stream().flatMap(List::stream).map(s -> s[0]).distinct().count())
        .as("every save got its own version")
        .isEqualTo((long) THREADS * ROUNDS);
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(int thread, SessionManager node) throws Exception;
  }

  private <T> List<T> run(Work<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        SessionManager node = t % 2 == 0 ? node1 : node2;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.run(thread, node);
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(90, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
