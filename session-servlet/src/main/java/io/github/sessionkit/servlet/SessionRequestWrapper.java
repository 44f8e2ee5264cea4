package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The request the application sees: its session methods are backed by the {@link
 * RequestSessionState}.
 */
final class SessionRequestWrapper extends HttpServletRequestWrapper {

  private final RequestSessionState state;

  SessionRequestWrapper(HttpServletRequest request, RequestSessionState state) {
    super(request);
    this.state = state;
  }

  @Override
  public @Nullable HttpSession getSession(boolean create) {
    return state.httpSession(create);
  }

  @Override
  public HttpSession getSession() {
    HttpSession session = state.httpSession(true);
    if (session == null) {
      throw new IllegalStateException("no session could be created");
    }
    return session;
  }

  @Override
  public String changeSessionId() {
    return state.changeId();
  }

  @Override
  public @Nullable String getRequestedSessionId() {
    return state.requestedId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return state.isRequestedIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return state.resolver() instanceof CookieSessionIdResolver && state.requestedId() != null;
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }
}
