package io.github.sessionkit.spring.boot;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.micrometer.SessionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer and {@code sessionkit-micrometer}: every store call timed ({@code
 * sessionkit.store.calls}, {@code sessionkit.store.errors}) and the manager's meters bound ({@link
 * SessionMetrics}), in the application's {@link MeterRegistry}.
 */
@AutoConfiguration(
    before = SessionkitAutoConfiguration.class,
    afterName =
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({SessionManager.class, SessionMetrics.class, MeterRegistry.class})
public class SessionkitMetricsAutoConfiguration {

  @Bean
  SessionManagerCustomizer sessionkitStoreMetrics(ObjectProvider<MeterRegistry> registry) {
    return builder ->
        registry.ifUnique(r -> builder.decorateStore(store -> SessionMetrics.meterStore(store, r)));
  }

  @Bean
  SmartInitializingSingleton sessionkitMetricsBinding(
      ObjectProvider<SessionManager> manager, ObjectProvider<MeterRegistry> registry) {
    return () -> manager.ifUnique(m -> registry.ifUnique(r -> SessionMetrics.bind(m, r)));
  }
}
