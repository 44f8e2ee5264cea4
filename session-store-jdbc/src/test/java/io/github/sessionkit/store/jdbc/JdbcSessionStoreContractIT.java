package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.testkit.SessionStoreContract;
import io.github.sessionkit.testkit.postgres.TestSchema;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL, each store with its own pool, as separate nodes would
 * have.
 */
class JdbcSessionStoreContractIT extends SessionStoreContract {

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
  protected SessionStore newStore(Clock clock) {
    return Postgres.store(schema, clock);
  }

  /**
   * Attributes that are not a JSON object at all: what a foreign writer or a bad restore leaves.
   */
  @Override
  protected void corruptStoredRecord(SessionStore store, SessionKey key) {
    Postgres.insertRaw(
        schema.dataSource(),
        schema.name() + ".sessionkit_sessions",
        key,
        clock.millis(),
        "\"garbage\"",
        "[1, 2, 3]",
        1);
  }
}
