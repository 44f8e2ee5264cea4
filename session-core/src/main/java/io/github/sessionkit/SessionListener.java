package io.github.sessionkit;

/**
 * Receives session lifecycle events from a {@link SessionManager}. Methods run on the thread that
 * caused the event and should return quickly. An exception thrown by a listener is logged and
 * swallowed: it never breaks the operation that fired the event. Every method has a no-op default,
 * so new kinds of event do not break implementers.
 *
 * <p>Events are local to the node that caused them: expiry found by another node, or a logout on
 * another node, is told to that node's listeners.
 */
public interface SessionListener {

  /** A new session was saved for the first time. */
  default void created(SessionEvent event) {}

  /** A session was invalidated. */
  default void invalidated(SessionEvent event) {}

  /** A session expired (found expired, or purged). */
  default void expired(SessionEvent event) {}

  /** A session got a new id. */
  default void idRotated(SessionEvent event) {}
}
