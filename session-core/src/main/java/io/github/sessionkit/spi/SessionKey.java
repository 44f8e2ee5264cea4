package io.github.sessionkit.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The storage key of a session: its tenant and the SHA-256 hash of its id.
 *
 * <p>Stores key sessions by this value and never see the id itself, so a dump of a store does not
 * hand out live sessions. {@link #hash()} is the hash as 43 characters of URL-safe Base64 without
 * padding; it contains only {@code [A-Za-z0-9_-]} and is safe to embed in Redis keys and SQL
 * parameters.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionKey {

  /** The tenant used when an application does not name one. */
  public static final String DEFAULT_TENANT = "default";

  private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(SessionKey::newDigest);

  private final String tenant;
  private final String hash;
  private final int hashCode;

  private SessionKey(String tenant, String hash) {
    this.tenant = tenant;
    this.hash = hash;
    this.hashCode = 31 * tenant.hashCode() + hash.hashCode();
  }

  /**
   * Derives the key of a session id. The id must already be validated by the caller; this method
   * only hashes it.
   */
  public static SessionKey forId(String tenant, String sessionId) {
    requireValidTenant(tenant);
    MessageDigest digest = SHA256.get();
    byte[] hashed = digest.digest(sessionId.getBytes(StandardCharsets.US_ASCII));
    return new SessionKey(tenant, Base64.getUrlEncoder().withoutPadding().encodeToString(hashed));
  }

  /**
   * Rebuilds a key from its stored parts, as read back from a store.
   *
   * @throws IllegalArgumentException if the tenant or the hash is not in the canonical form
   */
  public static SessionKey of(String tenant, @Nullable String hash) {
    requireValidTenant(tenant);
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("not a session key hash: " + abbreviate(hash));
    }
    return new SessionKey(tenant, hash);
  }

  /**
   * Whether the tenant name is valid: 1 to 64 characters of {@code [A-Za-z0-9_.-]}, starting with a
   * letter or digit.
   */
  public static boolean isValidTenant(@Nullable String tenant) {
    if (tenant == null || tenant.isEmpty() || tenant.length() > 64) {
      return false;
    }
    for (int i = 0; i < tenant.length(); i++) {
      char c = tenant.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  static void requireValidTenant(@Nullable String tenant) {
    if (!isValidTenant(tenant)) {
      throw new IllegalArgumentException(
          "tenant must be 1 to 64 characters of [A-Za-z0-9_.-] starting with a letter or digit,"
              + " got: "
              + abbreviate(tenant));
    }
  }

  private static String abbreviate(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= 80
        ? "'" + value + "'"
        : "'" + value.substring(0, 80) + "...' (" + value.length() + " chars)";
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The tenant this session belongs to. */
  public String tenant() {
    return tenant;
  }

  /** SHA-256 of the session id, URL-safe Base64 without padding (43 characters). */
  public String hash() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof SessionKey other
            && hash.equals(other.hash)
            && tenant.equals(other.tenant));
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  /** {@code tenant:hash}; safe to log, as it does not reveal the session id. */
  @Override
  public String toString() {
    return tenant + ":" + hash;
  }
}
