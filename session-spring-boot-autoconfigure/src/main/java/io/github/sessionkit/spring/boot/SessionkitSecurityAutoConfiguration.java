package io.github.sessionkit.spring.boot;

import io.github.sessionkit.SessionManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.jackson2.SecurityJackson2Modules;

/**
 * With Spring Security on the class path: its Jackson modules in the attribute codec (so the {@code
 * SecurityContext}, {@code CsrfToken} and saved request read back as themselves), a {@link
 * SessionRegistry} over the store, and the logged-in user's name on the session (for {@link
 * SessionManager#sessionsOf} and the {@code sessions} endpoint).
 */
@AutoConfiguration(after = SessionkitAutoConfiguration.class)
@ConditionalOnClass({SessionManager.class, SecurityJackson2Modules.class})
@ConditionalOnBean(SessionManager.class)
public class SessionkitSecurityAutoConfiguration {

  /** Spring Security's own Jackson modules, and the types they map. */
  @Bean
  SessionCodecCustomizer sessionkitSecurityCodec() {
    return builder -> {
      SecurityJackson2Modules.getModules(SessionkitSecurityAutoConfiguration.class.getClassLoader())
          .forEach(builder::module);
      builder.allowMappedTypesIn("org.springframework.security");
      // A plain bean Spring Security's own allow-list admits without a mix-in.
      builder.allowTypes(SecurityContextImpl.class);
    };
  }

  /** The registry {@code maximumSessions(n)} uses. */
  @Bean
  @ConditionalOnMissingBean(SessionRegistry.class)
  SessionRegistry sessionkitSessionRegistry(SessionManager manager) {
    return new SessionkitSessionRegistry(manager);
  }

  /** Files each interactive login's session under the user's name. */
  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  ApplicationListener<InteractiveAuthenticationSuccessEvent> sessionkitPrincipalBinding() {
    return event ->
        CurrentSession.get().ifPresent(s -> s.setPrincipal(event.getAuthentication().getName()));
  }
}
