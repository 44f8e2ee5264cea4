package io.github.sessionkit.spi;

/** Result of a conditional write: {@link SessionStore#compareAndSet}. */
public enum WriteOutcome {
  /** The record was written. */
  WRITTEN,
  /** A session exists under the key but its version was not the expected one. */
  CONFLICT,
  /** No session exists under the key. */
  NOT_FOUND
}
