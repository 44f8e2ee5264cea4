package io.github.sessionkit;

/**
 * What {@link SessionManager#reencrypt()} did. Once a run reports {@code unreadable == 0}, no
 * stored session needs a key other than the newest, and the older keys can be removed from {@code
 * SESSION_ENCRYPTION_KEYS} (sessions written meanwhile use the newest key already).
 *
 * @param visited sessions the walk looked at (every tenant; expired ones the store still holds
 *     included)
 * @param rewritten sessions rewritten with the newest key (values of older keys, or plain values)
 * @param unreadable sessions left as they are because a value could not be decrypted (tampered, or
 *     written with a key this node does not have); each is logged at WARN with its key id
 */
public record ReencryptionReport(long visited, long rewritten, long unreadable) {}
