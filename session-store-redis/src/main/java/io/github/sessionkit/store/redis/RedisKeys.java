package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.StoreListener;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The key layout. A session lives at {@code {prefix}:{tenant}:{<hash>}}: the braces are a Redis
 * Cluster hash tag, so everything about one session hashes to one slot and a Lua script may touch
 * it atomically. A principal's index lives at {@code {prefix}:{tenant}:principal:{<sha256 of the
 * principal>}}, usually in another slot, so it is maintained by separate commands. Change
 * notifications go to the pub/sub channel {@code {prefix}:changes}. Immutable.
 */
final class RedisKeys {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
          });
  private static final int HASH_LENGTH = 43;

  private final String prefix;
  private final String channel;

  RedisKeys(String prefix) {
    this.prefix = prefix;
    this.channel = prefix + ":changes";
  }

  /** Why a prefix is unusable, or null when it is fine. */
  static @Nullable String checkPrefix(String prefix) {
    if (prefix.isEmpty() || prefix.length() > 100) {
      return "1 to 100 characters";
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '{' || c == '}' || c <= ' ' || c == 0x7f) {
        return "no braces (they are Redis Cluster hash tags), spaces or control characters";
      }
    }
    return null;
  }

  String prefix() {
    return prefix;
  }

  String session(SessionKey key) {
    return prefix + ':' + key.tenant() + ":{" + key.hash() + '}';
  }

  String principalIndex(String tenant, String principal) {
    byte[] digest = SHA256.get().digest(principal.getBytes(StandardCharsets.UTF_8));
    return prefix
        + ':'
        + tenant
        + ":principal:{"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
        + '}';
  }

  String channel() {
    return channel;
  }

  /**
   * The notification payload naming a session whose new state is not told (a deletion, a rotation
   * away): {@code tenant:hash}, as {@link SessionKey#toString()}. The scripts append {@code
   * :version:lastAccessedAt} where they know what the change left.
   */
  static String payload(SessionKey key) {
    return key.tenant() + ':' + key.hash();
  }

  /** The payload of a change that left {@code version} and {@code lastAccessedAt}. */
  static String payload(SessionKey key, long version, long lastAccessedAt) {
    return payload(key) + ':' + version + ':' + lastAccessedAt;
  }

  /**
   * A parsed notification: the session, and what the change left (unknown: {@link
   * StoreListener#UNKNOWN_VERSION}).
   */
  record Notice(SessionKey key, long version, long lastAccessedAt) {}

  /** Parses a notification payload; null when it is not one of ours. */
  static @Nullable Notice parsePayload(String payload) {
    String[] parts = payload.split(":", -1);
    if (parts.length != 2 && parts.length != 4) {
      return null;
    }
    try {
      SessionKey key = SessionKey.of(parts[0], parts[1]);
      if (parts.length == 2) {
        return new Notice(key, StoreListener.UNKNOWN_VERSION, 0);
      }
      long version = Long.parseLong(parts[2]);
      long access = Long.parseLong(parts[3]);
      return version > 0 ? new Notice(key, version, access) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A SCAN MATCH pattern covering every key of this prefix (session and index keys). */
  String scanPattern() {
    StringBuilder b = new StringBuilder(prefix.length() + 3);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append(":*").toString();
  }

  /** The session key a Redis key names, or null for index keys and anything else. */
  @Nullable SessionKey parseSessionKey(String redisKey) {
    int start = prefix.length() + 1;
    if (redisKey.length() <= start
        || !redisKey.startsWith(prefix)
        || redisKey.charAt(start - 1) != ':') {
      return null;
    }
    String rest = redisKey.substring(start);
    int colon = rest.indexOf(':');
    if (colon <= 0
        || rest.length() != colon + HASH_LENGTH + 3
        || rest.charAt(colon + 1) != '{'
        || rest.charAt(rest.length() - 1) != '}') {
      return null;
    }
    String tenant = rest.substring(0, colon);
    String hash = rest.substring(colon + 2, rest.length() - 1);
    if (!SessionKey.isValidTenant(tenant)) {
      return null;
    }
    try {
      return SessionKey.of(tenant, hash);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
