package io.github.sessionkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's re-encryption command on a real PostgreSQL, configured by environment as an
 * application is: after it, a node holding only the new key reads every session.
 */
class ReencryptCommandIT {

  private static TestSchema schema;

  @BeforeAll
  static void createSchema() {
    schema = PostgresServer.shared().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private static String key() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Settings env(String keys) {
    Map<String, String> env = new HashMap<>();
    env.put("SESSION_STORE", "jdbc");
    env.put("DATABASE_URL", PostgresServer.shared().databaseUrl());
    env.put("SESSION_JDBC_SCHEMA", schema.name());
    env.put("SESSION_ENCRYPTION_KEYS", keys);
    return Settings.of(env);
  }

  @Test
  void convertsEverySessionSoTheOldKeyCanGo() {
    String oldKey = key();
    String newKey = key();
    String[] ids = new String[5];
    try (SessionManager old = SessionManager.builder().settings(env("k1:" + oldKey)).build()) {
      for (int i = 0; i < ids.length; i++) {
        Session session = old.create(i % 2 == 0 ? "user" + i : null);
        session.put("cart", List.of("item" + i));
        old.save(session);
        ids[i] = session.id();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ReencryptCommand.run(
            env("k2:" + newKey + ",k1:" + oldKey),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("re-encrypted 5 of 5 sessions with the newest key; 0 unreadable");

    try (SessionManager fresh = SessionManager.builder().settings(env("k2:" + newKey)).build()) {
      for (int i = 0; i < ids.length; i++) {
        assertThat(fresh.find(ids[i]).orElseThrow().get("cart", List.class))
            .containsExactly("item" + i);
      }
    }
    // Without its keys the command fails with the setting named and a non-zero status.
    ByteArrayOutputStream noKeys = new ByteArrayOutputStream();
    Map<String, String> withoutKeys =
        new HashMap<>(
            Map.of(
                "SESSION_STORE",
                "jdbc",
                "DATABASE_URL",
                PostgresServer.shared().databaseUrl(),
                "SESSION_JDBC_SCHEMA",
                schema.name()));
    assertThat(
            ReencryptCommand.run(
                Settings.of(withoutKeys),
                System.out,
                new PrintStream(noKeys, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(noKeys.toString(StandardCharsets.UTF_8))
        .contains("SESSION_ENCRYPTION_KEYS is not set");
  }
}
