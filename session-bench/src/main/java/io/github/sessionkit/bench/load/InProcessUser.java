package io.github.sessionkit.bench.load;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A virtual user's actions as calls on a {@link SessionManager} in this process; a login is the
 * session's id. Used by one thread only.
 */
final class InProcessUser implements UserActions<String> {

  private final SessionManager manager;
  private final String principal;
  private final List<String> hotSessions;
  private final SplittableRandom random;
  private final Duration idleTimeout;
  private final Duration longIdleTimeout;
  private boolean longIdle;

  InProcessUser(
      SessionManager manager, int number, List<String> hotSessions, SplittableRandom random) {
    this.manager = manager;
    this.principal = "load-user-" + number;
    this.hotSessions = hotSessions;
    this.random = random;
    this.idleTimeout = manager.idleTimeout();
    this.longIdleTimeout = idleTimeout.plusMinutes(1);
  }

  /** Creates and saves a session with two attributes, as a login does. */
  @Override
  public String login() {
    Session session = manager.create(principal);
    session.put("roles", List.of("user", "reader"));
    session.put("cart", List.of("book", "pen"));
    manager.save(session);
    return session.id();
  }

  /**
   * Finds a session that must exist and decodes one attribute, as a request's session check does.
   */
  @Override
  public void check(String id) {
    find(id);
  }

  private Session find(String id) {
    Session session = manager.find(id).orElseThrow(() -> new Failure("session not found"));
    session.get("roles", List.class);
    return session;
  }

  /**
   * Gives the session a longer (or back the usual) idle timeout: an explicit write of its expiry.
   */
  @Override
  public void refresh(String id) {
    Session session = find(id);
    longIdle = !longIdle;
    session.setIdleTimeout(longIdle ? longIdleTimeout : idleTimeout);
    manager.save(session);
  }

  /** Changes two attributes, as an API call that updates the session does. */
  @Override
  public void apiCall(String id) {
    Session session = find(id);
    int requests = session.getOrDefault("requests", Integer.class, 0);
    session.put("requests", requests + 1);
    session.put("lastPath", "/api/items/" + random.nextInt(1_000));
    manager.save(session);
  }

  @Override
  public void logout(String id) {
    if (!manager.invalidate(id)) {
      throw new Failure("session to log out not found");
    }
  }

  @Override
  public void hotFind() {
    find(hotSessions.get(random.nextInt(hotSessions.size())));
  }

  @Override
  public void logoutQuietly(String id) {
    try {
      manager.invalidate(id);
    } catch (RuntimeException ignored) {
      // The store is gone or the session too: nothing left to clean up.
    }
  }
}
