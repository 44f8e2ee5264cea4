package io.github.sessionkit;

import io.github.sessionkit.internal.codec.JsonSessionCodec;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * Turns attribute values into the text a store keeps, and back.
 *
 * <p>The encoded form must be a JSON text (stores may keep it in a JSON column), and each attribute
 * is encoded on its own so a save can write only the changed ones. The default, {@link #json()},
 * uses Jackson and keeps each value's class, so a value reads back as an instance of the class that
 * was stored, for the classes of an allow-list: JDK value and collection types, the application's
 * packages ({@link #jsonBuilder()}), and what a Jackson module maps. Stored data naming any other
 * class is refused without loading that class, and Java serialization is never used.
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionCodec {

  /**
   * Encodes a value.
   *
   * @throws AttributeSerializationException if the value cannot be encoded, or would not decode
   *     back to itself
   * @throws AttributeTypeNotAllowedException if the value, or one inside it, is of a class the
   *     codec may not store
   */
  String encode(String name, Object value);

  /**
   * Decodes a stored value to the given type; null when the stored value is JSON {@code null}.
   *
   * @throws AttributeDecodingException if the stored text does not decode to that type
   */
  @Nullable Object decode(String name, String encoded, Type type);

  /**
   * The default codec: JSON through Jackson, with {@code java.time} support, allowing the JDK value
   * and collection types only. {@code SESSION_ATTRIBUTE_PACKAGES} (read by {@link
   * SessionManager.Builder#settings}) or {@link #jsonBuilder()} allow more.
   */
  static SessionCodec json() {
    return JsonSessionCodec.defaults();
  }

  /** Starts building a JSON codec that allows more classes than {@link #json()}. */
  static JsonCodecBuilder jsonBuilder() {
    return new JsonCodecBuilder();
  }
}
