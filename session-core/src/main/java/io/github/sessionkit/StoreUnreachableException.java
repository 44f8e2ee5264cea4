package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * The store's server refused or dropped the connection: it is down, restarting or cut off, not
 * merely slow or busy (a timeout or an exhausted pool is a plain {@link
 * StoreUnavailableException}). A tiered store stops calling its record of truth at the first one of
 * these, since every further call would fail the same way.
 */
public class StoreUnreachableException extends StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  public StoreUnreachableException(String message) {
    super(message);
  }

  public StoreUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** With the store and operation that failed (see {@link StoreException#store()}). */
  public StoreUnreachableException(
      @Nullable String store,
      @Nullable String operation,
      String message,
      @Nullable Throwable cause) {
    super(store, operation, message, cause);
  }
}
