package io.github.sessionkit.bench.tiered;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A mixed workload (90 % reads: find; 10 % find, change one attribute, save) from two nodes (two
 * managers, each with its own clients, as two pods) on the Redis store alone, the PostgreSQL store
 * alone and the tiered store, one after the other on the same servers, in one run. Prints a
 * markdown table of throughput, p50 and p99.
 *
 * <p>Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.tiered.MixedWorkloadComparison [seconds-per-store] [threads]}
 * (defaults 10 s and 8 threads).
 */
public final class MixedWorkloadComparison {

  private static final int SESSIONS = 2_000;

  private MixedWorkloadComparison() {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    try (PostgresServer postgres = PostgresServer.startEmbedded();
        RedisProcess redis = RedisProcess.startDefault()) {
      Supplier<SessionStore> redisStore =
          () ->
              RedisSessionStore.builder()
                  .url(redis.url())
                  .keyPrefix("mixed")
                  .socketTimeout(Duration.ofMillis(200))
                  .build();
      Supplier<SessionStore> postgresStore =
          () -> JdbcSessionStore.builder().url(postgres.jdbcUrlWithCredentials()).build();
      Supplier<SessionStore> tieredStore =
          () ->
              TieredSessionStore.builder()
                  .localTier(MemorySessionStore.builder().maximumTtl(Duration.ofMinutes(5)).build())
                  .remoteTier(redisStore.get())
                  .remoteTier(postgresStore.get())
                  .build();
      List<String> rows = new ArrayList<>();
      rows.add(run("redis", redisStore, duration, threads));
      rows.add(run("postgresql", postgresStore, duration, threads));
      rows.add(run("tiered (local -> redis -> postgresql)", tieredStore, duration, threads));
      System.out.println();
      System.out.println("| store | requests/s | p50 (us) | p99 (us) | errors |");
      System.out.println("|---|---|---|---|---|");
      rows.forEach(System.out::println);
    }
  }

  private static String run(
      String name, Supplier<SessionStore> stores, Duration duration, int threads)
      throws InterruptedException {
    SessionManager nodeA =
        SessionManager.builder().store(stores.get()).automaticPurge(false).build();
    SessionManager nodeB =
        SessionManager.builder().store(stores.get()).automaticPurge(false).build();
    try {
      String[] ids = new String[SESSIONS];
      for (int i = 0; i < SESSIONS; i++) {
        Session session = nodeA.create("user" + i);
        session.put("cart", List.of("book", "pen"));
        nodeA.save(session);
        ids[i] = session.id();
      }
      long[][] latencies = new long[threads][];
      int[] counts = new int[threads];
      int[] errors = new int[threads];
      long end = System.nanoTime() + duration.toNanos();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        SessionManager node = t % 2 == 0 ? nodeA : nodeB;
        Thread worker =
            new Thread(
                () -> {
                  long[] own = new long[1 << 16];
                  int n = 0;
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                      Session session = node.find(ids[random.nextInt(SESSIONS)]).orElseThrow();
                      if (random.nextInt(10) == 0) {
                        session.put("theme", random.nextBoolean() ? "dark" : "light");
                        node.save(session);
                      }
                    } catch (RuntimeException e) {
                      errors[thread]++;
                    }
                    if (n == own.length) {
                      own = Arrays.copyOf(own, own.length * 2);
                    }
                    own[n++] = System.nanoTime() - start;
                  }
                  latencies[thread] = own;
                  counts[thread] = n;
                });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int offset = 0;
      for (int t = 0; t < threads; t++) {
        System.arraycopy(latencies[t], 0, all, offset, counts[t]);
        offset += counts[t];
      }
      Arrays.sort(all);
      double perSecond = total / (duration.toNanos() / 1e9);
      return String.format(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %.1f | %d |",
          name,
          perSecond,
          all[(int) (total * 0.50)] / 1e3,
          all[Math.min(total - 1, (int) (total * 0.99))] / 1e3,
          Arrays.stream(errors).sum());
    } finally {
      nodeA.close();
      nodeB.close();
    }
  }
}
