package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception sessionkit throws. Unchecked; catch a subclass to tell invalid input from
 * conflicts from an unreachable store.
 */
public class SessionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SessionException(String message) {
    super(message);
  }

  public SessionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
