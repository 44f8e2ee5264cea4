package io.github.sessionkit.spring.boot;

import io.github.sessionkit.SessionManager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot Actuator: the {@code sessionkit} health indicator ({@code
 * management.health.sessionkit.enabled}) and the {@code sessions} endpoint.
 */
@AutoConfiguration(after = SessionkitAutoConfiguration.class)
@ConditionalOnClass({SessionManager.class, HealthIndicator.class})
@ConditionalOnBean(SessionManager.class)
public class SessionkitActuatorAutoConfiguration {

  @Bean
  @ConditionalOnEnabledHealthIndicator("sessionkit")
  @ConditionalOnMissingBean(name = "sessionkitHealthIndicator")
  HealthIndicator sessionkitHealthIndicator(SessionManager manager) {
    return new SessionkitHealthIndicator(manager);
  }

  @Bean
  @ConditionalOnAvailableEndpoint
  @ConditionalOnMissingBean
  SessionkitSessionsEndpoint sessionkitSessionsEndpoint(SessionManager manager) {
    return new SessionkitSessionsEndpoint(manager);
  }
}
