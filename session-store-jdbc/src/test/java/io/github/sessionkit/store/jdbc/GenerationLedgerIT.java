package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.GenerationLedger;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache generations kept in PostgreSQL: every node reporting the same dataset identity of a
 * cache gets the same generation, and a new identity advances it exactly once however many nodes
 * report it at the same moment.
 */
class GenerationLedgerIT {

  private static TestSchema schema;
  private static JdbcSessionStore first;
  private static JdbcSessionStore second;

  @BeforeAll
  static void open() {
    schema = Postgres.server().createSchema();
    first = Postgres.store(schema, new ManualClock());
    second = Postgres.store(schema, new ManualClock());
  }

  @AfterAll
  static void close() {
    first.close();
    second.close();
    schema.close();
  }

  private static GenerationLedger ledger(JdbcSessionStore store) {
    return store.generationLedger().orElseThrow();
  }

  @Test
  void theSameIdentityKeepsItsGenerationAndANewOneAdvancesIt() {
    assertThat(ledger(first).generationFor("redis", "run-a")).isEqualTo(1);
    assertThat(ledger(second).generationFor("redis", "run-a"))
        .as("another node, same identity")
        .isEqualTo(1);
    assertThat(ledger(second).generationFor("redis", "run-b")).isEqualTo(2);
    assertThat(ledger(first).generationFor("redis", "run-b")).isEqualTo(2);
    assertThat(ledger(first).generationFor("other-cache", "run-b"))
        .as("caches are counted apart")
        .isEqualTo(1);
  }

  @Test
  void nodesReportingANewIdentityAtOnceAdvanceItOnce() throws Exception {
    long before = ledger(first).generationFor("racing", "run-0");
    int reporters = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(reporters);
    try {
      List<Future<Long>> answers = new ArrayList<>();
      for (int i = 0; i < reporters; i++) {
        JdbcSessionStore node = i % 2 == 0 ? first : second;
        Callable<Long> report =
            () -> {
              start.await();
              return ledger(node).generationFor("racing", "run-1");
            };
        answers.add(pool.submit(report));
      }
      start.countDown();
      for (Future<Long> answer : answers) {
        assertThat(answer.get()).isEqualTo(before + 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
