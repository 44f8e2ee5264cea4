package io.github.sessionkit.spring.boot;

import io.github.sessionkit.JsonCodecBuilder;
import io.github.sessionkit.ManagerSettings;
import io.github.sessionkit.SessionCodec;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.servlet.SessionFilter;
import io.github.sessionkit.servlet.SessionIdResolver;
import io.github.sessionkit.spi.Settings;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the {@link SessionManager} from {@code sessionkit.*} properties (over the environment
 * variables of the same meaning, and {@code server.servlet.session.timeout}), closes it at
 * shutdown, and in a servlet web application registers the {@link SessionFilter} ahead of Spring
 * Security's filters, its cookie configured by {@code server.servlet.session.cookie.*}.
 *
 * <p>Back off: a {@code SessionManager} bean of the application replaces the one built here, a
 * {@link SessionCodec} bean replaces the codec, a {@link SessionIdResolver} bean replaces the
 * cookie, and {@code sessionkit.enabled=false} turns everything off.
 */
@AutoConfiguration
@ConditionalOnClass(SessionManager.class)
@ConditionalOnProperty(prefix = "sessionkit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessionkitProperties.class)
public class SessionkitAutoConfiguration {

  /**
   * The filter's order: before Spring Security's filter chain ({@code
   * SecurityProperties.DEFAULT_FILTER_ORDER}, -100) and Spring's request-context filter, as Spring
   * Session's filter is.
   */
  public static final int FILTER_ORDER = Integer.MIN_VALUE + 50;

  /** The manager, built once and closed when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SessionManager sessionkitSessionManager(
      SessionkitProperties properties,
      ObjectProvider<ServerProperties> server,
      ObjectProvider<SessionCodec> codec,
      ObjectProvider<SessionCodecCustomizer> codecCustomizers,
      ObjectProvider<SessionManagerCustomizer> managerCustomizers,
      BeanFactory beanFactory) {
    Map<String, String> overrides = new LinkedHashMap<>();
    ServerProperties serverProperties = server.getIfAvailable();
    Duration bootTimeout =
        serverProperties == null ? null : serverProperties.getServlet().getSession().getTimeout();
    if (bootTimeout != null && !bootTimeout.isNegative() && !bootTimeout.isZero()) {
      overrides.put(ManagerSettings.IDLE_TIMEOUT.name(), bootTimeout.toString());
    }
    overrides.putAll(properties.toSettings());
    Settings settings = Settings.fromEnvironment().with(overrides);
    SessionManager.Builder builder =
        SessionManager.builder()
            .settings(settings)
            .codec(codec.getIfAvailable(() -> codec(settings, codecCustomizers, beanFactory)));
    managerCustomizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static SessionCodec codec(
      Settings settings,
      ObjectProvider<SessionCodecCustomizer> customizers,
      BeanFactory beanFactory) {
    JsonCodecBuilder builder = SessionCodec.jsonBuilder();
    List<String> packages = new ArrayList<>();
    ManagerSettings.ATTRIBUTE_PACKAGES
        .find(settings)
        .ifPresentOrElse(
            p -> packages.addAll(List.of(p.split("\\s*,\\s*"))),
            () -> {
              if (AutoConfigurationPackages.has(beanFactory)) {
                packages.addAll(AutoConfigurationPackages.get(beanFactory));
              }
            });
    builder.allowPackages(packages.toArray(String[]::new));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** The servlet filter, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(SessionFilter.class)
  static class FilterConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sessionkitFilter")
    FilterRegistrationBean<SessionFilter> sessionkitFilter(
        SessionManager manager,
        ObjectProvider<SessionIdResolver> resolver,
        ObjectProvider<ServerProperties> server) {
      SessionIdResolver ids =
          resolver.getIfAvailable(() -> BootCookies.resolver(server.getIfAvailable()));
      FilterRegistrationBean<SessionFilter> registration =
          new FilterRegistrationBean<>(SessionFilter.builder(manager).idResolver(ids).build());
      registration.setName("sessionkitFilter");
      registration.setOrder(FILTER_ORDER);
      registration.setAsyncSupported(true);
      registration.setDispatcherTypes(
          DispatcherType.REQUEST,
          DispatcherType.ASYNC,
          DispatcherType.ERROR,
          DispatcherType.FORWARD,
          DispatcherType.INCLUDE);
      registration.addUrlPatterns("/*");
      return registration;
    }
  }

  /**
   * Spring MVC flash attributes ({@code RedirectAttributes.addFlashAttribute}) survive the codec.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.FlashMap")
  static class FlashMapConfiguration {

    @Bean
    SessionCodecCustomizer sessionkitFlashMapCodec() {
      return builder ->
          builder
              .module(new FlashMapModule())
              .allowMappedTypesIn("org.springframework.web.servlet");
    }
  }
}
