package io.github.sessionkit.spring.boot;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionInfo;
import io.github.sessionkit.SessionManager;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Spring Security's {@link SessionRegistry} over the sessions in the store, so that {@code
 * maximumSessions(n)} and "log out my other devices" work across every instance of the application.
 * Spring Security finds it as a bean; with {@code maximumSessions(1)}, a login from a second device
 * ends the first device's session on every node.
 *
 * <p>Sessions are listed by their principal's name ({@code Authentication.getName()}); a listed
 * session's {@link SessionInformation#getSessionId() id} is its handle (the hash of its id: stores
 * keep no ids), except the current request's own session, which is listed with its id. {@link
 * SessionInformation#expireNow()} ends the session at once, on every node. The store is the
 * registry: {@link #removeSessionInformation} and {@link #refreshLastRequest} have nothing to
 * record. {@link #getAllPrincipals()} is not supported: stores index sessions by principal, not
 * principals. Thread-safe.
 */
final class SessionkitSessionRegistry implements SessionRegistry {

  private final SessionManager manager;

  SessionkitSessionRegistry(SessionManager manager) {
    this.manager = manager;
  }

  /**
   * Not supported: no store keeps a list of every principal.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public List<Object> getAllPrincipals() {
    throw new UnsupportedOperationException(
        "sessionkit cannot list every principal; use getAllSessions(principal, ...)");
  }

  /** The live sessions of {@code principal}, oldest first; expired ones are never listed. */
  @Override
  public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
    String name = PrincipalNames.of(principal);
    Optional<Session> current = CurrentSession.get();
    List<SessionInformation> sessions = new ArrayList<>();
    for (SessionInfo info : manager.sessionsOf(name)) {
      String id =
          current
              .filter(s -> s.handle().equals(info.handle()))
              .map(Session::id)
              .orElse(info.handle());
      sessions.add(new StoredSessionInformation(manager, info, id, principal));
    }
    return sessions;
  }

  /**
   * The session with this id, if it is live; for the current request's session, without a store
   * call.
   */
  @Override
  public @Nullable SessionInformation getSessionInformation(String sessionId) {
    Optional<Session> session = CurrentSession.withId(sessionId);
    if (session.isEmpty()) {
      session = manager.find(sessionId);
    }
    return session
        .filter(s -> s.principal() != null)
        .map(s -> new SessionInformation(s.principal(), sessionId, Date.from(s.lastAccessedAt())))
        .orElse(null);
  }

  /** Nothing to do: the session's access time is kept by the manager. */
  @Override
  public void refreshLastRequest(String sessionId) {
    // The manager slides and persists the access time itself (at most once per touch interval).
  }

  /**
   * Files the session under the principal's name: Spring Security calls this after a login, with
   * the session's id (already rotated against fixation).
   */
  @Override
  public void registerNewSession(String sessionId, Object principal) {
    String name = PrincipalNames.of(principal);
    Optional<Session> current = CurrentSession.withId(sessionId);
    if (current.isPresent()) {
      current.get().setPrincipal(name); // the filter saves it with the request
      return;
    }
    manager
        .find(sessionId)
        .ifPresent(
            s -> {
              s.setPrincipal(name);
              manager.save(s);
            });
  }

  /**
   * Nothing to do: a session ended by logout or expiry is no longer in the store, so no longer
   * listed.
   */
  @Override
  public void removeSessionInformation(String sessionId) {
    // The store is the registry.
  }

  /** A listed session; expiring it ends it in the store. */
  private static final class StoredSessionInformation extends SessionInformation {
    private static final long serialVersionUID = 1L;

    private final transient SessionManager manager;
    private final transient SessionInfo info;

    StoredSessionInformation(
        SessionManager manager, SessionInfo info, String id, Object principal) {
      super(principal, id, Date.from(info.lastAccessedAt()));
      this.manager = manager;
      this.info = info;
    }

    @Override
    public void expireNow() {
      super.expireNow();
      manager.revoke(info);
    }
  }
}
