package io.github.sessionkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Where a request carries its session id and how a response hands a new one to the client: a cookie
 * ({@link CookieSessionIdResolver}) or a request header ({@link HeaderSessionIdResolver}).
 *
 * <p>{@link SessionFilter} calls {@link #writeId} when a session is created or its id rotated, and
 * {@link #expireId} when it is invalidated, always before the response is committed and at most
 * once per response. The id read by {@link #readId} is untrusted client input: the filter validates
 * it through {@link io.github.sessionkit.SessionManager#find}, so a resolver need not.
 *
 * <p>Implementations must be thread-safe (one instance serves every request) and must not log ids:
 * they are the users' credentials.
 */
public interface SessionIdResolver {

  /**
   * The session id the request presents, or null if it presents none. Never throws for malformed
   * input.
   */
  @Nullable String readId(HttpServletRequest request);

  /** Hands {@code id}, a new or rotated session id, to the client. */
  void writeId(HttpServletRequest request, HttpServletResponse response, String id);

  /** Tells the client to forget its session id, after the session was invalidated. */
  void expireId(HttpServletRequest request, HttpServletResponse response);

  /**
   * Whether a request must present the id of a live session: when true, {@link SessionFilter}
   * answers any other request with {@link #rejectUnauthenticated} instead of serving it. Default
   * false: such a request gets a new session when the application asks for one.
   */
  default boolean isSessionRequired() {
    return false;
  }

  /**
   * Writes the answer to a request refused because {@link #isSessionRequired()}: by default a 401
   * with a short plain-text body, which never says why the id was refused.
   *
   * @param idPresented whether the request presented an id (that was malformed, unknown or expired)
   */
  default void rejectUnauthenticated(
      HttpServletRequest request, HttpServletResponse response, boolean idPresented)
      throws IOException {
    PlainResponses.write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
  }
}
