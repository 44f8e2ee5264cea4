package io.github.sessionkit.servlet;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionException;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.StoreUnavailableException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSessionAttributeListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that backs {@code HttpSession} with a {@link SessionManager}: add it in front of
 * the application and every node sharing the manager's store shares the sessions.
 *
 * <pre>{@code
 * SessionManager sessions = SessionManager.fromEnvironment();
 * SessionFilter filter = SessionFilter.builder(sessions)
 *     .idResolver(CookieSessionIdResolver.builder().secure(true).build())   // the default is CookieSessionIdResolver.defaults()
 *     .build();
 * servletContext.addFilter("sessionkit", filter)
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p><b>What the application sees.</b> {@code request.getSession()}, {@code getSession(false)},
 * {@code changeSessionId()}, {@code getRequestedSessionId()}, {@code isRequestedSessionIdValid()}
 * and the {@code HttpSession} methods work on the session in the store; the container's own
 * sessions are not used. The session is looked up only when the application first asks for it. A
 * malformed, forged, unknown or expired id is a request without a session: it gets a new anonymous
 * one when it asks, never an error. {@code changeSessionId()} rotates the id through the manager
 * (the old id dies on every node) and sends the new one; {@code invalidate()} removes the session
 * from the store and expires the cookie (or sends an empty token header).
 *
 * <p><b>Attribute values.</b> {@code HttpSession.getAttribute} returns a value set in this request
 * as the very object given to {@code setAttribute}; a value loaded from the store is an instance of
 * the class that was stored, decoded by the manager's codec (JDK value and collection types, the
 * packages named by {@code SESSION_ATTRIBUTE_PACKAGES}, and the types of registered codec modules).
 * Changing a returned object changes nothing stored: call {@code setAttribute} again. {@code
 * setAttribute} encodes at once, so a value the codec cannot store throws {@link
 * io.github.sessionkit.AttributeSerializationException} there. The sessionkit {@link Session}
 * behind {@code request.getSession()} is {@link #currentSession(HttpServletRequest)} or {@link
 * #getOrCreateSession(HttpServletRequest)}. Within one request, change a given attribute through
 * one of the two APIs only.
 *
 * <p><b>Listeners.</b> {@code HttpSessionListener}, {@code HttpSessionIdListener} and {@link
 * HttpSessionAttributeListener}s given to {@link Builder#listener} or registered with the container
 * (found on Jetty 12 and Tomcat 10.1+) are told of sessions created, ids changed, attributes added,
 * replaced and removed, and sessions invalidated through {@code HttpSession} on this node;
 * attribute values that implement {@code HttpSessionBindingListener} are told when bound and
 * unbound. Expiry in the store and logouts on other nodes are reported by the manager's {@link
 * io.github.sessionkit.SessionListener}, not by {@code sessionDestroyed}. A listener that throws is
 * logged and ignored.
 *
 * <p><b>When the session is saved.</b> Once, with only what changed (the manager writes deltas),
 * before the response can be committed: at the first write to the body, at {@code flush}/{@code
 * flushBuffer}, {@code sendRedirect} or {@code sendError}, or when the request ends, whichever
 * comes first; a change made after writing started is saved before the next write or at the end. A
 * request that changes nothing writes nothing to the store and sends no cookie. A save that loses
 * to a concurrent logout is dropped (logout wins) and the request goes on. An asynchronous request
 * is saved when it completes or is dispatched back; start it with {@code
 * request.startAsync(request, response)} so that {@code AsyncContext.getRequest()} and {@code
 * getResponse()} are the filter's objects, and map the filter for {@code DispatcherType.ASYNC} too.
 * When two {@code SessionFilter}s match one request, the first one serves it.
 *
 * <p><b>Failures.</b> A {@link SessionException} that escapes the application (for example {@link
 * StoreUnavailableException} while looking up the session, or an {@code
 * AttributeSerializationException} the application did not catch) is logged with its stack trace on
 * the server, and the client gets a bare {@code sendError}: 503 for an unreachable store, 500
 * otherwise, so the container's (or the application's) error page answers and no exception detail
 * reaches the client. If the response is already committed, the exception is rethrown to the
 * container. Other exceptions pass through untouched. A resolver that {@link
 * SessionIdResolver#isSessionRequired() requires a session} makes the filter answer 401 to requests
 * without a live one, before the application runs.
 *
 * <p>Thread-safe; one instance may serve any number of requests. {@link #destroy()} does not close
 * the manager, which the application owns.
 */
public final class SessionFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final SessionManager manager;
  private final SessionIdResolver resolver;
  private final List<EventListener> ownListeners;
  private final boolean containerListeners;
  private volatile @Nullable SessionListeners listeners;

  private SessionFilter(Builder b) {
    this.manager = b.manager;
    this.resolver = b.resolver;
    this.ownListeners = List.copyOf(b.listeners);
    this.containerListeners = b.containerListeners;
  }

  /** Collects the session listeners: the builder's, then the container's. */
  @Override
  public void init(FilterConfig config) {
    listeners(config.getServletContext());
  }

  private SessionListeners listeners(ServletContext context) {
    SessionListeners l = listeners;
    if (l == null) {
      List<EventListener> all = new ArrayList<>(ownListeners);
      if (containerListeners) {
        all.addAll(ContainerListeners.of(context));
      }
      l = new SessionListeners(all);
      listeners = l;
    }
    return l;
  }

  /** Starts configuring a filter for sessions of {@code manager}. */
  public static Builder builder(SessionManager manager) {
    return new Builder(manager);
  }

  /**
   * The sessionkit session of a request that passed through a {@code SessionFilter}: the one its id
   * names, or the one created earlier in the request; empty if it has none. Never creates one. The
   * returned session is the one behind {@code request.getSession()}: changes made to it are saved
   * by the filter. Use it on the request's thread.
   *
   * @throws IllegalStateException if the request did not pass through a {@code SessionFilter}
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public static Optional<Session> currentSession(HttpServletRequest request) {
    return Optional.ofNullable(state(request).current(false));
  }

  /**
   * Like {@link #currentSession}, but creates a new anonymous session if the request has none, as
   * {@code request.getSession()} does.
   *
   * @throws IllegalStateException if the request did not pass through a {@code SessionFilter}, or a
   *     session must be created and the response is already committed
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public static Session getOrCreateSession(HttpServletRequest request) {
    return Objects.requireNonNull(state(request).current(true));
  }

  private static RequestSessionState state(ServletRequest request) {
    Object state = request.getAttribute(RequestSessionState.ATTRIBUTE);
    if (state instanceof RequestSessionState s) {
      return s;
    }
    throw new IllegalStateException(
        "this request did not pass through a SessionFilter: map the filter to its URL, "
            + "ahead of every filter and servlet that uses sessions");
  }

  /** The manager this filter keeps sessions in. */
  public SessionManager manager() {
    return manager;
  }

  /** Where this filter reads and writes session ids. */
  public SessionIdResolver idResolver() {
    return resolver;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest httpRequest)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    RequestSessionState state;
    if (request.getAttribute(RequestSessionState.ATTRIBUTE)
        instanceof RequestSessionState existing) {
      // A forward, include, error or async dispatch of a request this filter (or another
      // SessionFilter) already handles: it keeps its state, and its first dispatch saves.
      state = existing;
      if (request.getDispatcherType() != DispatcherType.ASYNC) {
        passOn(request, response, chain, state);
        return;
      }
    } else {
      state =
          new RequestSessionState(
              manager, resolver, listeners(request.getServletContext()), httpRequest, httpResponse);
      request.setAttribute(RequestSessionState.ATTRIBUTE, state);
    }
    try {
      if (resolver.isSessionRequired()
          && request.getDispatcherType() != DispatcherType.ASYNC
          && state.current(false) == null) {
        resolver.rejectUnauthenticated(httpRequest, httpResponse, state.requestedId() != null);
        return;
      }
      passOn(request, response, chain, state);
      if (request.isAsyncStarted()) {
        if (request.getDispatcherType() != DispatcherType.ASYNC) {
          request.getAsyncContext().addListener(new SaveOnAsyncComplete(state));
        }
      } else {
        state.beforeCommit();
      }
    } catch (IOException | ServletException | RuntimeException | Error e) {
      SessionException failure = sessionFailure(e);
      if (!(failure instanceof StoreUnavailableException)) {
        // Keep what the application changed before it failed, as a container session would.
        state.beforeCommitQuietly();
      }
      if (failure == null || httpResponse.isCommitted()) {
        throw e;
      }
      if (failure instanceof StoreUnavailableException) {
        log.warn(
            "{} {}: the session store is unreachable; the client gets a bare 503",
            httpRequest.getMethod(),
            httpRequest.getRequestURI(),
            e);
        httpResponse.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      } else {
        log.error(
            "{} {} failed with a sessionkit exception; the client gets a bare 500",
            httpRequest.getMethod(),
            httpRequest.getRequestURI(),
            e);
        httpResponse.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      }
    }
  }

  /**
   * Runs the rest of the chain with the session-backed request and response, wrapping them once.
   */
  private static void passOn(
      ServletRequest request,
      ServletResponse response,
      FilterChain chain,
      RequestSessionState state)
      throws IOException, ServletException {
    if (isWrapped(request)) {
      chain.doFilter(request, response);
    } else {
      chain.doFilter(
          new SessionRequestWrapper((HttpServletRequest) request, state),
          new SessionResponseWrapper((HttpServletResponse) response, state));
    }
  }

  private static boolean isWrapped(ServletRequest request) {
    return request instanceof SessionRequestWrapper
        || (request instanceof ServletRequestWrapper wrapper
            && wrapper.isWrapperFor(SessionRequestWrapper.class));
  }

  /**
   * The sessionkit exception behind a failure (itself or a cause, as containers wrap them), or
   * null.
   */
  private static @Nullable SessionException sessionFailure(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (t instanceof SessionException e) {
        return e;
      }
      t = t.getCause();
    }
    return null;
  }

  @Override
  public String toString() {
    SessionListeners l = listeners;
    return "SessionFilter{manager="
        + manager
        + ", idResolver="
        + resolver
        + ", listeners="
        + (l == null ? ownListeners.size() + " (container's not yet listed)" : l.size())
        + "}";
  }

  /** Saves an asynchronous request's session when it completes (or times out or fails). */
  private static final class SaveOnAsyncComplete implements AsyncListener {
    private final RequestSessionState state;

    SaveOnAsyncComplete(RequestSessionState state) {
      this.state = state;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      state.beforeCommitQuietly();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onError(AsyncEvent event) {
      // onComplete follows.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // A new asynchronous cycle drops the listeners of the last one unless they re-register.
      event.getAsyncContext().addListener(this);
    }
  }

  /** Configures a {@link SessionFilter}. Not thread-safe. */
  public static final class Builder {
    private final SessionManager manager;
    private SessionIdResolver resolver = CookieSessionIdResolver.defaults();
    private final List<EventListener> listeners = new ArrayList<>();
    private boolean containerListeners = true;

    private Builder(SessionManager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** Where session ids travel. Default {@link CookieSessionIdResolver#defaults()}. */
    public Builder idResolver(SessionIdResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Adds a listener told of attribute changes made through {@code HttpSession}. */
    public Builder attributeListener(HttpSessionAttributeListener listener) {
      return listener(listener);
    }

    /**
     * Adds a session listener: an {@link jakarta.servlet.http.HttpSessionListener}, {@link
     * jakarta.servlet.http.HttpSessionIdListener} or {@link HttpSessionAttributeListener} (or an
     * object that is several of them). Listeners registered with the container are added too,
     * unless {@link #containerListeners(boolean)} turns that off.
     *
     * @throws IllegalArgumentException if {@code listener} is none of those kinds
     */
    public Builder listener(EventListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (!SessionListeners.isSessionListener(listener)) {
        throw new IllegalArgumentException(
            listener.getClass().getName()
                + " is not an HttpSessionListener, "
                + "HttpSessionIdListener or HttpSessionAttributeListener");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Whether the session listeners registered with the container ({@code @WebListener}, {@code
     * web.xml}, {@code ServletContext.addListener}) are called too. Default {@code true}; they are
     * found on Jetty 12 and Tomcat 10.1+.
     */
    public Builder containerListeners(boolean enabled) {
      this.containerListeners = enabled;
      return this;
    }

    /** Builds the filter; it is ready to be registered with the servlet container. */
    public SessionFilter build() {
      return new SessionFilter(this);
    }
  }
}
