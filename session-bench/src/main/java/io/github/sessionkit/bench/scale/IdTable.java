package io.github.sessionkit.bench.scale;

import java.nio.charset.StandardCharsets;

/**
 * The ids of the stored sessions, packed into one byte array allocated up front, so that holding a
 * million ids does not add a million {@code String}s to the heap the memory store is measured in.
 * Loader threads write disjoint slots; readers see them after the load has been joined.
 */
final class IdTable {

  /** Every session id is 43 characters of URL-safe Base64. */
  static final int ID_LENGTH = 43;

  private final byte[] bytes;

  IdTable(int capacity) {
    this.bytes = new byte[Math.multiplyExact(capacity, ID_LENGTH)];
  }

  int capacity() {
    return bytes.length / ID_LENGTH;
  }

  void set(int index, String id) {
    if (id.length() != ID_LENGTH) {
      throw new IllegalArgumentException(
          "a session id has " + ID_LENGTH + " characters, got " + id.length());
    }
    int offset = index * ID_LENGTH;
    for (int i = 0; i < ID_LENGTH; i++) {
      bytes[offset + i] = (byte) id.charAt(i);
    }
  }

  String get(int index) {
    return new String(bytes, index * ID_LENGTH, ID_LENGTH, StandardCharsets.ISO_8859_1);
  }
}
