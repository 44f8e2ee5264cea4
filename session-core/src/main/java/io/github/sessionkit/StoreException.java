package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * A session store failed an operation: the backend refused it or answered something unexpected.
 * Subclasses tell the causes apart: {@link StoreUnavailableException} for a backend that cannot
 * serve now (unreachable, {@link StoreUnreachableException}; too slow or busy; a call refused by an
 * open circuit breaker, {@link CallRefusedException}), and {@link StoreCredentialsException} for
 * credentials the backend rejected.
 *
 * <p>{@link #store()} and {@link #operation()} say where it happened when the store knows.
 */
public class StoreException extends SessionException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String store;
  private final @Nullable String operation;

  public StoreException(String message) {
    this(null, null, message, null);
  }

  public StoreException(String message, @Nullable Throwable cause) {
    this(null, null, message, cause);
  }

  /**
   * @param store the store's name ({@code redis}, {@code postgresql}...), or null
   * @param operation the store operation ({@code load}, {@code merge}...), or null
   */
  public StoreException(
      @Nullable String store,
      @Nullable String operation,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.store = store;
    this.operation = operation;
  }

  /**
   * The name of the store that failed ({@code redis}, {@code postgresql}...), or null if unknown.
   */
  public @Nullable String store() {
    return store;
  }

  /**
   * The store operation that failed ({@code load}, {@code merge}, {@code delete}...), or null if
   * unknown.
   */
  public @Nullable String operation() {
    return operation;
  }
}
