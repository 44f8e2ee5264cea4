package io.github.sessionkit.spring.boot;

import io.github.sessionkit.ConfigurationException;
import io.github.sessionkit.servlet.CookieSessionIdResolver;
import io.github.sessionkit.servlet.SessionIdResolver;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.server.Cookie;

/** The session cookie as Boot's {@code server.servlet.session.cookie.*} describes it. */
final class BootCookies {

  private BootCookies() {}

  static SessionIdResolver resolver(@Nullable ServerProperties server) {
    CookieSessionIdResolver.Builder builder = CookieSessionIdResolver.builder();
    if (server == null) {
      return builder.build();
    }
    Cookie cookie = server.getServlet().getSession().getCookie();
    if (cookie.getName() != null) {
      builder.name(cookie.getName());
    }
    if (cookie.getPath() != null) {
      builder.path(cookie.getPath());
    }
    if (cookie.getDomain() != null) {
      builder.domain(cookie.getDomain());
    }
    if (cookie.getHttpOnly() != null) {
      builder.httpOnly(cookie.getHttpOnly());
    }
    if (cookie.getSecure() != null) {
      builder.secure(cookie.getSecure());
    }
    Duration maxAge = cookie.getMaxAge();
    if (maxAge != null && !maxAge.isNegative() && !maxAge.isZero()) {
      builder.maxAge(maxAge);
    }
    if (cookie.getSameSite() != null) {
      builder.sameSite(
          switch (cookie.getSameSite()) {
            case NONE -> CookieSessionIdResolver.SameSite.NONE;
            case LAX -> CookieSessionIdResolver.SameSite.LAX;
            case STRICT -> CookieSessionIdResolver.SameSite.STRICT;
            default ->
                throw ConfigurationException.invalid(
                    "server.servlet.session.cookie.same-site",
                    cookie.getSameSite().name().toLowerCase(java.util.Locale.ROOT),
                    "strict, lax or none: sessionkit always sends SameSite");
          });
    }
    return builder.build();
  }
}
