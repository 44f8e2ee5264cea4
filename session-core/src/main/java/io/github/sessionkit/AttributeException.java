package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * An attribute could not be stored or read back: it cannot be encoded, is too large, or its stored
 * form does not decode to the requested type.
 */
public class AttributeException extends SessionException {

  private static final long serialVersionUID = 1L;

  private final String attribute;

  public AttributeException(String attribute, String message) {
    super(message);
    this.attribute = attribute;
  }

  public AttributeException(String attribute, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.attribute = attribute;
  }

  /** The attribute's name. */
  public String attribute() {
    return attribute;
  }
}
