package io.github.sessionkit;


/**
 * A value given to {@link Session#put} cannot be encoded by the session codec (for the
 * default JSON codec: no serializable properties, a cycle, a type Jackson cannot write).
 * Thrown by {@code put}, so the session is left as it was.
 */
public class AttributeSerializationException extends AttributeException {

  private static final long serialVersionUID = 1L;

  public AttributeSerializationException(String attribute, String message) {
    super(attribute, message);
  }

  public AttributeSerializationException(String attribute, String message, Throwable cause) {
    super(attribute, message, cause);
  }
}
