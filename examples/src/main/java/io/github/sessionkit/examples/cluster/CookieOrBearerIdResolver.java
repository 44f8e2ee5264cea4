package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.servlet.CookieSessionIdResolver;
import io.github.sessionkit.servlet.HeaderSessionIdResolver;
import io.github.sessionkit.servlet.SessionIdResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The demo's session ids: the {@code SESSION} cookie for browsers, and on the JSON API ({@value
 * #API_PREFIX}) also {@code Authorization: Bearer <id>} for API clients. A request that presents a
 * bearer token is served by it; any other by its cookie. On the API a new or rotated id goes out
 * both ways (the cookie, and the {@code X-Auth-Token} response header of sessionkit's bearer
 * resolver), so one login serves a browser-like client and an API client alike; the pages and the
 * admin page never see the token header. Immutable and thread-safe.
 */
final class CookieOrBearerIdResolver implements SessionIdResolver {

  /** The path prefix of the JSON API ({@link ApiServlet}). */
  static final String API_PREFIX = "/api/";

  private final CookieSessionIdResolver cookie = CookieSessionIdResolver.defaults();
  private final HeaderSessionIdResolver bearer = HeaderSessionIdResolver.bearer().build();

  @Override
  public @Nullable String readId(HttpServletRequest request) {
    String token = bearer.readId(request);
    return token != null ? token : cookie.readId(request);
  }

  @Override
  public void writeId(HttpServletRequest request, HttpServletResponse response, String id) {
    cookie.writeId(request, response, id);
    if (isApi(request)) {
      bearer.writeId(request, response, id);
    }
  }

  @Override
  public void expireId(HttpServletRequest request, HttpServletResponse response) {
    cookie.expireId(request, response);
    if (isApi(request)) {
      bearer.expireId(request, response);
    }
  }

  private static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(API_PREFIX);
  }
}
