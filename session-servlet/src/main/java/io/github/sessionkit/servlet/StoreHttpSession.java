package io.github.sessionkit.servlet;

import io.github.sessionkit.AttributeDecodingException;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link HttpSession} view of one request's {@link Session}. Values set in this request are
 * returned as the same objects; values loaded from the store are decoded by the manager's codec to
 * the class that was stored (or, for values stored before typed attributes, to JSON-generic Java
 * values). Guarded by the request state's lock.
 */
final class StoreHttpSession implements HttpSession {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final RequestSessionState state;
  private final Session session;
  private final boolean isNew;
  private final ServletContext servletContext;

  /** Objects given to setAttribute in this request, returned as themselves. */
  private final Map<String, Object> setHere = new HashMap<>();

  private boolean invalidating;

  StoreHttpSession(
      RequestSessionState state, Session session, boolean isNew, ServletContext servletContext) {
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

  /**
   * The time of the previous request, as the Servlet spec says: the last access the store knew of,
   * which lags the real one by up to the manager's touch interval. For a session created in this
   * request, its creation time.
   */
  @Override
  public long getLastAccessedTime() {
    synchronized (state) {
      checkValid("getLastAccessedTime");
      return session.previousAccessedAt().toEpochMilli();
    }
  }

  @Override
  public ServletContext getServletContext() {
    return servletContext;
  }

  /**
   * Sets this session's idle timeout. Zero or less means it never times out for inactivity, as the
   * Servlet spec says; the manager's absolute timeout still ends it (a deliberate difference: no
   * session lives forever). Ignored on an invalidated session.
   */
  @Override
  public void setMaxInactiveInterval(int interval) {
    synchronized (state) {
      if (!state.isCurrent(session)) {
        return;
      }
      session.setIdleTimeout(interval > 0 ? Duration.ofSeconds(interval) : absoluteWindow());
    }
  }

  /**
   * The idle timeout in seconds, or -1 when it can never end the session before its absolute
   * expiry.
   */
  @Override
  public int getMaxInactiveInterval() {
    synchronized (state) {
      Duration idle = session.idleTimeout();
      if (idle.compareTo(absoluteWindow()) >= 0) {
        return -1;
      }
      return (int) Math.min(Integer.MAX_VALUE, idle.toSeconds());
    }
  }

  private Duration absoluteWindow() {
    return Duration.between(session.createdAt(), session.absoluteExpiresAt());
  }

  /**
   * The value: the object set in this request, else the stored value decoded to its class. A stored
   * value that no longer decodes (its class changed or left the allow-list) is logged and reads as
   * absent; {@link Session#get} reports it as an exception.
   */
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
    try {
      return session.get(name, Object.class);
    } catch (AttributeDecodingException e) {
      // A value whose class changed or left the allow-list since it was stored would otherwise
      // fail every request of this session until it expires: it reads as absent instead, so the
      // application sets it again (a login, a new cart).
      log.warn(
          "session {}: attribute '{}' no longer decodes and reads as absent: {}",
          session.handle(),
          name,
          e.getMessage());
      return null;
    }
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    synchronized (state) {
      checkValid("getAttributeNames");
      return Collections.enumeration(List.copyOf(session.attributeNames()));
    }
  }

  /**
   * Encodes and sets the value; a null value removes the attribute. The new value is told it is
   * bound, then the replaced one that it is unbound, then the attribute listeners.
   *
   * @throws io.github.sessionkit.AttributeSerializationException if the value cannot be stored; the
   *     session is left unchanged and no listener is called
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
      Object old = existed ? value(name) : null;
      session.put(name, value);
      setHere.put(name, value);
      if (value != old && value instanceof HttpSessionBindingListener bound) {
        SessionListeners.call(
            bound, "valueBound " + name, () -> bound.valueBound(event(name, value)));
      }
      if (old != value && old instanceof HttpSessionBindingListener unbound) {
        SessionListeners.call(
            unbound, "valueUnbound " + name, () -> unbound.valueUnbound(event(name, old)));
      }
      if (existed) {
        state
            .listeners()
            .attribute(HttpSessionAttributeListener::attributeReplaced, event(name, old));
      } else {
        state
            .listeners()
            .attribute(HttpSessionAttributeListener::attributeAdded, event(name, value));
      }
    }
  }

  @Override
  public void removeAttribute(String name) {
    synchronized (state) {
      checkValid("removeAttribute");
      if (!session.contains(name)) {
        setHere.remove(name);
        return;
      }
      Object old = value(name);
      session.remove(name);
      setHere.remove(name);
      unbound(name, old);
    }
  }

  private void unbound(String name, @Nullable Object old) {
    if (old instanceof HttpSessionBindingListener unbound) {
      SessionListeners.call(
          unbound, "valueUnbound " + name, () -> unbound.valueUnbound(event(name, old)));
    }
    state.listeners().attribute(HttpSessionAttributeListener::attributeRemoved, event(name, old));
  }

  /**
   * Tells the session listeners the session is about to end (its attributes still readable),
   * invalidates it on every node through the manager, then unbinds its attributes (binding and
   * attribute listeners are told) and expires the client's cookie or token.
   */
  @Override
  public void invalidate() {
    synchronized (state) {
      checkValid("invalidate");
      if (invalidating) {
        return; // a session listener called invalidate() again
      }
      invalidating = true;
      state.listeners().destroyed(this);
      Map<String, @Nullable Object> values = new LinkedHashMap<>();
      for (String name : session.attributeNames()) {
        values.put(name, value(name));
      }
      state.invalidate(session);
      setHere.clear();
      values.forEach(this::unbound);
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
