package io.github.sessionkit.testkit.postgres;

import javax.sql.DataSource;

/**
 * A schema with a random name that a test class owns on a {@link PostgresServer}; closing it drops
 * the schema and everything in it. Thread-safe.
 */
public final class TestSchema implements AutoCloseable {

  private final PostgresServer server;
  private final String name;

  TestSchema(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** The schema's name: a valid lower-case SQL identifier. */
  public String name() {
    return name;
  }

  public PostgresServer server() {
    return server;
  }

  /** An unpooled DataSource whose connections use this schema as {@code currentSchema}. */
  public DataSource dataSource() {
    return server.dataSource(server.database(), name);
  }

  /** Drops the schema with everything in it. */
  @Override
  public void close() {
    if (server.isRunning()) {
      PostgresServer.execute(server.dataSource(), "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  @Override
  public String toString() {
    return "TestSchema{" + name + " on " + server + "}";
  }
}
