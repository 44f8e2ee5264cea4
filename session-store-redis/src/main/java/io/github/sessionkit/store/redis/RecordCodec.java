package io.github.sessionkit.store.redis;

import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.spi.SessionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a {@link SessionRecord} to the fields of its Redis hash and back. Metadata fields start with
 * {@code #}, attribute fields with {@code @}, so no attribute name can collide with metadata and a
 * delta is an HSET/HDEL of just the changed attribute fields. Numbers are decimal strings, so times
 * round-trip exactly.
 */
final class RecordCodec {

  static final String VERSION = "#v";
  static final String CREATED = "#c";
  static final String ACCESSED = "#a";
  static final String IDLE = "#i";
  static final String ABSOLUTE = "#x";
  static final String PRINCIPAL = "#p";
  static final String DELETED = "#d";
  static final String GENERATION = "#g";
  static final char ATTRIBUTE = '@';

  private RecordCodec() {}

  static String attributeField(String name) {
    return ATTRIBUTE + name;
  }

  /** Every field and value of a record, alternating, as HSET takes them. */
  static List<String> fields(SessionRecord record) {
    return fields(record, 0);
  }

  /** The fields of a record written in {@code generation} (none is written for 0). */
  static List<String> fields(SessionRecord record, long generation) {
    List<String> out = new ArrayList<>(14 + 2 * record.attributes().size());
    if (generation > 0) {
      out.add(GENERATION);
      out.add(Long.toString(generation));
    }
    out.add(VERSION);
    out.add(Long.toString(record.version()));
    out.add(CREATED);
    out.add(Long.toString(record.createdAt()));
    out.add(ACCESSED);
    out.add(Long.toString(record.lastAccessedAt()));
    out.add(IDLE);
    out.add(Long.toString(record.idleTimeoutMillis()));
    out.add(ABSOLUTE);
    out.add(Long.toString(record.absoluteExpiresAt()));
    if (record.principal() != null) {
      out.add(PRINCIPAL);
      out.add(record.principal());
    }
    for (Map.Entry<String, String> e : record.attributes().entrySet()) {
      out.add(attributeField(e.getKey()));
      out.add(e.getValue());
    }
    return out;
  }

  /** What a hash holds. */
  sealed interface Decoded permits Found, Absent, Corrupt {}

  /**
   * A well-formed session record (possibly expired: the caller decides), and the cache generation
   * it was written in (0 if none).
   */
  record Found(SessionRecord record, long generation) implements Decoded {}

  /** Nothing, or a tombstone of a deleted session. */
  record Absent() implements Decoded {}

  /** Foreign or damaged data; {@code reason} is safe to log (no values). */
  record Corrupt(String reason) implements Decoded {}

  static final Absent ABSENT = new Absent();

  /** Decodes the HGETALL answer of a session key. */
  static Decoded decode(SessionKey key, Map<String, String> hash) {
    if (hash.isEmpty()) {
      return ABSENT;
    }
    if (hash.containsKey(DELETED)) {
      return ABSENT;
    }
    Long version = null;
    Long created = null;
    Long accessed = null;
    Long idle = null;
    Long absolute = null;
    String principal = null;
    long generation = 0;
    Map<String, String> attributes = new LinkedHashMap<>(Math.max(4, hash.size() * 2));
    for (Map.Entry<String, String> e : hash.entrySet()) {
      String field = e.getKey();
      String value = e.getValue();
      if (field == null || value == null) {
        return new Corrupt("null field or value");
      }
      if (!field.isEmpty() && field.charAt(0) == ATTRIBUTE) {
        attributes.put(field.substring(1), value);
        continue;
      }
      switch (field) {
        case VERSION -> version = number(value);
        case CREATED -> created = number(value);
        case ACCESSED -> accessed = number(value);
        case IDLE -> idle = number(value);
        case ABSOLUTE -> absolute = number(value);
        case PRINCIPAL -> principal = value;
        case GENERATION -> {
          Long parsed = number(value);
          generation = parsed == null ? -1 : parsed;
        }
        default -> {
          // Neither metadata we know nor an attribute: ignored, as the scripts ignore it, so a
          // field added by a later version of this library does not make sessions unreadable.
        }
      }
    }
    if (version == null
        || created == null
        || accessed == null
        || idle == null
        || absolute == null) {
      return new Corrupt("missing or non-numeric metadata fields");
    }
    if (version < 1 || idle <= 0) {
      return new Corrupt("version " + version + " or idle timeout " + idle + " out of range");
    }
    return new Found(
        SessionRecord.builder(key)
            .principal(principal)
            .createdAt(created)
            .lastAccessedAt(accessed)
            .idleTimeoutMillis(idle)
            .absoluteExpiresAt(absolute)
            .version(version)
            .attributesTrusted(attributes)
            .build(),
        generation);
  }

  /** Decodes a flat field/value list as a Lua script returns HGETALL. */
  static Decoded decode(SessionKey key, List<?> flat) {
    Map<String, String> hash = new LinkedHashMap<>(Math.max(4, flat.size()));
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(RedisReplies.string(flat.get(i)), RedisReplies.string(flat.get(i + 1)));
    }
    if (flat.size() % 2 != 0) {
      return new Corrupt("odd number of hash elements");
    }
    return decode(key, hash);
  }

  private static @Nullable Long number(String value) {
    int n = value.length();
    if (n == 0 || n > 20) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if ((c < '0' || c > '9') && !(i == 0 && c == '-' && n > 1)) {
        return null;
      }
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
