package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sessionkit.AttributeException;
import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreException;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.StoreHealth;
import io.github.sessionkit.spi.WriteOutcome;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.CountingDataSource;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL-specific behaviour of the store, beyond the shared contract. */
class JdbcSessionStoreIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestSchema schema;
  private static HikariDataSource pool;
  private static String table;

  private final ManualClock clock = new ManualClock();
  private CountingDataSource counting;
  private JdbcSessionStore store;
  private final String tenant = "t" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
    table = schema.name() + ".sessionkit_sessions";
    HikariConfig config = new HikariConfig();
    config.setDataSource(Postgres.server().dataSource());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void dropSchema() {
    pool.close();
    schema.close();
  }

  @BeforeEach
  void openStore() {
    counting = new CountingDataSource(pool);
    store =
        JdbcSessionStore.builder().dataSource(counting).schema(schema.name()).clock(clock).build();
    counting.reset();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private SessionKey newKey() {
    return SessionKey.forId(tenant, newId());
  }

  private static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private SessionRecord record(SessionKey key, Map<String, String> attributes) {
    long now = clock.millis();
    return SessionRecord.builder(key)
        .principal("alice")
        .createdAt(now)
        .lastAccessedAt(now)
        .idleTimeoutMillis(Duration.ofMinutes(30).toMillis())
        .absoluteExpiresAt(now + Duration.ofHours(8).toMillis())
        .attributes(attributes)
        .build();
  }

  private SessionManager manager(JdbcSessionStore on) {
    return SessionManager.builder()
        .store(on)
        .clock(clock)
        .tenant(tenant)
        .idleTimeout(Duration.ofMinutes(30))
        .absoluteTimeout(Duration.ofHours(8))
        .touchInterval(Duration.ofMinutes(5))
        .build();
  }

  @Test
  void attributesAreJsonbQueryableByNameAndExactTextsRoundTrip() {
    SessionKey key = newKey();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("cart", "{\"items\":[\"book\"],\"total\":12.50}");
    attributes.put("pojo", "{\"zz\":1,\"aa\":2}");
    attributes.put("nul", "\"a\\u0000b\"");
    attributes.put("opaque", "not json at all");
    store.insert(record(key, attributes));

    String where = " FROM " + table + " WHERE tenant = ? AND id_hash = ?";
    assertThat(
            Postgres.queryString(
                schema.dataSource(), "SELECT attributes->'cart'->>'total'" + where, key))
        .isEqualTo("12.50");
    assertThat(
            Postgres.queryString(
                schema.dataSource(), "SELECT attributes_verbatim->>'pojo'" + where, key))
        .as("jsonb would reorder these keys, so the exact text is kept as a string")
        .isEqualTo("{\"zz\":1,\"aa\":2}");
    assertThat(
            Postgres.queryString(
                schema.dataSource(), "SELECT jsonb_exists(attributes, 'pojo')" + where, key))
        .isEqualTo("f");
    assertThat(store.load(key).attributes()).isEqualTo(attributes);

    SessionRecord merged =
        store.merge(
            key,
            SessionDelta.builder(clock.millis(), 1_800_000)
                .set("pojo", "{\"alpha\":2}")
                .set("cart", "[1, 2]")
                .remove("nul")
                .build());

    assertThat(merged.attributes())
        .containsOnly(
            Map.entry("cart", "[1, 2]"),
            Map.entry("pojo", "{\"alpha\":2}"),
            Map.entry("opaque", "not json at all"));
    assertThat(
            Postgres.queryString(
                schema.dataSource(),
                "SELECT jsonb_exists(attributes, 'cart')::text || jsonb_exists(attributes_verbatim,"
                    + " 'cart')::text || jsonb_exists(attributes, 'pojo')::text ||"
                    + " jsonb_exists(attributes_verbatim, 'pojo')::text"
                    + where,
                key))
        .as("a name moved between the columns lives in exactly one")
        .isEqualTo("falsetruetruefalse");
    assertThat(store.load(key)).isEqualTo(merged);
  }

  @Test
  void aMergeOnTheCallersBaseAnswersFromTheBaseAndOtherwiseSendsTheRowBack() {
    SessionKey key = newKey();
    store.insert(record(key, Map.of("a", "1", "b", "{\"zz\":1,\"aa\":2}")));
    SessionRecord base = store.load(key);

    clock.advance(Duration.ofSeconds(5));
    SessionRecord answer =
        store.merge(
            key, SessionDelta.builder(clock.millis(), 1_800_000).base(base).set("a", "10").build());
    assertThat(answer).isEqualTo(store.load(key));
    assertThat(answer.version()).isEqualTo(base.version() + 1);
    assertThat(answer.attributes())
        .containsOnly(Map.entry("a", "10"), Map.entry("b", "{\"zz\":1,\"aa\":2}"));

    // The attributes of the answer come from the base, not from the row: a base that (unlike any
    // real caller's) holds an attribute the row lacks shows through, so the row was not sent back.
    SessionRecord marked =
        answer.toBuilder().attributes(Map.of("a", "10", "marker", "true")).build();
    assertThat(
            store
                .merge(
                    key,
                    SessionDelta.builder(clock.millis(), 1_800_000)
                        .base(marked)
                        .set("c", "3")
                        .build())
                .attributes())
        .containsOnly(Map.entry("a", "10"), Map.entry("marker", "true"), Map.entry("c", "3"));
    assertThat(store.load(key).attributes()).doesNotContainKey("marker");

    // A touch moved the access time past the base's without a new version: still the base's answer.
    SessionRecord current = store.load(key);
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.touch(key, clock.millis())).isTrue();
    SessionRecord afterTouch =
        store.merge(
            key,
            SessionDelta.builder(current.lastAccessedAt(), 1_800_000)
                .base(current)
                .set("d", "4")
                .build());
    assertThat(afterTouch).isEqualTo(store.load(key));
    assertThat(afterTouch.lastAccessedAt()).isEqualTo(clock.millis());

    // Another writer got in between: the base is outdated, so the whole merged row comes back.
    SessionRecord stale = store.load(key);
    store.merge(key, SessionDelta.builder(clock.millis(), 1_800_000).set("other", "node").build());
    SessionRecord full =
        store.merge(
            key,
            SessionDelta.builder(clock.millis(), 1_800_000)
                .base(stale)
                .remove("a")
                .principal("bob")
                .build());
    assertThat(full).isEqualTo(store.load(key));
    assertThat(full.attributes()).containsEntry("other", "node").doesNotContainKey("a");
    assertThat(full.principal()).isEqualTo("bob");
    assertThat(full.version()).isEqualTo(stale.version() + 2);

    // A base of another key is no base, even with the same version.
    SessionKey second = newKey();
    store.insert(record(second, Map.of("x", "1")));
    SessionRecord foreign =
        SessionRecord.builder(key)
            .principal("alice")
            .createdAt(clock.millis())
            .lastAccessedAt(clock.millis())
            .idleTimeoutMillis(1_800_000)
            .absoluteExpiresAt(clock.millis() + 3_600_000)
            .version(store.load(second).version())
            .attributes(Map.of("y", "2"))
            .build();
    SessionRecord secondMerged =
        store.merge(
            second,
            SessionDelta.builder(clock.millis(), 1_800_000).base(foreign).set("z", "3").build());
    assertThat(secondMerged).isEqualTo(store.load(second));
    assertThat(secondMerged.attributes()).containsOnly(Map.entry("x", "1"), Map.entry("z", "3"));
  }

  @Test
  void typicalMergesAndTouchesAreHotUpdates() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(Postgres.server().dataSource());
    config.setMaximumPoolSize(1);
    try (TestSchema own = Postgres.server().createSchema();
        HikariDataSource single = new HikariDataSource(config);
        JdbcSessionStore on =
            JdbcSessionStore.builder().dataSource(single).schema(own.name()).clock(clock).build()) {
      List<SessionKey> keys = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        SessionKey key = newKey();
        keys.add(key);
        on.insert(record(key, Map.of("cart", "{\"items\":[]}", "n", "0")));
      }
      int updates = 0;
      for (int round = 1; round <= 10; round++) {
        clock.advance(Duration.ofMillis(700));
        for (SessionKey key : keys) {
          on.merge(
              key,
              SessionDelta.builder(clock.millis(), 1_800_000)
                  .set("n", String.valueOf(round))
                  .build());
          on.touch(key, clock.millis() + 1);
          updates += 2;
        }
      }
      // Statistics reach the view when a backend flushes them; ask the store's one backend to.
      try (java.sql.Connection c = single.getConnection();
          java.sql.Statement s = c.createStatement()) {
        s.execute("SELECT pg_stat_force_next_flush()");
      }
      String counters =
          "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE schemaname = '"
              + own.name()
              + "' AND relname = 'sessionkit_sessions'";
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      long all;
      long hot;
      do {
        Thread.sleep(100);
        all =
            Postgres.queryLong(
                own.dataSource(), counters.replace("n_tup_upd, n_tup_hot_upd", "n_tup_upd"));
        hot =
            Postgres.queryLong(
                own.dataSource(), counters.replace("n_tup_upd, n_tup_hot_upd", "n_tup_hot_upd"));
      } while (all < updates && System.nanoTime() < deadline);
      assertThat(all).as("updates counted").isGreaterThanOrEqualTo(updates);
      System.out.printf("HOT updates: %d of %d (%.0f%%)%n", hot, all, 100.0 * hot / all);
      // Only an update that moves expires_at across a whole minute changes an indexed column.
      assertThat(hot).as("HOT updates of %d", all).isGreaterThanOrEqualTo(all * 9 / 10);
    }
  }

  @Test
  void corruptRowsAreACleanMissCountedAndLoggedAndHarmNoOtherSession() {
    SessionRecord healthy = record(newKey(), Map.of("a", "1"));
    store.insert(healthy);
    List<SessionKey> corrupt = new ArrayList<>();
    String[][] columns = {
      {"[1, 2]", "{}"}, {"\"garbage\"", "{}"}, {"{}", "{\"a\": 1}"}, {"{}", "[]"}
    };
    for (String[] c : columns) {
      SessionKey key = newKey();
      Postgres.insertRaw(schema.dataSource(), table, key, clock.millis(), c[0], c[1], 1);
      corrupt.add(key);
    }
    SessionKey versionZero = newKey();
    Postgres.insertRaw(schema.dataSource(), table, versionZero, clock.millis(), "{}", "{}", 0);
    corrupt.add(versionZero);
    long before = store.corruptRecords();

    for (SessionKey key : corrupt) {
      assertThat(store.load(key)).as("load of %s", key).isNull();
    }

    assertThat(store.corruptRecords()).isEqualTo(before + corrupt.size());
    assertThat(store.findByPrincipal(tenant, "alice")).containsExactly(healthy);
    assertThat(
            store.merge(
                corrupt.get(0),
                SessionDelta.builder(clock.millis(), 1_800_000).set("b", "2").build()))
        .as("a merge does not fail on, nor repair, a row it cannot read")
        .isNull();
    assertThat(store.load(healthy.key())).isEqualTo(healthy);
    assertThat(store.health().details()).containsEntry("corruptRecords", store.corruptRecords());
  }

  @Test
  void hostileIdsNeverReachSql() {
    try (SessionManager manager = manager(store)) {
      List<String> hostile =
          List.of(
              "' OR '1'='1",
              "x'; DROP TABLE " + table + "; --",
              "abc\u0000def",
              "x".repeat(1_000_000),
              "../../etc",
              "");
      counting.reset();
      for (String id : hostile) {
        assertThat(manager.find(id)).isEmpty();
        assertThat(manager.invalidate(id)).isFalse();
        assertThatThrownBy(() -> SessionKey.of(tenant, id))
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(counting.statements()).as("statements sent: %s", counting.executedSql()).isZero();
    }
  }

  @Test
  void everyOperationIsOneStatement() {
    SessionRecord record = record(newKey(), Map.of("a", "1"));
    assertOneStatement(() -> store.insert(record));
    assertOneStatement(() -> store.load(record.key()));
    assertOneStatement(
        () ->
            store.merge(
                record.key(),
                SessionDelta.builder(clock.millis(), 1_800_000)
                    .set("b", "2")
                    .set("c", "[1, 2]")
                    .remove("a")
                    .principal("bob")
                    .build()));
    assertOneStatement(() -> store.touch(record.key(), clock.millis() + 1_000));
    SessionRecord current = store.load(record.key());
    assertOneStatement(
        () ->
            store.compareAndSet(
                current.version(), current.toBuilder().version(current.version() + 1).build()));
    assertOneStatement(() -> store.putIfNewer(current.toBuilder().version(10).build()));
    SessionKey to = newKey();
    assertOneStatement(() -> store.changeKey(record.key(), to));
    assertOneStatement(() -> store.findByPrincipal(tenant, "alice"));
    assertOneStatement(() -> store.stats(clock.millis(), 0));
    assertOneStatement(() -> store.delete(to));
    assertOneStatement(() -> store.purgeExpired(clock.millis(), 10));
  }

  private void assertOneStatement(Runnable operation) {
    counting.reset();
    operation.run();
    assertThat(counting.statements()).as("statements: %s", counting.executedSql()).isEqualTo(1);
  }

  @Test
  void aTypicalRequestCostsOneStatementForTheSaveAndNoneWhenNothingChanged() {
    try (SessionManager manager = manager(store)) {
      Session created = manager.create("alice");
      created.put("cart", List.of("book"));
      manager.save(created);

      counting.reset();
      Session found = manager.find(created.id()).orElseThrow();
      assertThat(counting.statements()).as("find: %s", counting.executedSql()).isEqualTo(1);
      counting.reset();
      found.put("cart", List.of("book", "pen"));
      manager.save(found);
      assertThat(counting.statements())
          .as("save of one changed attribute: %s", counting.executedSql())
          .isEqualTo(1);

      clock.advance(Duration.ofSeconds(30));
      counting.reset();
      Session again = manager.find(created.id()).orElseThrow();
      manager.save(again);
      assertThat(counting.statements())
          .as("find and unchanged save, no touch due: %s", counting.executedSql())
          .isEqualTo(1);
      assertThat(counting.executedSql().get(0)).startsWith("SELECT");
    }
  }

  @Test
  void invalidAttributesFailBeforeAnySql() {
    SessionKey key = newKey();
    counting.reset();
    assertThatThrownBy(() -> store.insert(record(key, Map.of("cart", "\"a\u0000b\""))))
        .isInstanceOf(AttributeException.class)
        .hasMessageContaining("'cart'");
    assertThat(counting.statements()).isZero();
  }

  @Test
  void insertReplacesAnExpiredRowThePurgeHasNotRemovedYet() {
    SessionKey key = newKey();
    store.insert(record(key, Map.of("old", "1")).toBuilder().idleTimeoutMillis(1_000).build());
    clock.advance(Duration.ofSeconds(2));
    SessionRecord fresh = record(key, Map.of("new", "1"));

    assertThat(store.insert(fresh)).isTrue();
    assertThat(store.load(key)).isEqualTo(fresh);
    assertThat(store.insert(record(key, Map.of()))).as("a live row is never replaced").isFalse();
  }

  @Test
  void putIfNewerNeverWritesAnExpiredRecord() {
    SessionRecord expired =
        record(newKey(), Map.of()).toBuilder().absoluteExpiresAt(clock.millis()).build();
    counting.reset();
    assertThat(store.putIfNewer(expired)).isFalse();
    assertThat(counting.statements()).isZero();
  }

  @Test
  void deleteOfAnExpiredRowRemovesItButReportsItAbsent() {
    SessionRecord record = record(newKey(), Map.of()).toBuilder().idleTimeoutMillis(1_000).build();
    store.insert(record);
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.delete(record.key())).isFalse();
    assertThat(
            Postgres.queryString(
                schema.dataSource(),
                "SELECT count(*) FROM " + table + " WHERE tenant = ? AND id_hash = ?",
                record.key()))
        .isEqualTo("0");
  }

  @Test
  void changeKeyOntoAnotherSessionFailsAndChangesNothing() {
    SessionRecord a = record(newKey(), Map.of("a", "1"));
    SessionRecord b = record(newKey(), Map.of("b", "1"));
    store.insert(a);
    store.insert(b);
    assertThatThrownBy(() -> store.changeKey(a.key(), b.key()))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("23505");
    assertThat(store.load(a.key())).isEqualTo(a);
    assertThat(store.load(b.key())).isEqualTo(b);
  }

  @Test
  void compareAndSetRefusesAVersionThatDoesNotGrow() {
    SessionRecord record = record(newKey(), Map.of());
    assertThatThrownBy(() -> store.compareAndSet(1, record))
        .isInstanceOf(IllegalArgumentException.class);
    store.insert(record);
    assertThat(store.compareAndSet(1, record.toBuilder().version(2).build()))
        .isEqualTo(WriteOutcome.WRITTEN);
  }

  @Test
  void customSchemaAndTableAreCreatedAndUsed() {
    try (TestSchema other = Postgres.server().createSchema();
        JdbcSessionStore custom =
            JdbcSessionStore.builder()
                .dataSource(pool)
                .schema(other.name())
                .table("order")
                .clock(clock)
                .build()) {
      SessionRecord record = record(newKey(), Map.of("a", "1"));
      custom.insert(record);
      assertThat(custom.tableName()).isEqualTo(other.name() + ".order");
      assertThat(Postgres.queryLong(pool, "SELECT count(*) FROM " + other.name() + ".\"order\""))
          .isEqualTo(1);
      assertThat(store.load(record.key())).as("a different table").isNull();
    }
  }

  @Test
  void schemaAndTableNamesAreValidatedNeverConcatenated() {
    for (String bad :
        List.of(
            "sessions; DROP TABLE users", "Sessions", "1abc", "a\"b", "x".repeat(64), "naïve")) {
      assertThatThrownBy(() -> JdbcSessionStore.builder().table(bad))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("table=");
      assertThatThrownBy(
              () ->
                  JdbcSessionStore.builder()
                      .dataSource(pool)
                      .settings(
                          io.github.sessionkit.spi.Settings.of(Map.of("SESSION_JDBC_SCHEMA", bad)))
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .satisfies(
              e ->
                  assertThat(((ConfigurationException) e).setting())
                      .isEqualTo("SESSION_JDBC_SCHEMA"));
    }
    assertThatThrownBy(() -> JdbcSessionStore.builder().table("x".repeat(49)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1 to 48 characters");
  }

  @Test
  void healthShowsTheServerAndPoolButNeverThePassword() {
    String url =
        "postgresql://"
            + Postgres.server().user()
            + ":topsecret-pw@"
            + Postgres.server().host()
            + ":"
            + Postgres.server().port()
            + "/"
            + Postgres.server().database();
    try (JdbcSessionStore withPassword =
        JdbcSessionStore.builder()
            .url(url)
            .settings(Postgres.settings(schema))
            .clock(clock)
            .build()) {
      StoreHealth health = withPassword.health();

      assertThat(health.available()).isTrue();
      assertThat(health.details())
          .containsKeys(
              "serverVersion", "table", "poolActive", "poolIdle", "poolTotal", "poolMaxSize");
      assertThat(health.details().get("serverVersion").toString()).startsWith("16");
      assertThat(health.toString() + withPassword).doesNotContain("topsecret").contains("****");
    }
  }

  @Test
  void aStatementBlockedPastTheStatementTimeoutFailsAsUnavailable() throws Exception {
    try (JdbcSessionStore timed =
            Postgres.store(schema, clock, "SESSION_JDBC_STATEMENT_TIMEOUT", "500ms");
        java.sql.Connection locker = pool.getConnection()) {
      SessionRecord record = record(newKey(), Map.of());
      timed.insert(record);
      locker.setAutoCommit(false);
      try (java.sql.PreparedStatement lock =
          locker.prepareStatement(
              "SELECT 1 FROM " + table + " WHERE tenant = ? AND id_hash = ? FOR UPDATE")) {
        lock.setString(1, record.key().tenant());
        lock.setString(2, record.key().hash());
        lock.executeQuery().close();
      }
      long started = System.nanoTime();
      assertThatThrownBy(() -> timed.touch(record.key(), clock.millis() + 1))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("57014");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
      locker.rollback();
      assertThat(timed.touch(record.key(), clock.millis() + 1)).isTrue();
    }
  }

  @Test
  void aClosedStoreRefusesWorkAndLeavesAGivenDataSourceOpen() {
    store.close();
    store.close();
    assertThatThrownBy(() -> store.load(newKey())).isInstanceOf(IllegalStateException.class);
    assertThat(store.health().available()).isFalse();
    assertThat(pool.isClosed()).isFalse();
  }
}
