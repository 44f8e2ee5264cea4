package io.github.sessionkit;

import org.jspecify.annotations.Nullable;

/**
 * The backend rejected the credentials (wrong user or password, missing permission). Not an outage:
 * retrying does not help and a circuit breaker does not count it; fix the URL or the password
 * setting named in the message (the password itself is never shown).
 */
public class StoreCredentialsException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreCredentialsException(
      @Nullable String store,
      @Nullable String operation,
      String message,
      @Nullable Throwable cause) {
    super(store, operation, message, cause);
  }
}
