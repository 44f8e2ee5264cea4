package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.spi.StoreContext;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestDatabase;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finding and building the store by URL, as {@code SessionManager.fromEnvironment()} does. */
class JdbcSessionStoreProviderIT {

  private static TestSchema schema;
  private final ManualClock clock = new ManualClock();

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private static SessionStoreProvider providerFor(String url) {
    String scheme = SessionStoreProvider.schemeOf(url);
    for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class)) {
      if (provider.schemes().contains(scheme)) {
        return provider;
      }
    }
    throw new AssertionError("no provider for " + scheme);
  }

  private SessionStore open(String setting, String url, String... settings) {
    return providerFor(url)
        .create(
            new StoreContext(setting, url, Postgres.settings(schema, settings), clock, "session"));
  }

  @Test
  void databaseUrlWithPasswordWorksThroughServiceLoader() {
    PostgresServer server = Postgres.server();
    String password = server.password() == null ? "secret" : server.password();
    for (String scheme : new String[] {"postgresql", "postgres"}) {
      String url =
          scheme
              + "://"
              + server.user()
              + ":"
              + password
              + "@"
              + server.host()
              + ":"
              + server.port()
              + "/"
              + server.database();
      assertThat(providerFor(url)).isInstanceOf(JdbcSessionStoreProvider.class);
      try (SessionStore store = open("DATABASE_URL", url)) {
        assertThat(store.name()).isEqualTo("postgresql");
        assertThat(store.health().available()).isTrue();
        assertThat(store.toString() + store.health()).doesNotContain(password);
      }
    }
  }

  @Test
  void withNoSettingsTheTableIsPublicSessionkitSessionsOfTheUrlsDatabase() {
    try (TestDatabase database = Postgres.server().createDatabase()) {
      try (SessionStore store =
          providerFor(database.databaseUrl())
              .create(
                  new StoreContext(
                      "DATABASE_URL",
                      database.databaseUrl(),
                      Settings.empty(),
                      clock,
                      "session"))) {
        assertThat(((JdbcSessionStore) store).tableName()).isEqualTo("public.sessionkit_sessions");
        assertThat(store.stats(clock.millis(), 0).total()).isZero();
      }
      assertThat(
              Postgres.queryLong(
                  database.dataSource(),
                  "SELECT count(*) FROM public.sessionkit_sessions_schema_history"))
          .isEqualTo(SchemaMigrator.LATEST_VERSION);
    }
  }

  @Test
  void jdbcUrlWorksThroughServiceLoader() {
    String url = Postgres.server().jdbcUrlWithCredentials();
    assertThat(providerFor(url)).isInstanceOf(JdbcSessionStoreProvider.class);
    try (SessionStore store = open("JDBC_URL", url)) {
      assertThat(store.health().available()).isTrue();
    }
  }

  @Test
  void aManagerConfiguredByEnvironmentUsesTheStore() {
    Map<String, String> env = new HashMap<>();
    env.put("SESSION_STORE", "jdbc");
    env.put("DATABASE_URL", Postgres.server().databaseUrl());
    env.put("SESSION_JDBC_SCHEMA", schema.name());
    env.put("SESSION_JDBC_POOL_MAX_SIZE", "3");
    try (SessionManager manager =
        SessionManager.builder().settings(Settings.of(env)).clock(clock).build()) {
      assertThat(manager.store().name()).isEqualTo("postgresql");
      Session session = manager.create("alice");
      session.put("n", 1);
      manager.save(session);
      assertThat(manager.find(session.id()).orElseThrow().get("n", Integer.class)).isEqualTo(1);
    }
  }

  @Test
  void aServerDownAtStartUpNamesTheMaskedUrlAndNeverThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "postgresql://user:secret@localhost:" + closedPort + "/db";
    long started = System.nanoTime();

    assertThatThrownBy(() -> open("DATABASE_URL", url, "SESSION_JDBC_POOL_TIMEOUT", "500ms"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("postgresql://user:****@localhost:" + closedPort + "/db")
        .hasMessageNotContaining("secret")
        .satisfies(e -> assertThat(PostgresRestartIT.stackTraceOf(e)).doesNotContain("secret"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aBadPoolSizeFailsNamingTheSetting() {
    assertThatThrownBy(
            () ->
                open(
                    "DATABASE_URL",
                    Postgres.server().databaseUrl(),
                    "SESSION_JDBC_POOL_MAX_SIZE",
                    "abc"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "SESSION_JDBC_POOL_MAX_SIZE='abc' is not valid: expected a whole number from 1 to 50")
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).setting())
                    .isEqualTo("SESSION_JDBC_POOL_MAX_SIZE"));
    assertThatThrownBy(
            () ->
                open(
                    "DATABASE_URL",
                    Postgres.server().databaseUrl(),
                    "SESSION_JDBC_MIGRATE",
                    "maybe"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SESSION_JDBC_MIGRATE='maybe'");
    assertThatThrownBy(() -> open("DATABASE_URL", "postgresql://u:pw@h:notaport/db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("DATABASE_URL=")
        .hasMessageNotContaining("pw@");
  }

  @Test
  void credentialsMayComeFromSettingsAndNeverAppearInLogs() throws Exception {
    PostgresServer server = Postgres.server();
    String password = server.password() == null ? "log-canary-pw" : server.password();
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      String url =
          "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + server.database();
      try (SessionStore store =
          open(
              "JDBC_URL",
              url,
              "SESSION_JDBC_USERNAME",
              server.user(),
              "SESSION_JDBC_PASSWORD",
              password)) {
        assertThat(store.health().available()).isTrue();
      }
      String down = "postgresql://" + server.user() + ":" + password + "@localhost:1/db";
      assertThatThrownBy(() -> open("DATABASE_URL", down, "SESSION_JDBC_POOL_TIMEOUT", "300ms"))
          .isInstanceOf(StoreUnavailableException.class);
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(logs).as("the pool logged its start").contains("sessionkit-jdbc-");
    assertThat(logs).doesNotContain(password);
  }

  @Test
  void sslParametersReachTheDriver() {
    // The embedded server has no TLS: requiring it must fail, which proves the parameter arrived.
    String url = Postgres.server().databaseUrl() + "?sslmode=require";
    assertThatThrownBy(() -> open("DATABASE_URL", url, "SESSION_JDBC_POOL_TIMEOUT", "500ms"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("SSL");
    try (SessionStore store =
        open("DATABASE_URL", Postgres.server().databaseUrl() + "?sslmode=disable")) {
      assertThat(store.health().available()).isTrue();
    }
  }
}
