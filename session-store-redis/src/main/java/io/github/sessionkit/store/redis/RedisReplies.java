package io.github.sessionkit.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the loosely typed replies of EVALSHA (integers, bulk strings, nils, nested arrays). */
final class RedisReplies {

  private RedisReplies() {}

  /**
   * The reply of a script as the table it returned; a script that returns nothing else is a bug.
   */
  static List<?> table(@Nullable Object reply) {
    if (reply instanceof List<?> list && !list.isEmpty()) {
      return list;
    }
    throw new IllegalStateException("unexpected script reply: " + describe(reply));
  }

  static long status(List<?> table) {
    return number(table.get(0));
  }

  static boolean corruptFlag(List<?> table) {
    return table.size() > 1 && number(table.get(1)) == 1;
  }

  /** Element {@code i} as a string, or null when absent or nil. */
  static @Nullable String optionalString(List<?> table, int i) {
    if (i >= table.size()) {
      return null;
    }
    Object value = table.get(i);
    return value == null ? null : string(value);
  }

  static List<?> list(List<?> table, int i) {
    Object value = i < table.size() ? table.get(i) : null;
    if (value instanceof List<?> list) {
      return list;
    }
    throw new IllegalStateException(
        "unexpected script reply element " + i + ": " + describe(value));
  }

  static long number(@Nullable Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value != null) {
      return Long.parseLong(string(value));
    }
    throw new IllegalStateException("unexpected nil in a script reply");
  }

  static String string(@Nullable Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value == null) {
      throw new IllegalStateException("unexpected nil in a reply");
    }
    return value.toString();
  }

  private static String describe(@Nullable Object value) {
    return value == null ? "nil" : value.getClass().getSimpleName();
  }
}
