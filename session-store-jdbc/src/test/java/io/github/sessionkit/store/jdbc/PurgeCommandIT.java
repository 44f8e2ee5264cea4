package io.github.sessionkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cron entry point, in-process and as a real process. */
class PurgeCommandIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static TestSchema schema;
  private final ManualClock clock = new ManualClock();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private int run(Map<String, String> env, String... args) {
    return PurgeCommand.run(
        args,
        Settings.of(env),
        clock,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private SessionRecord insert(JdbcSessionStore store, long idleMillis) {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    long now = clock.millis();
    SessionRecord r =
        SessionRecord.builder(SessionKey.forId("cron", Base64.getUrlEncoder().encodeToString(id)))
            .createdAt(now)
            .lastAccessedAt(now)
            .idleTimeoutMillis(idleMillis)
            .absoluteExpiresAt(now + 86_400_000)
            .build();
    store.insert(r);
    return r;
  }

  @Test
  void purgesEveryExpiredSessionAndReportsHowMany() {
    try (JdbcSessionStore store = Postgres.store(schema, clock)) {
      for (int i = 0; i < 25; i++) {
        insert(store, 1_000);
      }
      SessionRecord live = insert(store, Duration.ofHours(1).toMillis());
      clock.advance(Duration.ofSeconds(5));

      int status =
          run(
              Map.of(
                  "DATABASE_URL",
                  Postgres.server().databaseUrl(),
                  "SESSION_JDBC_SCHEMA",
                  schema.name(),
                  "SESSION_JDBC_PURGE_BATCH_SIZE",
                  "10"));

      assertThat(status).as("stderr: %s", err).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith(
              "Purged 25 expired sessions from " + schema.name() + ".sessionkit_sessions in ");
      assertThat(store.load(live.key())).isEqualTo(live);
      assertThat(
              run(
                  Map.of(
                      "JDBC_URL",
                      Postgres.server().jdbcUrlWithCredentials(),
                      "SESSION_JDBC_SCHEMA",
                      schema.name())))
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("Purged 0 expired sessions");
    }
  }

  @Test
  void maxBoundsTheRowsRemoved() {
    try (JdbcSessionStore store = Postgres.store(schema, clock)) {
      for (int i = 0; i < 5; i++) {
        insert(store, 1_000);
      }
      clock.advance(Duration.ofSeconds(5));
      assertThat(
              run(
                  Map.of(
                      "DATABASE_URL",
                      Postgres.server().databaseUrl(),
                      "SESSION_JDBC_SCHEMA",
                      schema.name()),
                  "--max",
                  "3"))
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Purged 3 expired sessions");
    }
  }

  @Test
  void failuresAreOneClearLineAndANonZeroStatus() {
    assertThat(run(Map.of())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("set DATABASE_URL");
    err.reset();

    assertThat(run(Map.of("DATABASE_URL", "postgresql://app:hunter2@localhost:1/db"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith(
            "sessionkit purge failed: Cannot connect to PostgreSQL at"
                + " postgresql://app:****@localhost:1/db")
        .doesNotContain("hunter2");
    err.reset();

    assertThat(
            run(
                Map.of(
                    "DATABASE_URL",
                    Postgres.server().databaseUrl(),
                    "SESSION_JDBC_TABLE",
                    "missing_table",
                    "SESSION_JDBC_SCHEMA",
                    schema.name())))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing_table does not exist");
    err.reset();

    assertThat(
            run(
                Map.of(
                    "DATABASE_URL",
                    Postgres.server().databaseUrl(),
                    "SESSION_JDBC_POOL_MAX_SIZE",
                    "abc")))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("SESSION_JDBC_POOL_MAX_SIZE='abc'");

    assertThat(run(Map.of(), "--max", "zero")).isEqualTo(2);
    assertThat(run(Map.of(), "--bogus")).isEqualTo(2);
    assertThat(run(Map.of(), "--help")).isZero();
  }

  @Test
  void mainRunsAsAProcessReadingTheEnvironment() throws Exception {
    ProcessBuilder ok = command();
    ok.environment().put("DATABASE_URL", Postgres.server().databaseUrl());
    ok.environment().put("SESSION_JDBC_SCHEMA", schema.name());
    Process process = ok.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("Purged ");

    ProcessBuilder down = command();
    down.environment().put("DATABASE_URL", "postgresql://app:hunter2@localhost:1/db");
    Process failing = down.start();
    assertThat(failing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failing.exitValue()).isEqualTo(1);
    assertThat(new String(failing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("sessionkit purge failed")
        .doesNotContain("hunter2");
  }

  private static ProcessBuilder command() {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                PurgeCommand.class.getName()));
    builder.environment().remove("DATABASE_URL");
    builder.environment().remove("JDBC_URL");
    return builder;
  }
}
