package io.github.sessionkit.servlet;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionInvalidatedException;
import io.github.sessionkit.SessionManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session state of one request: the id it presented, the session found or created for it, and
 * the id the response still owes the client. Lookups are lazy, so a request that never asks for its
 * session costs no store call.
 *
 * <p>Its methods are synchronized: the request thread and asynchronous threads of one request may
 * use it; different requests never share an instance.
 */
final class RequestSessionState {

  static final String ATTRIBUTE = RequestSessionState.class.getName();

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final SessionManager manager;
  private final SessionIdResolver resolver;
  private final SessionListeners listeners;
  private final HttpServletRequest request;
  private final HttpServletResponse response;

  private boolean idRead;
  private @Nullable String requestedId;

  /** The session version the client presented beside its id (see {@link VersionedId}), or 0. */
  private long presentedVersion;

  private boolean lookedUp;
  private boolean requestedIdLive;
  private @Nullable Session session;
  private @Nullable Session createdHere;
  private @Nullable StoreHttpSession httpSession;
  private @Nullable String idToSend;
  private boolean expiryToSend;

  RequestSessionState(
      SessionManager manager,
      SessionIdResolver resolver,
      SessionListeners listeners,
      HttpServletRequest request,
      HttpServletResponse response) {
    this.manager = manager;
    this.resolver = resolver;
    this.listeners = listeners;
    this.request = request;
    this.response = response;
  }

  SessionManager manager() {
    return manager;
  }

  SessionIdResolver resolver() {
    return resolver;
  }

  SessionListeners listeners() {
    return listeners;
  }

  /** The id the client presented, unvalidated, or null. */
  synchronized @Nullable String requestedId() {
    if (!idRead) {
      VersionedId presented = VersionedId.parse(resolver.readId(request));
      requestedId = presented == null ? null : presented.id();
      presentedVersion = presented == null ? 0 : presented.minVersion();
      idRead = true;
    }
    return requestedId;
  }

  /** Whether the presented id names a live session that still has that id. */
  synchronized boolean isRequestedIdValid() {
    lookUp();
    Session s = session;
    return requestedIdLive && s != null && !s.isInvalidated() && s.id().equals(requestedId);
  }

  /**
   * The request's live session: the one its id names, or the one created earlier in this request;
   * if there is none and {@code create}, a new anonymous one.
   *
   * @throws IllegalStateException if a session must be created but the response is committed
   * @throws io.github.sessionkit.StoreUnavailableException if the store cannot be reached
   */
  synchronized @Nullable Session current(boolean create) {
    lookUp();
    Session s = session;
    if (s != null && !s.isInvalidated()) {
      return s;
    }
    if (!create) {
      return null;
    }
    if (response.isCommitted()) {
      throw new IllegalStateException(
          "cannot create a session after the response has been committed: the client "
              + "could not receive its id; create the session before writing the response body");
    }
    s = manager.create();
    session = s;
    createdHere = s;
    idToSend = s.id();
    expiryToSend = false;
    listeners.created(wrap(s));
    return s;
  }

  private void lookUp() {
    if (lookedUp) {
      return;
    }
    String id = requestedId();
    if (id != null) {
      // A malformed id costs no store call; an unknown or expired one is simply absent.
      // The version the client saw keeps any node from serving it an older cached copy. A
      // touch that falls due is written by beforeCommit's save, with the request's changes.
      session = manager.findDeferringTouch(id, presentedVersion).orElse(null);
      requestedIdLive = session != null;
    }
    lookedUp = true;
  }

  /** The request's HttpSession, the same object for the same session within the request. */
  synchronized @Nullable StoreHttpSession httpSession(boolean create) {
    Session s = current(create);
    if (s == null) {
      return null;
    }
    return wrap(s);
  }

  private StoreHttpSession wrap(Session s) {
    StoreHttpSession h = httpSession;
    if (h == null || h.session() != s) {
      h = new StoreHttpSession(this, s, s == createdHere, request.getServletContext());
      httpSession = h;
    }
    return h;
  }

  /** Whether {@code s} is still this request's live session. */
  synchronized boolean isCurrent(Session s) {
    return s == session && !s.isInvalidated();
  }

  /**
   * Gives the session a new id through the manager (the old one dies on every node) and owes the
   * client the new one.
   */
  synchronized String changeId() {
    Session s = current(false);
    if (s == null) {
      throw new IllegalStateException(
          "changeSessionId() needs a session; this request has none (call getSession() first)");
    }
    if (response.isCommitted()) {
      throw new IllegalStateException(
          "cannot change the session id after the response has been committed: the client could not"
              + " receive the new id; call changeSessionId() before writing the response body");
    }
    String oldId = s.id();
    String newId;
    try {
      newId = manager.rotateId(s);
    } catch (SessionInvalidatedException e) {
      dropInvalidated();
      throw new IllegalStateException(
          "the session was invalidated by another request; its id cannot be changed", e);
    }
    idToSend = newId;
    expiryToSend = false;
    requestedIdLive = false;
    listeners.idChanged(wrap(s), oldId);
    return newId;
  }

  /** Invalidates the session through the manager and owes the client an expiry of its id. */
  synchronized void invalidate(Session s) {
    manager.invalidate(s);
    if (session == s) {
      session = null;
      httpSession = null;
    }
    idToSend = null;
    expiryToSend = true;
  }

  /**
   * Saves what changed and writes the id the client is owed, while the response can still carry it.
   * Called before anything is written to the response, on flush, redirect and error, and when the
   * request ends; cheap when nothing changed, so it may be called often.
   *
   * @throws io.github.sessionkit.StoreUnavailableException if the store cannot be reached
   */
  synchronized void beforeCommit() {
    Session s = session;
    if (s != null && !s.isInvalidated() && s.hasChanges()) {
      try {
        manager.save(s);
        if (idToSend == null && s.version() > presentedVersion) {
          // The client must learn the new version, or its next request may read an older copy.
          idToSend = s.id();
        }
      } catch (SessionInvalidatedException e) {
        // A logout on another request won: the changes are dropped, the request goes on.
        log.debug(
            "session {} was invalidated by another request; this request's changes were dropped",
            s.handle());
        dropInvalidated();
      }
    }
    sendId();
  }

  private void dropInvalidated() {
    session = null;
    httpSession = null;
    if (idToSend != null) {
      idToSend = null;
      expiryToSend = true;
    }
  }

  private void sendId() {
    if (idToSend == null && !expiryToSend) {
      return;
    }
    if (response.isCommitted()) {
      log.debug(
          "the response was committed before the session id could be sent (written past the"
              + " filter's response?)");
    } else if (idToSend != null) {
      Session s = session;
      long version = s != null && s.id().equals(idToSend) && !s.isNew() ? s.version() : 0;
      resolver.writeId(request, response, VersionedId.format(idToSend, version));
      presentedVersion = Math.max(presentedVersion, version);
    } else {
      resolver.expireId(request, response);
    }
    idToSend = null;
    expiryToSend = false;
  }

  /** Like {@link #beforeCommit()}, for a request that already failed: logs instead of throwing. */
  void beforeCommitQuietly() {
    try {
      beforeCommit();
    } catch (RuntimeException e) {
      log.warn("saving the session of a failed request failed too: {}", e.toString());
    }
  }
}
