package io.github.sessionkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.AttributeTypeNotAllowedException;
import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.servlet.SessionFilter;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;

/** What the auto-configuration builds from properties, and when it backs off. */
class SessionkitAutoConfigurationTest {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SessionkitAutoConfiguration.class, SessionkitSecurityAutoConfiguration.class))
          .withUserConfiguration(Application.class);

  /** Stands for the application: its package is the auto-configuration package. */
  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  @EnableConfigurationProperties(ServerProperties.class)
  static class Application {}

  /** A type of the application's package. */
  public record Basket(String owner) {}

  @Test
  void sessionkitPropertiesBuildTheManagerWhichClosesWithTheContext() {
    AtomicReference<SessionManager> built = new AtomicReference<>();
    runner
        .withPropertyValues(
            "sessionkit.idle-timeout=10m",
            "sessionkit.absolute-timeout=2h",
            "sessionkit.tenant=acme",
            "sessionkit.settings.session-touch-interval=30s")
        .run(
            context -> {
              SessionManager manager = context.getBean(SessionManager.class);
              built.set(manager);
              assertThat(manager.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
              assertThat(manager.absoluteTimeout()).isEqualTo(Duration.ofHours(2));
              assertThat(manager.tenant()).isEqualTo("acme");
              assertThat(manager.touchInterval()).isEqualTo(Duration.ofSeconds(30));
              assertThat(manager.store()).isInstanceOf(MemorySessionStore.class);
            });
    assertThatThrownBy(() -> built.get().create())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void bootsSessionTimeoutAndCookieSettingsApplyUnlessSessionkitSaysOtherwise() {
    runner
        .withPropertyValues(
            "server.servlet.session.timeout=5m",
            "server.servlet.session.cookie.name=SID",
            "server.servlet.session.cookie.same-site=strict",
            "server.servlet.session.cookie.secure=true")
        .run(
            context -> {
              assertThat(context.getBean(SessionManager.class).idleTimeout())
                  .isEqualTo(Duration.ofMinutes(5));
              SessionFilter filter =
                  filter(context.getBean("sessionkitFilter", FilterRegistrationBean.class));
              assertThat(filter.idResolver().toString())
                  .contains("name=SID", "secure=true", "sameSite=Strict");
            });
    runner
        .withPropertyValues("server.servlet.session.timeout=5m", "sessionkit.idle-timeout=7m")
        .run(
            context ->
                assertThat(context.getBean(SessionManager.class).idleTimeout())
                    .isEqualTo(Duration.ofMinutes(7)));
  }

  private static SessionFilter filter(FilterRegistrationBean<?> registration) {
    assertThat(registration.getOrder())
        .as("ahead of Spring Security's filter chain (-100)")
        .isLessThan(-100);
    assertThat(List.copyOf(registration.getUrlPatterns())).containsExactly("/*");
    return (SessionFilter) registration.getFilter();
  }

  @Test
  void attributesOfTheApplicationsPackageReadBackAndOthersAreRefused() {
    runner.run(
        context -> {
          SessionManager manager = context.getBean(SessionManager.class);
          Session session = manager.create();
          session.put("basket", new Basket("alice"));
          manager.save(session);
          assertThat(manager.find(session.id()).orElseThrow().get("basket", Object.class))
              .isEqualTo(new Basket("alice"));
          assertThatThrownBy(() -> session.put("other", new java.awt.Point(1, 2)))
              .isInstanceOf(AttributeTypeNotAllowedException.class)
              .hasMessageContaining("java.awt.Point");
        });
  }

  @Test
  void aWrongValueFailsTheStartNamingTheSetting() {
    runner
        .withPropertyValues("sessionkit.tenant=not a tenant")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasRootCauseInstanceOf(ConfigurationException.class)
                    .rootCause()
                    .hasMessageContaining("SESSION_TENANT")
                    .hasMessageContaining("not a tenant"));
  }

  @Test
  void itBacksOffForTheApplicationsOwnManagerAndWhenDisabled() {
    runner
        .withBean(
            "myManager",
            SessionManager.class,
            () -> SessionManager.builder().tenant("mine").build())
        .run(
            context ->
                assertThat(context.getBean(SessionManager.class).tenant()).isEqualTo("mine"));
    runner
        .withPropertyValues("sessionkit.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SessionManager.class);
              assertThat(context).doesNotHaveBean("sessionkitFilter");
            });
  }

  @Test
  void withSpringSecurityASessionRegistryOverTheStoreIsRegistered() {
    runner.run(
        context ->
            assertThat(
                    context.getBean(
                        org.springframework.security.core.session.SessionRegistry.class))
                .isInstanceOf(SessionkitSessionRegistry.class));
  }
}
