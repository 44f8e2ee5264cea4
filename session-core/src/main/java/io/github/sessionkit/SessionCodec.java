package io.github.sessionkit;

import io.github.sessionkit.internal.JsonSessionCodec;
import java.lang.reflect.Type;

/**
 * Turns attribute values into the text a store keeps, and back.
 *
 * <p>The encoded form must be a JSON text (stores may keep it in a JSON column), and each
 * attribute is encoded on its own so a save can write only the changed ones. The default,
 * {@link #json()}, uses Jackson data binding without polymorphic type handling: stored data
 * never names a class to instantiate, so it cannot be used to run code, and classes can
 * gain fields without breaking stored sessions. Java serialization is never used.
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionCodec {

  /**
   * Encodes a value.
   *
   * @throws AttributeSerializationException if the value cannot be encoded
   */
  String encode(String name, Object value);

  /**
   * Decodes a stored value to the given type.
   *
   * @throws AttributeDecodingException if the stored text does not decode to that type
   */
  Object decode(String name, String encoded, Type type);

  /** The default codec: JSON through Jackson, with {@code java.time} support. */
  static SessionCodec json() {
    return JsonSessionCodec.INSTANCE;
  }
}
