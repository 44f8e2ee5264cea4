package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.EncryptionAtRestContract;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Encryption at rest on a real PostgreSQL: each "node" its own pool; at rest is the JSONB column,
 * read with plain SQL (what a {@code pg_dump} or an analyst's query sees).
 */
class JdbcEncryptionAtRestIT extends EncryptionAtRestContract {

  private static TestSchema schema;

  @BeforeAll
  static void createSchema() {
    schema = Postgres.server().createSchema();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  @Override
  protected SessionStore newStore() {
    return Postgres.store(schema, Clock.systemUTC());
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
