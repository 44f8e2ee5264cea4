package io.github.sessionkit.spi;

import org.jspecify.annotations.Nullable;

/**
 * A session that {@link SessionStore#purgeExpired} removed.
 *
 * @param key its key
 * @param principal its principal, or null if anonymous
 * @param expiresAt when it had expired, epoch milliseconds
 */
public record PurgedSession(SessionKey key, @Nullable String principal, long expiresAt) {}
