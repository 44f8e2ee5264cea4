package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.testkit.postgres.CountingDataSource;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The schema migration: versioned, idempotent, and safe when many pods start at once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationIT {

  private static TestSchema home;
  private static DataSource ds;

  @BeforeAll
  static void createSchema() {
    home = Postgres.server().createSchema();
    ds = Postgres.server().dataSource();
  }

  @AfterAll
  static void dropSchema() {
    home.close();
  }

  @Test
  void tenConcurrentMigrationsOnSeparateConnectionsApplyEachScriptExactlyOnce() throws Exception {
    // A schema that does not exist yet: creating it is part of the race too.
    String schema = PostgresServer.randomName();
    SessionTable table = new SessionTable(schema, "sessionkit_sessions");
    int pods = 10;
    ExecutorService threads = Executors.newFixedThreadPool(pods);
    try {
      CyclicBarrier start = new CyclicBarrier(pods);
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        results.add(
            threads.submit(
                () -> {
                  try (Connection c = ds.getConnection()) {
                    start.await();
                    return new SchemaMigrator(table, Duration.ofSeconds(60)).migrate(c);
                  }
                }));
      }
      int applied = 0;
      for (Future<Integer> r : results) {
        applied += r.get(60, TimeUnit.SECONDS);
      }

      assertThat(applied)
          .as("scripts applied over all pods")
          .isEqualTo(SchemaMigrator.MIGRATIONS.size());
      assertThat(Postgres.queryLong(ds, "SELECT count(*) FROM " + table.history))
          .isEqualTo(SchemaMigrator.MIGRATIONS.size());
      assertThat(Postgres.queryLong(ds, "SELECT count(DISTINCT version) FROM " + table.history))
          .isEqualTo(SchemaMigrator.MIGRATIONS.size());
      assertThat(Postgres.queryLong(ds, "SELECT max(version) FROM " + table.history))
          .isEqualTo(SchemaMigrator.LATEST_VERSION);
      assertThat(Postgres.queryLong(ds, "SELECT count(*) FROM " + table.qualified)).isZero();
    } finally {
      threads.shutdownNow();
      Postgres.execute(ds, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void storesStartingConcurrentlyShareOneMigration() throws Exception {
    String table = "parallel_" + PostgresServer.randomName().substring(3);
    int pods = 6;
    ExecutorService threads = Executors.newFixedThreadPool(pods);
    try {
      CyclicBarrier start = new CyclicBarrier(pods);
      List<Future<JdbcSessionStore>> stores = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        stores.add(
            threads.submit(
                () -> {
                  start.await();
                  return JdbcSessionStore.builder()
                      .url(Postgres.server().jdbcUrlWithCredentials())
                      .settings(Postgres.settings(home, "SESSION_JDBC_TABLE", table))
                      .build();
                }));
      }
      for (Future<JdbcSessionStore> s : stores) {
        s.get(60, TimeUnit.SECONDS).close();
      }
      assertThat(
              Postgres.queryLong(
                  ds, "SELECT count(*) FROM " + home.name() + "." + table + "_schema_history"))
          .isEqualTo(SchemaMigrator.MIGRATIONS.size());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aCurrentSchemaIsCheckedWithoutDdlOrLocks() throws Exception {
    JdbcSessionStore.builder().dataSource(ds).schema(home.name()).build().close();
    CountingDataSource counting = new CountingDataSource(ds);

    JdbcSessionStore.builder().dataSource(counting).schema(home.name()).build().close();

    assertThat(counting.executedSql())
        .as("a second start only reads the history")
        .allSatisfy(sql -> assertThat(sql).startsWith("SELECT").doesNotContain("pg_advisory"));
    try (Connection c = ds.getConnection()) {
      assertThat(
              new SchemaMigrator(
                      new SessionTable(home.name(), "sessionkit_sessions"), Duration.ofSeconds(5))
                  .migrate(c))
          .isZero();
    }
  }

  @Test
  void withMigrationsOffAMissingTableIsAClearConfigurationError() {
    try (TestSchema empty = Postgres.server().createSchema()) {
      assertThatThrownBy(
              () ->
                  JdbcSessionStore.builder()
                      .dataSource(ds)
                      .schema(empty.name())
                      .migrate(false)
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(empty.name() + ".sessionkit_sessions does not exist")
          .hasMessageContaining("SESSION_JDBC_MIGRATE")
          .satisfies(
              e ->
                  assertThat(((ConfigurationException) e).setting())
                      .isEqualTo("SESSION_JDBC_MIGRATE"));
      assertThat(
              Postgres.queryLong(
                  ds, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + empty.name() + "'"))
          .as("nothing was created")
          .isZero();
    }
  }

  @Test
  void teamsThatManageDdlThemselvesRunTheShippedSql() throws Exception {
    try (TestSchema managed = Postgres.server().createSchema()) {
      Postgres.execute(ds, JdbcSessionStore.migrationSql(managed.name(), "app_sessions"));

      try (JdbcSessionStore store =
          JdbcSessionStore.builder()
              .dataSource(ds)
              .schema(managed.name())
              .table("app_sessions")
              .migrate(false)
              .build()) {
        assertThat(store.health().available()).isTrue();
        assertThat(store.stats(0, 0).total()).isZero();
      }
      assertThat(
              Postgres.queryLong(
                  ds,
                  "SELECT count(*) FROM pg_tables WHERE schemaname = '"
                      + managed.name()
                      + "' AND tablename LIKE '%schema_history'"))
          .as("no history table: the team owns the DDL")
          .isZero();
      assertThat(
              Postgres.queryLong(
                  ds, "SELECT count(*) FROM pg_tables WHERE schemaname = '" + managed.name() + "'"))
          .as("the sessions table and its cache generations")
          .isEqualTo(2);
    }
    try (InputStream in =
        JdbcSessionStore.class.getResourceAsStream(
            "/io/github/sessionkit/store/jdbc/migration/V1__create_sessions.sql")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("CREATE TABLE \"${schema}\".\"${table}\"")
          .contains("attributes          jsonb");
    }
  }

  @Test
  void aVersion4TableWithSessionsMovesToVersion5AndItsRowsArePurgedAndServed() throws Exception {
    try (TestSchema old = Postgres.server().createSchema()) {
      SessionTable table = new SessionTable(old.name(), "sessionkit_sessions");
      // The schema as a store of schema version 4 left it, with its history.
      Postgres.execute(
          ds,
          "CREATE TABLE "
              + table.history
              + " (version integer PRIMARY KEY, description text NOT NULL,"
              + " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
              + " applied_by text NOT NULL DEFAULT current_user)");
      for (SchemaMigrator.Migration m : SchemaMigrator.MIGRATIONS.subList(0, 4)) {
        Postgres.execute(ds, m.render(table));
        Postgres.execute(
            ds,
            "INSERT INTO "
                + table.history
                + " VALUES ("
                + m.version()
                + ", '"
                + m.description()
                + "', '"
                + m.checksum()
                + "')");
      }
      long now = System.currentTimeMillis();
      io.github.sessionkit.spi.SessionKey live =
          io.github.sessionkit.spi.SessionKey.forId("acme", "L".repeat(43));
      io.github.sessionkit.spi.SessionKey expired =
          io.github.sessionkit.spi.SessionKey.forId("acme", "E".repeat(43));
      Postgres.insertRaw(ds, table.qualified, live, now, "{\"a\": 1}", "{}", 3);
      Postgres.insertRaw(ds, table.qualified, expired, now - 7_200_000, "{}", "{}", 1);

      try (JdbcSessionStore store =
          JdbcSessionStore.builder().dataSource(ds).schema(old.name()).build()) {
        assertThat(Postgres.queryLong(ds, "SELECT max(version) FROM " + table.history))
            .isEqualTo(5);
        assertThat(
                Postgres.queryLong(
                    ds,
                    "SELECT count(*) FROM pg_indexes WHERE schemaname = '"
                        + old.name()
                        + "' AND indexname = 'sessionkit_sessions_expires_at_idx'"))
            .as("the old purge index is gone")
            .isZero();
        assertThat(
                Postgres.queryLong(
                    ds,
                    "SELECT count(*) FROM "
                        + table.qualified
                        + " WHERE expires_minute = expires_at / 60000"))
            .as("existing rows have the new column")
            .isEqualTo(2);
        assertThat(store.purgeExpired(now, 100)).extracting(p -> p.key()).containsExactly(expired);
        assertThat(store.load(live).attributes()).containsExactly(java.util.Map.entry("a", "1"));
        assertThat(store.load(live).version()).isEqualTo(3);
      }
    }
  }

  @Test
  void theSchemaHasTheDocumentedIndexes() {
    JdbcSessionStore.builder().dataSource(ds).schema(home.name()).build().close();
    assertThat(
            Postgres.queryLong(
                ds,
                "SELECT count(*) FROM pg_indexes WHERE schemaname = '"
                    + home.name()
                    + "' AND tablename = 'sessionkit_sessions' AND indexname IN"
                    + " ('sessionkit_sessions_pkey', 'sessionkit_sessions_principal_idx',"
                    + " 'sessionkit_sessions_expires_minute_idx',"
                    + " 'sessionkit_sessions_created_at_idx')"))
        .isEqualTo(4);
  }
}
