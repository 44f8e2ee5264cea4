package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * The store's backend cannot be reached (refused connection, timeout, pool exhausted, open circuit
 * breaker). The operation may succeed later; nothing was changed by it, or its effect is unknown
 * for a write that timed out.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** With the store and operation that failed (see {@link StoreException#store()}). */
  public StoreUnavailableException(
      @Nullable String store,
      @Nullable String operation,
      String message,
      @Nullable Throwable cause) {
    super(store, operation, message, cause);
  }
}
