package io.github.sessionkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a session, as told to {@link SessionListener}s. Carries the session's
 * handle (the hash of its id), never the id itself, so events are safe to log.
 *
 * @param type what happened
 * @param handle the session's handle; after an id rotation, the new one
 * @param previousHandle the handle before an id rotation, else null
 * @param tenant the tenant
 * @param principal the user, or null if anonymous or unknown
 * @param at when it happened, by the manager's clock
 */
public record SessionEvent(
    Type type,
    String handle,
    @Nullable String previousHandle,
    String tenant,
    @Nullable String principal,
    Instant at) {

  /** Kinds of event. */
  public enum Type {
    /** A new session was saved for the first time. */
    CREATED,
    /**
     * A session was invalidated (logout, revoke, log out everywhere, eviction by the per-principal
     * limit).
     */
    INVALIDATED,
    /** A session was found expired, or removed by a purge of expired sessions. */
    EXPIRED,
    /** A session got a new id; {@link #previousHandle()} is the old one. */
    ID_ROTATED
  }
}
