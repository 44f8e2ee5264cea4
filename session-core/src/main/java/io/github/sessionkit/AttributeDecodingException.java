package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * A stored attribute does not decode to the requested type: the class changed since it was written,
 * a different type was asked for, or the stored bytes are corrupt.
 */
public class AttributeDecodingException extends AttributeException {

  private static final long serialVersionUID = 1L;

  public AttributeDecodingException(String attribute, String message, @Nullable Throwable cause) {
    super(attribute, message, cause);
  }
}
