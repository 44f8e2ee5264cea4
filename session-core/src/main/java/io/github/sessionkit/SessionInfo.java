package io.github.sessionkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What can be shown about a session without revealing its id: for a "your devices" page or an admin
 * view. {@link #handle()} identifies the session for {@link SessionManager#revoke(SessionInfo)}.
 *
 * @param handle the hash of the session id; not a credential, safe to display and log
 * @param tenant the tenant
 * @param principal the user, or null if anonymous
 * @param createdAt when it was created
 * @param lastAccessedAt when it was last used, as persisted (at most one touch interval old)
 * @param expiresAt when it expires unless used
 * @param version its stored version
 */
public record SessionInfo(
    String handle,
    String tenant,
    @Nullable String principal,
    Instant createdAt,
    Instant lastAccessedAt,
    Instant expiresAt,
    long version) {}
