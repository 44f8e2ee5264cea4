package io.github.sessionkit.internal;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for text that every store must keep byte for byte (principals, attribute names,
 * encoded attribute values): well-formed UTF-16, so its UTF-8 form is exact (a lone surrogate would
 * become {@code ?} in Redis and PostgreSQL, and two different names could collapse into one), and
 * for principals and names no NUL, which PostgreSQL text cannot hold.
 */
public final class StoredText {

  /** The longest principal, in chars: far below what any store's index can hold. */
  public static final int MAX_PRINCIPAL_LENGTH = 256;

  private StoredText() {}

  /**
   * Why {@code text} cannot be stored exactly, or null if it can.
   *
   * @param allowNul whether NUL is allowed (it is inside JSON values, escaped)
   */
  public static @Nullable String problem(CharSequence text, boolean allowNul) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0 && !allowNul) {
        return "a NUL character at index " + i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "a lone surrogate (U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
            + ") at index "
            + i;
      }
      if (Character.isLowSurrogate(c)) {
        return "a lone surrogate (U+"
            + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
            + ") at index "
            + i;
      }
    }
    return null;
  }
}
