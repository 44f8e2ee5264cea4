package io.github.sessionkit.spring.boot;

import io.github.sessionkit.SessionInfo;
import io.github.sessionkit.SessionManager;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The Actuator {@code sessions} endpoint, like Spring Session's: {@code GET
 * /actuator/sessions?username=alice} lists a user's live sessions (by handle, never by id) and
 * {@code DELETE /actuator/sessions/{handle}?username=alice} ends one on every node. Expose it as
 * any endpoint ({@code management.endpoints.web.exposure.include=sessions}) and secure it: it can
 * log users out. Thread-safe.
 */
@Endpoint(id = "sessions")
public class SessionkitSessionsEndpoint {

  private final SessionManager manager;

  /** An endpoint over {@code manager}'s sessions. */
  public SessionkitSessionsEndpoint(SessionManager manager) {
    this.manager = manager;
  }

  /** The live sessions of {@code username}, oldest first. */
  @ReadOperation
  public Sessions sessionsOf(String username) {
    return new Sessions(manager.sessionsOf(username).stream().map(SessionDescriptor::of).toList());
  }

  /**
   * Ends the session {@code handle} of {@code username} on every node.
   *
   * @return whether such a live session existed
   */
  @DeleteOperation
  public boolean revoke(@Selector String handle, String username) {
    for (SessionInfo info : manager.sessionsOf(username)) {
      if (info.handle().equals(handle)) {
        return manager.revoke(info);
      }
    }
    return false;
  }

  /** The sessions of one user. */
  public record Sessions(List<SessionDescriptor> sessions) {}

  /** One session as the endpoint shows it: nothing that would let a reader use it. */
  public record SessionDescriptor(
      String handle,
      @Nullable String principal,
      Instant createdAt,
      Instant lastAccessedAt,
      Instant expiresAt) {
    static SessionDescriptor of(SessionInfo info) {
      return new SessionDescriptor(
          info.handle(),
          info.principal(),
          info.createdAt(),
          info.lastAccessedAt(),
          info.expiresAt());
    }
  }
}
