package io.github.sessionkit.servlet;

import io.github.sessionkit.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpSession} view of one request's {@link Session}. Values set in this request are
 * returned as the same objects; values loaded from the store are decoded to JSON-generic Java
 * values (Map, List, String, Number, Boolean). Guarded by the request state's lock.
 */
final class StoreHttpSession implements HttpSession {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final RequestSessionState state;
  private final Session session;
  private final boolean isNew;
  private final ServletContext servletContext;
  /** Objects given to setAttribute in this request, returned as themselves. */
  private final Map<String, Object> setHere = new HashMap<>();

  StoreHttpSession(RequestSessionState state, Session session, boolean isNew, ServletContext servletContext) {
    this.state = state;
    this.session = session;
    this.isNew = isNew;
    this.servletContext = servletContext;
  }

  Session session() {
    return session;
  }

  @Override
  public long getCreationTime() {
    synchronized (state) {
      checkValid("getCreationTime");
      return session.createdAt().toEpochMilli();
    }
  }

  @Override
  public String getId() {
    synchronized (state) {
      return session.id();
    }
  }

  /** The time of this request's access: the store keeps the access time only lazily. */
  @Override
  public long getLastAccessedTime() {
    synchronized (state) {
      checkValid("getLastAccessedTime");
      return session.lastAccessedAt().toEpochMilli();
    }
  }

  @Override
  public ServletContext getServletContext() {
    return servletContext;
  }

  /**
   * Sets this session's idle timeout. Zero or less means no idle timeout; the manager's
   * absolute timeout still ends the session.
   */
  @Override
  public void setMaxInactiveInterval(int interval) {
    synchronized (state) {
      checkValid("setMaxInactiveInterval");
      session.setIdleTimeout(interval > 0 ? Duration.ofSeconds(interval) : state.manager().absoluteTimeout());
    }
  }

  @Override
  public int getMaxInactiveInterval() {
    synchronized (state) {
      return (int) Math.min(Integer.MAX_VALUE, session.idleTimeout().toSeconds());
    }
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    synchronized (state) {
      checkValid("getAttribute");
      return value(name);
    }
  }

  private @Nullable Object value(String name) {
    Object local = setHere.get(name);
    if (local != null) {
      if (session.contains(name)) {
        return local;
      }
      // Removed through the typed Session meanwhile.
      setHere.remove(name);
    }
    return session.get(name, Object.class);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    synchronized (state) {
      checkValid("getAttributeNames");
      return Collections.enumeration(List.copyOf(session.attributeNames()));
    }
  }

  /**
   * Encodes and sets the value; a null value removes the attribute.
   *
   * @throws io.github.sessionkit.AttributeSerializationException if the value cannot be encoded;
   *     the session is left unchanged and no listener is called
   * @throws io.github.sessionkit.SizeLimitExceededException if the value is too large
   */
  @Override
  public void setAttribute(String name, @Nullable Object value) {
    if (value == null) {
      removeAttribute(name);
      return;
    }
    synchronized (state) {
      checkValid("setAttribute");
      boolean existed = session.contains(name);
      Object old = existed && needsOldValue(name) ? value(name) : null;
      session.put(name, value);
      setHere.put(name, value);
      if (value != old && value instanceof HttpSessionBindingListener bound) {
        notify(bound, HttpSessionBindingListener::valueBound, event(name, value));
      }
      if (old != value && old instanceof HttpSessionBindingListener unbound) {
        notify(unbound, HttpSessionBindingListener::valueUnbound, event(name, old));
      }
      for (HttpSessionAttributeListener listener : state.attributeListeners()) {
        if (existed) {
          notify(listener, HttpSessionAttributeListener::attributeReplaced, event(name, old));
        } else {
          notify(listener, HttpSessionAttributeListener::attributeAdded, event(name, value));
        }
      }
    }
  }

  private boolean needsOldValue(String name) {
    return !state.attributeListeners().isEmpty() || setHere.get(name) instanceof HttpSessionBindingListener;
  }

  @Override
  public void removeAttribute(String name) {
    synchronized (state) {
      checkValid("removeAttribute");
      if (!session.contains(name)) {
        setHere.remove(name);
        return;
      }
      Object old = needsOldValue(name) ? value(name) : null;
      session.remove(name);
      setHere.remove(name);
      if (old instanceof HttpSessionBindingListener unbound) {
        notify(unbound, HttpSessionBindingListener::valueUnbound, event(name, old));
      }
      for (HttpSessionAttributeListener listener : state.attributeListeners()) {
        notify(listener, HttpSessionAttributeListener::attributeRemoved, event(name, old));
      }
    }
  }

  /**
   * Invalidates the session on every node through the manager, then unbinds its attributes
   * (binding and attribute listeners are told), and expires the client's cookie or token.
   */
  @Override
  public void invalidate() {
    synchronized (state) {
      checkValid("invalidate");
      Map<String, @Nullable Object> values = new LinkedHashMap<>();
      for (String name : session.attributeNames()) {
        values.put(name, needsOldValue(name) ? value(name) : null);
      }
      state.invalidate(session);
      setHere.clear();
      values.forEach((name, old) -> {
        if (old instanceof HttpSessionBindingListener unbound) {
          notify(unbound, HttpSessionBindingListener::valueUnbound, event(name, old));
        }
        for (HttpSessionAttributeListener listener : state.attributeListeners()) {
          notify(listener, HttpSessionAttributeListener::attributeRemoved, event(name, old));
        }
      });
    }
  }

  /** Whether the client does not know this session yet: it was created in this request. */
  @Override
  public boolean isNew() {
    synchronized (state) {
      checkValid("isNew");
      return isNew;
    }
  }

  private HttpSessionBindingEvent event(String name, @Nullable Object value) {
    return new HttpSessionBindingEvent(this, name, value);
  }

  private static <L> void notify(L listener, BiConsumer<L, HttpSessionBindingEvent> method, HttpSessionBindingEvent event) {
    try {
      method.accept(listener, event);
    } catch (RuntimeException e) {
      // A listener's failure must not break the session operation that fired it.
      log.warn("session listener {} failed for attribute '{}'; the session operation was not affected",
          listener.getClass().getName(), event.getName(), e);
    }
  }

  private void checkValid(String method) {
    if (!state.isCurrent(session)) {
      throw new IllegalStateException(method + ": the session was invalidated");
    }
  }

  @Override
  public String toString() {
    return "StoreHttpSession{" + session + "}";
  }
}
