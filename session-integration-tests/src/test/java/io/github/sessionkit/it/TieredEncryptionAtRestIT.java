package io.github.sessionkit.it;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.store.jdbc.JdbcSessionStore;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.EncryptionAtRestContract;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import io.github.sessionkit.tiered.TieredSessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Encryption at rest over the tiered store: each "node" its own local tier, Redis client and
 * PostgreSQL pool on one real Redis and one real PostgreSQL. Ciphertext travels between tiers
 * unchanged (fills, repairs, compare-and-set through the record of truth); at rest is the
 * PostgreSQL column.
 */
class TieredEncryptionAtRestIT extends EncryptionAtRestContract {

  private static final String PREFIX =
      "sktenc" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  private static TestSchema schema;

  @BeforeAll
  static void servers() {
    schema = PostgresServer.shared().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Override
  protected SessionStore newStore() {
    return TieredSessionStore.builder()
        .localTier(MemorySessionStore.builder().build())
        .remoteTier(
            RedisSessionStore.builder()
                .url(RedisTestServers.standaloneUrl())
                .keyPrefix(PREFIX)
                .build())
        .remoteTier(
            JdbcSessionStore.builder()
                .url(PostgresServer.shared().databaseUrl())
                .settings(Settings.of(Map.of("SESSION_JDBC_SCHEMA", schema.name())))
                .build())
        .build();
  }

  @Override
  protected @Nullable String rawAttribute(SessionKey key, String attribute) throws Exception {
    try (Connection c = schema.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(attributes -> ?, attributes_verbatim -> ?)::text FROM "
                    + schema.name()
                    + ".sessionkit_sessions WHERE tenant = ? AND id_hash = ?")) {
      ps.setString(1, attribute);
      ps.setString(2, attribute);
      ps.setString(3, key.tenant());
      ps.setString(4, key.hash());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
