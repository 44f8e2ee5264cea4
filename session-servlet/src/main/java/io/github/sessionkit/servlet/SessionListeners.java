package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session listeners of one filter: those given to its builder and those registered with the
 * container. Calls each in registration order; a listener that throws is logged and the next one
 * still runs. Immutable and thread-safe.
 */
final class SessionListeners {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  static final SessionListeners NONE = new SessionListeners(List.of());

  private final List<HttpSessionListener> lifecycle = new ArrayList<>();
  private final List<HttpSessionIdListener> ids = new ArrayList<>();
  private final List<HttpSessionAttributeListener> attributes = new ArrayList<>();

  /**
   * Sorts the listeners by kind; one object may be of several kinds, and other kinds are ignored.
   */
  SessionListeners(List<? extends EventListener> listeners) {
    for (EventListener listener : listeners) {
      if (listener instanceof HttpSessionListener l && !lifecycle.contains(l)) {
        lifecycle.add(l);
      }
      if (listener instanceof HttpSessionIdListener l && !ids.contains(l)) {
        ids.add(l);
      }
      if (listener instanceof HttpSessionAttributeListener l && !attributes.contains(l)) {
        attributes.add(l);
      }
    }
  }

  /** Whether {@code listener} is of a kind this class dispatches to. */
  static boolean isSessionListener(EventListener listener) {
    return listener instanceof HttpSessionListener
        || listener instanceof HttpSessionIdListener
        || listener instanceof HttpSessionAttributeListener;
  }

  boolean hasAttributeListeners() {
    return !attributes.isEmpty();
  }

  int size() {
    return lifecycle.size() + ids.size() + attributes.size();
  }

  void created(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    lifecycle.forEach(l -> call(l, "sessionCreated", () -> l.sessionCreated(event)));
  }

  /** In reverse order of registration, as the Servlet spec asks for destruction. */
  void destroyed(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    for (int i = lifecycle.size() - 1; i >= 0; i--) {
      HttpSessionListener l = lifecycle.get(i);
      call(l, "sessionDestroyed", () -> l.sessionDestroyed(event));
    }
  }

  void idChanged(HttpSession session, String oldId) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    ids.forEach(l -> call(l, "sessionIdChanged", () -> l.sessionIdChanged(event, oldId)));
  }

  void attribute(
      BiConsumer<HttpSessionAttributeListener, HttpSessionBindingEvent> method,
      HttpSessionBindingEvent event) {
    attributes.forEach(l -> call(l, "attribute " + event.getName(), () -> method.accept(l, event)));
  }

  /** Runs one listener call; its failure must not break the session operation that fired it. */
  static void call(Object listener, String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn(
          "session listener {} failed on {}; the session operation was not affected",
          listener.getClass().getName(),
          what,
          e);
    }
  }
}
