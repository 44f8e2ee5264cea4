package io.github.sessionkit.testkit.postgres;

import javax.sql.DataSource;

/**
 * A database with a random name that a test class owns on a {@link PostgresServer}; closing it
 * drops the database, terminating connections still open to it. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {

  private final PostgresServer server;
  private final String name;

  TestDatabase(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public PostgresServer server() {
    return server;
  }

  /** {@code jdbc:postgresql://host:port/name}, without credentials. */
  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /** {@code jdbc:postgresql://host:port/name?user=...&password=...}. */
  public String jdbcUrlWithCredentials() {
    return server.jdbcUrlWithCredentials(name);
  }

  /** {@code postgresql://user:password@host:port/name}, the {@code DATABASE_URL} form. */
  public String databaseUrl() {
    return server.databaseUrl(name);
  }

  /** An unpooled DataSource on this database. */
  public DataSource dataSource() {
    return server.dataSource(name, null);
  }

  /** Drops the database, terminating connections still open to it. */
  @Override
  public void close() {
    if (server.isRunning()) {
      PostgresServer.execute(
          server.dataSource(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  @Override
  public String toString() {
    return "TestDatabase{" + name + " on " + server + "}";
  }
}
