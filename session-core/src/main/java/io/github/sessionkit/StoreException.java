package io.github.sessionkit;


/**
 * A session store failed an operation: the backend refused it or answered something
 * unexpected. {@link StoreUnavailableException} is the subclass for a backend that cannot
 * be reached at all.
 */
public class StoreException extends SessionException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
