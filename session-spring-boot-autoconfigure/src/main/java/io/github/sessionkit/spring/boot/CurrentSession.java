package io.github.sessionkit.spring.boot;

import io.github.sessionkit.Session;
import io.github.sessionkit.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The sessionkit session of the request the current thread serves, if it passed the filter. */
final class CurrentSession {

  private CurrentSession() {}

  static Optional<Session> get() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (!(attributes instanceof ServletRequestAttributes servlet)) {
      return Optional.empty();
    }
    HttpServletRequest request = servlet.getRequest();
    try {
      return SessionFilter.currentSession(request);
    } catch (IllegalStateException notFiltered) {
      return Optional.empty();
    }
  }

  /** The current request's session if its id is {@code id}. */
  static Optional<Session> withId(String id) {
    return get().filter(s -> !s.isInvalidated() && s.id().equals(id));
  }
}
