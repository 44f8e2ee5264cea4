package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.PurgedSession;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four pods purging one table at once while live sessions are being read. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentPurgeIT {

  private static final int EXPIRED = 100_000;
  private static final int LIVE = 500;
  private static final int PURGERS = 4;
  private static TestSchema schema;

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Test
  void fourPurgersRemoveEveryExpiredRowOnceWithoutDeadlockAndNoLiveOne() throws Exception {
    ManualClock clock = new ManualClock();
    long now = clock.millis();
    List<JdbcSessionStore> pods = new ArrayList<>();
    for (int i = 0; i < PURGERS + 1; i++) {
      pods.add(
          Postgres.store(
              schema,
              clock,
              "SESSION_JDBC_POOL_MAX_SIZE",
              "3",
              "SESSION_JDBC_STATEMENT_TIMEOUT",
              "30s",
              "SESSION_JDBC_SOCKET_TIMEOUT",
              "60s"));
    }
    JdbcSessionStore reader = pods.get(PURGERS);
    String table = schema.name() + ".sessionkit_sessions";
    insertExpiredInBulk(table, now);
    List<SessionRecord> live = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < LIVE; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      SessionKey key =
          SessionKey.forId("live", Base64.getUrlEncoder().withoutPadding().encodeToString(id));
      // Expiry spread over the next minutes: live during the purge, none at or before "now".
      SessionRecord r =
          SessionRecord.builder(key)
              .principal("p" + i % 7)
              .createdAt(now)
              .lastAccessedAt(now)
              .idleTimeoutMillis(1 + i)
              .absoluteExpiresAt(now + Duration.ofHours(1).toMillis())
              .attributes(Map.of("i", String.valueOf(i)))
              .build();
      reader.insert(r);
      live.add(r);
    }
    assertThat(Postgres.queryLong(schema.dataSource(), "SELECT count(*) FROM " + table))
        .isEqualTo(EXPIRED + LIVE);

    Map<SessionKey, Integer> purgedBy = new ConcurrentHashMap<>();
    AtomicLong duplicates = new AtomicLong();
    AtomicBoolean purging = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(PURGERS + 1);
    try {
      CyclicBarrier start = new CyclicBarrier(PURGERS + 1);
      List<Future<Integer>> purgers = new ArrayList<>();
      for (int p = 0; p < PURGERS; p++) {
        JdbcSessionStore pod = pods.get(p);
        int purger = p;
        purgers.add(
            threads.submit(
                () -> {
                  start.await();
                  int mine = 0;
                  while (true) {
                    List<PurgedSession> batch = pod.purgeExpired(now, 2_000);
                    for (PurgedSession s : batch) {
                      if (purgedBy.putIfAbsent(s.key(), purger) != null) {
                        duplicates.incrementAndGet();
                      }
                      assertThat(s.expiresAt()).isLessThanOrEqualTo(now);
                    }
                    mine += batch.size();
                    if (batch.isEmpty()) {
                      return mine;
                    }
                  }
                }));
      }
      Future<?> readers =
          threads.submit(
              () -> {
                start.await();
                while (purging.get()) {
                  for (SessionRecord r : live) {
                    assertThat(reader.load(r.key())).isEqualTo(r);
                    reads.incrementAndGet();
                  }
                }
                return null;
              });

      int total = 0;
      Set<Integer> busyPurgers = new HashSet<>();
      for (int p = 0; p < PURGERS; p++) {
        int mine = purgers.get(p).get(150, TimeUnit.SECONDS);
        total += mine;
        if (mine > 0) {
          busyPurgers.add(p);
        }
      }
      purging.set(false);
      readers.get(30, TimeUnit.SECONDS);

      assertThat(duplicates.get()).as("sessions reported purged twice").isZero();
      assertThat(total).isEqualTo(EXPIRED);
      assertThat(purgedBy).hasSize(EXPIRED);
      assertThat(busyPurgers).as("the purgers shared the work").hasSizeGreaterThan(1);
      assertThat(reads.get()).isPositive();
    } finally {
      threads.shutdownNow();
      pods.forEach(JdbcSessionStore::close);
    }
    assertThat(
            Postgres.queryLong(
                schema.dataSource(),
                "SELECT count(*) FROM " + table + " WHERE expires_at <= " + now))
        .isZero();
    assertThat(Postgres.queryLong(schema.dataSource(), "SELECT count(*) FROM " + table))
        .isEqualTo(LIVE);
  }

  /** One INSERT ... SELECT from generate_series: 100,000 rows in one round trip. */
  private static void insertExpiredInBulk(String table, long now) throws Exception {
    String sql =
        "INSERT INTO "
            + table
            + " (tenant, id_hash, principal, created_at, last_accessed_at, idle_timeout_ms,"
            + " absolute_expires_at, version, attributes) SELECT 'bulk',"
            + " rtrim(translate(encode(sha256(g::text::bytea), 'base64'), '+/', '-_'), '='), 'user'"
            + " || (g % 1000), ? - 7200000, ? - 3600000 - g, 1800000, ? + 3600000, 1,"
            + " jsonb_build_object('cart', jsonb_build_array('book', g), 'n', g) FROM"
            + " generate_series(1, ?) AS g";
    try (Connection c = schema.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      ps.setLong(2, now);
      ps.setLong(3, now);
      ps.setInt(4, EXPIRED);
      assertThat(ps.executeUpdate()).isEqualTo(EXPIRED);
    }
  }
}
