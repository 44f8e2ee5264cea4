package io.github.sessionkit.store.jdbc;

import io.github.sessionkit.AttributeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds and splits the two JSONB objects that hold a session's attributes.
 *
 * <p>Stores must return every attribute text exactly as given, but jsonb normalises what it stores:
 * it drops whitespace, sorts object keys, rewrites {@code 1e3} as {@code 1000} and the escape
 * backslash-u-00e9 as {@code é}, and cannot hold the escape backslash-u-0000 at all. So each value
 * goes to one of two columns:
 *
 * <ul>
 *   <li>{@code attributes}: name to the JSON value itself, for values jsonb keeps byte for byte
 *       (compact, no backslash-u or backslash-slash escapes, no exponents or negative zero, object
 *       keys unique and already in jsonb's order). These are most values, and they stay queryable
 *       as JSON ({@code attributes->'cart'}). The object is assembled by concatenation, without
 *       re-encoding the values.
 *   <li>{@code attributes_verbatim}: name to a JSON <em>string</em> holding the exact text, for
 *       every other value.
 * </ul>
 *
 * Each value is scanned once on the way in; only a value that is exactly one well-formed JSON value
 * is ever put into the object unescaped, so no value can close the object early and smuggle in
 * other attributes, and PostgreSQL never has to report (and quote) a parse error. Texts that are
 * not JSON at all are stored verbatim like the rest: the store keeps what it is given. Only the NUL
 * character cannot be stored (PostgreSQL text cannot hold it).
 */
final class AttributesJson {

  static final String EMPTY = "{}";

  private AttributesJson() {}

  /** Attributes split by column, each as a JSON object text, with the names in each. */
  record Split(
      String nativeJson,
      List<String> nativeNames,
      String verbatimJson,
      List<String> verbatimNames) {}

  /** Splits attributes into the two column objects. */
  static Split split(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return new Split(EMPTY, List.of(), EMPTY, List.of());
    }
    StringBuilder nativeJson = null;
    StringBuilder verbatimJson = null;
    List<String> nativeNames = new ArrayList<>(attributes.size());
    List<String> verbatimNames = new ArrayList<>(0);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      if (isKeptExactlyByJsonb(value)) {
        nativeJson = member(nativeJson, name, value.length());
        nativeJson.append(value);
        nativeNames.add(name);
      } else {
        if (value.indexOf('\0') >= 0) {
          throw new AttributeException(
              printable(name),
              "attribute '"
                  + printable(name)
                  + "' contains the NUL character, which PostgreSQL cannot store; the codec must"
                  + " encode values as JSON");
        }
        verbatimJson = member(verbatimJson, name, value.length() + 16);
        appendString(verbatimJson, value);
        verbatimNames.add(name);
      }
    }
    return new Split(close(nativeJson), nativeNames, close(verbatimJson), verbatimNames);
  }

  private static StringBuilder member(@Nullable StringBuilder out, String name, int valueSize) {
    if (out == null) {
      out = new StringBuilder(name.length() + valueSize + 8).append('{');
    } else {
      out.append(',');
    }
    requireStorableName(name);
    appendString(out, name);
    return out.append(':');
  }

  private static String close(@Nullable StringBuilder out) {
    return out == null ? EMPTY : out.append('}').toString();
  }

  /** The union of two name lists as a text[] parameter. */
  static String[] names(Iterable<String> first, Iterable<String> second) {
    List<String> all = new ArrayList<>();
    for (String name : first) {
      requireStorableName(name);
      all.add(name);
    }
    for (String name : second) {
      all.add(name);
    }
    return all.toArray(new String[0]);
  }

  /** Writes {@code text} as a JSON string. */
  private static void appendString(StringBuilder out, String text) {
    out.append('"');
    int plainFrom = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, plainFrom, i);
      plainFrom = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append(text, plainFrom, text.length()).append('"');
  }

  private static void requireStorableName(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new AttributeException(
          printable(name),
          "attribute name '"
              + printable(name)
              + "' contains the NUL character, which PostgreSQL cannot store");
    }
  }

  /**
   * Whether jsonb stores and prints back this value byte for byte. Anything that is not exactly one
   * JSON value is not: it goes to the verbatim column, escaped as a string, so a malformed value
   * can never break out of its place in the object.
   */
  static boolean isKeptExactlyByJsonb(String value) {
    Scanner scanner = new Scanner(value, null);
    try {
      int end = scanner.value(0);
      return end == value.length() && scanner.canonical;
    } catch (IllegalArgumentException notJson) {
      return false;
    }
  }

  private static String printable(String name) {
    String shown = name.replace('\0', '?');
    return shown.length() <= 80 ? shown : shown.substring(0, 80) + "...";
  }

  /**
   * Reads both columns back into attribute name and exact value text.
   *
   * @throws IllegalArgumentException if a column is not a JSON object of the expected shape
   */
  static Map<String, String> decode(String nativeJson, String verbatimJson) {
    Map<String, String> result = new LinkedHashMap<>();
    readObject(nativeJson, result, false);
    readObject(verbatimJson, result, true);
    return result;
  }

  private static void readObject(String json, Map<String, String> into, boolean verbatim) {
    Scanner scanner = new Scanner(json, null);
    int pos = scanner.whitespace(0);
    if (pos >= json.length() || json.charAt(pos) != '{') {
      throw new IllegalArgumentException("attributes are not a JSON object");
    }
    pos = scanner.whitespace(pos + 1);
    if (pos < json.length() && json.charAt(pos) == '}') {
      requireEnd(scanner, json, pos + 1);
      return;
    }
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= json.length() || json.charAt(pos) != '"') {
        throw new IllegalArgumentException("expected an attribute name at offset " + pos);
      }
      int nameEnd = scanner.string(pos);
      String name = unescape(json, pos + 1, nameEnd - 1);
      pos = scanner.whitespace(nameEnd);
      expect(json, pos, ':');
      pos = scanner.whitespace(pos + 1);
      if (verbatim) {
        if (pos >= json.length() || json.charAt(pos) != '"') {
          throw new IllegalArgumentException(
              "verbatim attribute '" + name + "' is not a JSON string");
        }
        int end = scanner.string(pos);
        into.put(name, unescape(json, pos + 1, end - 1));
        pos = end;
      } else {
        value.setLength(0);
        pos = new Scanner(json, value).value(pos);
        into.put(name, value.toString());
      }
      pos = scanner.whitespace(pos);
      if (pos < json.length() && json.charAt(pos) == ',') {
        pos = scanner.whitespace(pos + 1);
        continue;
      }
      expect(json, pos, '}');
      requireEnd(scanner, json, pos + 1);
      return;
    }
  }

  private static void requireEnd(Scanner scanner, String json, int pos) {
    if (scanner.whitespace(pos) != json.length()) {
      throw new IllegalArgumentException("text follows the attributes object");
    }
  }

  private static void expect(String s, int pos, char c) {
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at offset " + pos);
    }
  }

  /**
   * The text of a JSON string's content between {@code start} and {@code end} (quotes excluded).
   */
  private static String unescape(String s, int start, int end) {
    int firstEscape = s.indexOf('\\', start);
    if (firstEscape < 0 || firstEscape >= end) {
      return s.substring(start, end);
    }
    StringBuilder out = new StringBuilder(end - start);
    out.append(s, start, firstEscape);
    for (int i = firstEscape; i < end; i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  /**
   * Walks one JSON value without recursion (deep nesting cannot overflow the stack), optionally
   * copying it without insignificant whitespace, and notes whether jsonb would print it back
   * unchanged.
   */
  private static final class Scanner {
    private static final int MAX_NATIVE_NUMBER_LENGTH = 1_000;

    private final String s;
    private final @Nullable StringBuilder out;
    private char[] stack = new char[16];
    private @Nullable String[] lastKey = new String[16];
    private int depth;

    /** Whether jsonb keeps the scanned text exactly; cleared by anything it would rewrite. */
    boolean canonical = true;

    Scanner(String s, @Nullable StringBuilder out) {
      this.s = s;
      this.out = out;
    }

    int whitespace(int pos) {
      int start = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          break;
        }
        pos++;
      }
      if (pos != start) {
        canonical = false;
      }
      return pos;
    }

    /** Returns the offset after the value starting at {@code pos}. */
    int value(int pos) {
      while (true) {
        pos = whitespace(pos);
        char c = at(pos);
        boolean complete = true;
        switch (c) {
          case '{' -> {
            emit('{');
            pos = whitespace(pos + 1);
            if (at(pos) == '}') {
              emit('}');
              pos++;
            } else {
              push('{');
              pos = member(pos);
              complete = false;
            }
          }
          case '[' -> {
            emit('[');
            pos = whitespace(pos + 1);
            if (at(pos) == ']') {
              emit(']');
              pos++;
            } else {
              push('[');
              complete = false;
            }
          }
          case '"' -> pos = string(pos);
          case 't' -> pos = literal(pos, "true");
          case 'f' -> pos = literal(pos, "false");
          case 'n' -> pos = literal(pos, "null");
          default -> {
            if (c == '-' || (c >= '0' && c <= '9')) {
              pos = number(pos);
            } else {
              throw new IllegalArgumentException("unexpected character at offset " + pos);
            }
          }
        }
        if (!complete) {
          continue;
        }
        // After a complete value: close containers, or move on to the next element.
        while (true) {
          if (depth == 0) {
            return pos;
          }
          pos = whitespace(pos);
          char next = at(pos);
          char top = stack[depth - 1];
          if (next == ',') {
            emit(',');
            pos = whitespace(pos + 1);
            if (top == '{') {
              pos = member(pos);
            }
            break;
          }
          if ((top == '{' && next == '}') || (top == '[' && next == ']')) {
            emit(next);
            depth--;
            pos++;
            continue;
          }
          throw new IllegalArgumentException(
              "expected ',' or the end of a container at offset " + pos);
        }
      }
    }

    /** Reads {@code "name" :} inside the innermost object and returns the offset of its value. */
    private int member(int pos) {
      if (at(pos) != '"') {
        throw new IllegalArgumentException("expected a member name at offset " + pos);
      }
      int end = string(pos);
      if (canonical) {
        String key = s.substring(pos + 1, end - 1);
        String previous = lastKey[depth - 1];
        // jsonb keeps one of duplicate keys and orders keys by byte length, then bytes.
        if (key.indexOf('\\') >= 0 || (previous != null && compareAsJsonb(previous, key) >= 0)) {
          canonical = false;
        }
        lastKey[depth - 1] = key;
      }
      pos = whitespace(end);
      if (at(pos) != ':') {
        throw new IllegalArgumentException("expected ':' at offset " + pos);
      }
      emit(':');
      return pos + 1;
    }

    int string(int pos) {
      int start = pos;
      pos++;
      while (true) {
        char c = at(pos);
        if (c == '"') {
          pos++;
          break;
        }
        if (c == '\\') {
          char e = at(pos + 1);
          if (e == 'u') {
            for (int k = pos + 2; k < pos + 6; k++) {
              if (Character.digit(at(k), 16) < 0) {
                throw new IllegalArgumentException("bad unicode escape at offset " + pos);
              }
            }
            canonical = false;
            pos += 6;
          } else if ("\"\\bfnrt".indexOf(e) >= 0) {
            pos += 2;
          } else if (e == '/') {
            canonical = false;
            pos += 2;
          } else {
            throw new IllegalArgumentException("bad escape at offset " + pos);
          }
        } else if (c < 0x20) {
          throw new IllegalArgumentException("control character in a string at offset " + pos);
        } else {
          pos++;
        }
      }
      if (out != null) {
        out.append(s, start, pos);
      }
      return pos;
    }

    private int number(int pos) {
      int start = pos;
      boolean negative = at(pos) == '-';
      if (negative) {
        pos++;
      }
      boolean allZero = true;
      if (at(pos) == '0') {
        pos++;
      } else {
        pos = digits(pos);
        allZero = false;
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        int fractionStart = pos + 1;
        pos = digits(fractionStart);
        for (int k = fractionStart; k < pos && allZero; k++) {
          allZero = s.charAt(k) == '0';
        }
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        canonical = false;
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        pos = digits(pos);
      }
      if ((negative && allZero) || pos - start > MAX_NATIVE_NUMBER_LENGTH) {
        canonical = false;
      }
      if (out != null) {
        out.append(s, start, pos);
      }
      return pos;
    }

    private int digits(int pos) {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a digit at offset " + pos);
      }
      return pos;
    }

    private int literal(int pos, String word) {
      if (!s.startsWith(word, pos)) {
        throw new IllegalArgumentException("unexpected character at offset " + pos);
      }
      if (out != null) {
        out.append(word);
      }
      return pos + word.length();
    }

    private char at(int pos) {
      if (pos >= s.length()) {
        throw new IllegalArgumentException("unexpected end of text");
      }
      return s.charAt(pos);
    }

    private void emit(char c) {
      if (out != null) {
        out.append(c);
      }
    }

    private void push(char c) {
      if (depth == stack.length) {
        stack = Arrays.copyOf(stack, depth * 2);
        lastKey = Arrays.copyOf(lastKey, depth * 2);
      }
      lastKey[depth] = null;
      stack[depth++] = c;
    }
  }

  /** jsonb's key order: shorter UTF-8 encoding first, then unsigned bytes. */
  static int compareAsJsonb(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    return Arrays.compareUnsigned(x, y);
  }
}
