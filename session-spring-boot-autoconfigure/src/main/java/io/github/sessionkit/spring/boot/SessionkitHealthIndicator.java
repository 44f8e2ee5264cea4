package io.github.sessionkit.spring.boot;

import io.github.sessionkit.Health;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.StoreHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;

/**
 * Actuator health from {@link SessionManager#health()}: UP when the store (for a tiered store, its
 * record of truth) answers, with which tier serves and each store's details, never secrets.
 */
final class SessionkitHealthIndicator extends AbstractHealthIndicator {

  private final SessionManager manager;

  SessionkitHealthIndicator(SessionManager manager) {
    super("sessionkit health check failed");
    this.manager = manager;
  }

  @Override
  protected void doHealthCheck(org.springframework.boot.actuate.health.Health.Builder builder) {
    Health health = manager.health();
    builder
        .status(health.up() ? "UP" : "DOWN")
        .withDetail("store", health.store())
        .withDetail("serving", health.serving());
    Map<String, Object> stores = new LinkedHashMap<>();
    for (StoreHealth store : health.stores()) {
      Map<String, Object> details = new LinkedHashMap<>(store.details());
      details.put("available", store.available());
      if (store.error() != null) {
        details.put("error", store.error());
      }
      stores.put(store.store(), details);
    }
    builder.withDetail("stores", stores);
  }
}
