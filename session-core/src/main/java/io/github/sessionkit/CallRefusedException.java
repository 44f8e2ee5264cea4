package io.github.sessionkit;

/**
 * A call the library did not make because the circuit breaker in front of the store is open: the
 * store was failing moments ago and is given time (and probes) before it is called again. Tells a
 * refused call from a server that was tried and is down ({@link StoreUnreachableException}); both
 * are unavailability, so callers that only care catch {@link StoreUnavailableException}.
 */
public class CallRefusedException extends StoreUnavailableException {

  private static final long serialVersionUID = 1L;

  private final String breakerState;

  public CallRefusedException(String store, String operation, String breakerState, String message) {
    super(store, operation, message, null);
    this.breakerState = breakerState;
  }

  /** The breaker's state when it refused the call ({@code OPEN}, {@code FORCED_OPEN}...). */
  public String breakerState() {
    return breakerState;
  }
}
