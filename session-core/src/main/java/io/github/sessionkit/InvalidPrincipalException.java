package io.github.sessionkit;

/**
 * A principal that no store could keep exactly: empty, longer than 256 characters, or holding a NUL
 * or a lone surrogate. Thrown before anything is stored, so every store accepts the same principals
 * and round-trips them byte for byte ("log out everywhere" finds every session).
 */
public class InvalidPrincipalException extends SessionException {

  private static final long serialVersionUID = 1L;

  public InvalidPrincipalException(String message) {
    super(message);
  }
}
