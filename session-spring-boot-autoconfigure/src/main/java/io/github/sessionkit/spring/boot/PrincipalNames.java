package io.github.sessionkit.spring.boot;

import java.security.Principal;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The name sessionkit files a Spring Security principal under: what {@code
 * Authentication.getName()} gives.
 */
final class PrincipalNames {

  private PrincipalNames() {}

  static String of(Object principal) {
    if (principal instanceof Authentication authentication) {
      return authentication.getName();
    }
    if (principal instanceof UserDetails user) {
      return user.getUsername();
    }
    if (principal instanceof AuthenticatedPrincipal authenticated) {
      return authenticated.getName();
    }
    if (principal instanceof Principal named) {
      return named.getName();
    }
    return principal.toString();
  }
}
