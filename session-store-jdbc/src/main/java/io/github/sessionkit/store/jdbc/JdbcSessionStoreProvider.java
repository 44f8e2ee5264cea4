package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.spi.SessionStore;
import io.github.sessionkit.spi.SessionStoreProvider;
import io.github.sessionkit.spi.StoreContext;
import java.util.Set;

/**
 * Finds the PostgreSQL store by URL scheme through {@link java.util.ServiceLoader}: {@code
 * postgresql://} and {@code postgres://} ({@code DATABASE_URL}) and {@code jdbc:postgresql:}
 * ({@code JDBC_URL}).
 *
 * <p>The store gets a HikariCP pool configured from the context's {@code SESSION_JDBC_*} settings
 * (declared, with their defaults and meanings, in {@link JdbcStoreSettings}) and the context's
 * clock. {@link #create} throws {@link io.github.sessionkit.ConfigurationException} for a wrong
 * setting (naming it) and {@link io.github.sessionkit.StoreUnavailableException} with the masked
 * URL when the server cannot be reached. Stateless and thread-safe.
 */
public final class JdbcSessionStoreProvider implements SessionStoreProvider {

  /** Required by {@link java.util.ServiceLoader}. */
  public JdbcSessionStoreProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "postgres", "jdbc:postgresql");
  }

  @Override
  public SessionStore create(StoreContext context) {
    return JdbcSessionStore.builder()
        .url(context.urlSetting(), context.url())
        .settings(context.settings())
        .clock(context.clock())
        .build();
  }
}
