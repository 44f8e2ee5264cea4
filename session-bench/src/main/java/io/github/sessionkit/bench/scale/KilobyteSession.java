package io.github.sessionkit.bench.scale;

import io.github.sessionkit.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The "1 KB session" of the scale figures: a principal ({@code user<i>}) and three attributes whose
 * names plus codec-encoded JSON values total exactly {@value #ENCODED_BYTES} bytes:
 *
 * <ul>
 *   <li>{@code profile}: a string of {@value #PROFILE_CHARS} random URL-safe characters (7 + 981
 *       bytes: name, then the value with its quotes); random, so that no store can compress it;
 *   <li>{@code cart}: {@code ["book","pen","lamp"]} (4 + 21 bytes);
 *   <li>{@code theme}: {@code "dark"} (5 + 6 bytes), the attribute a typical request changes.
 * </ul>
 */
final class KilobyteSession {

  /** Names plus encoded values of the attributes, in UTF-8 bytes. */
  static final int ENCODED_BYTES = 1024;

  /** Length of the random {@code profile} string. */
  static final int PROFILE_CHARS = 979;

  static final List<String> CART = List.of("book", "pen", "lamp");
  static final String THEME = "dark";

  /** The shape in one line, for the report. */
  static final String DESCRIPTION =
      "`profile` (a string of "
          + PROFILE_CHARS
          + " random URL-safe characters: 7 + 981 bytes), `cart` (`[\"book\",\"pen\",\"lamp\"]`: 4"
          + " + 21 bytes) and `theme` (`\"dark\"`: 5 + 6 bytes)";

  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  private KilobyteSession() {}

  /** Puts the three attributes into a session. */
  static void fill(Session session, RandomGenerator random) {
    session.put("profile", profile(random));
    session.put("cart", CART);
    session.put("theme", THEME);
  }

  /**
   * {@value #PROFILE_CHARS} random characters from a 64-letter alphabet that JSON never escapes.
   */
  static String profile(RandomGenerator random) {
    byte[] chars = new byte[PROFILE_CHARS];
    long bits = 0;
    int left = 0;
    for (int i = 0; i < chars.length; i++) {
      if (left == 0) {
        bits = random.nextLong();
        left = 10;
      }
      chars[i] = ALPHABET[(int) (bits & 63)];
      bits >>>= 6;
      left--;
    }
    return new String(chars, StandardCharsets.US_ASCII);
  }
}
