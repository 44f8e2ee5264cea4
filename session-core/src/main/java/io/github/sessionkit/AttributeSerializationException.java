package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * A value given to {@link Session#put} cannot be stored by the session codec: for the default JSON
 * codec, a type Jackson cannot write, a cycle, or a value that would not read back as it was
 * written (a property without a setter or creator, a lambda). Thrown by {@code put}, so the session
 * is left as it was.
 */
public class AttributeSerializationException extends AttributeException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String valueType;

  public AttributeSerializationException(
      String attribute, String message, @Nullable Throwable cause) {
    this(attribute, null, message, cause);
  }

  /**
   * @param attribute the attribute's name
   * @param valueType the class name of the refused value, or null if unknown
   * @param message what went wrong, naming the attribute and the type
   * @param cause the codec's failure, or null
   */
  public AttributeSerializationException(
      String attribute, @Nullable String valueType, String message, @Nullable Throwable cause) {
    super(attribute, message, cause);
    this.valueType = valueType;
  }

  /** The class name of the value that could not be stored, or null if unknown. */
  public @Nullable String valueType() {
    return valueType;
  }
}
