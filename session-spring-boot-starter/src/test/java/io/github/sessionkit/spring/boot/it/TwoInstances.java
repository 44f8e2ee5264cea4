package io.github.sessionkit.spring.boot.it;

import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestDatabase;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of {@link NotesApp} on one real Redis and one real PostgreSQL (the tiered store:
 * Redis in front of PostgreSQL), configured by {@code sessionkit.*} properties only.
 */
final class TwoInstances implements AutoCloseable {

  private final RedisProcess redis;
  private final TestDatabase database;
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  TwoInstances() {
    redis = RedisProcess.startDefault();
    database = PostgresServer.shared().createDatabase();
    for (int i = 0; i < 2; i++) {
      apps.add(
          new SpringApplicationBuilder(NotesApp.class)
              .properties(
                  "server.port=0",
                  "server.address=127.0.0.1",
                  "sessionkit.store=tiered",
                  "sessionkit.redis-url=" + redis.url(),
                  "sessionkit.database-url=" + database.databaseUrl(),
                  // The local tier is on: each step goes to the other instance at once, faster than
                  // a
                  // change notice travels, and the session cookie's version keeps every read
                  // current.
                  "management.endpoints.web.exposure.include=health,sessions,prometheus",
                  "management.endpoint.health.show-details=always",
                  "spring.main.banner-mode=off")
              .run());
    }
  }

  int port(int instance) {
    return ((ServletWebServerApplicationContext) apps.get(instance)).getWebServer().getPort();
  }

  ConfigurableApplicationContext context(int instance) {
    return apps.get(instance);
  }

  @Override
  public void close() {
    apps.forEach(ConfigurableApplicationContext::close);
    database.close();
    redis.close();
  }
}
