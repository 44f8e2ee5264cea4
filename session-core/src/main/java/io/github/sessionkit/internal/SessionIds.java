package io.github.sessionkit.internal;

import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Generates and validates session ids: 256 bits from {@link SecureRandom}, written as 43 characters
 * of URL-safe Base64 without padding.
 *
 * <p>Validation accepts exactly the canonical form generation produces, and costs at most one pass
 * over 43 characters: anything longer is rejected by its length before any character is read, so
 * hostile input of any size costs O(1).
 */
public final class SessionIds {

  /** Length of an id in characters. */
  public static final int LENGTH = 43;

  private static final int BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final boolean[] ALPHABET = new boolean[128];
  private static final boolean[] LAST_CHAR = new boolean[128];

  static {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < chars.length(); i++) {
      ALPHABET[chars.charAt(i)] = true;
      // 256 bits fill 42 characters and 4 bits of the 43rd; its 2 low bits are always zero.
      LAST_CHAR[chars.charAt(i)] = (i & 3) == 0;
    }
  }

  private final SecureRandom random;

  public SessionIds(SecureRandom random) {
    this.random = random;
  }

  public SessionIds() {
    this(new SecureRandom());
  }

  /** A fresh id. Thread-safe. */
  public String next() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** Whether {@code id} is in the exact format {@link #next()} produces. */
  @Contract("null -> false")
  public static boolean isValid(@Nullable String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH - 1; i++) {
      char c = id.charAt(i);
      if (c >= 128 || !ALPHABET[c]) {
        return false;
      }
    }
    char last = id.charAt(LENGTH - 1);
    return last < 128 && LAST_CHAR[last];
  }
}
