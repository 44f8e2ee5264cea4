/** The PostgreSQL session store ({@code postgresql://}, {@code jdbc:postgresql:}). */
module io.github.sessionkit.store.jdbc {
  requires transitive io.github.sessionkit.core;
  requires transitive java.sql; // JdbcSessionStore.Builder.dataSource(DataSource)
  requires com.zaxxer.hikari;
  requires org.jdbi.v3.core; // automatic module (Jdbi's Automatic-Module-Name)
  requires org.postgresql.jdbc; // automatic module (PgJDBC's Automatic-Module-Name)
  requires org.slf4j;

  exports io.github.sessionkit.store.jdbc;

  provides io.github.sessionkit.spi.SessionStoreProvider with
      io.github.sessionkit.store.jdbc.JdbcSessionStoreProvider;
}
