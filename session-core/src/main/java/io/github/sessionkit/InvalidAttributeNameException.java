package io.github.sessionkit;

/**
 * An attribute name that no store could keep exactly: empty, longer than 256 characters, or holding
 * a control character or a lone surrogate. Thrown by {@link Session#put} and friends, leaving the
 * session as it was.
 */
public class InvalidAttributeNameException extends AttributeException {

  private static final long serialVersionUID = 1L;

  public InvalidAttributeNameException(String attribute, String message) {
    super(attribute, message);
  }
}
