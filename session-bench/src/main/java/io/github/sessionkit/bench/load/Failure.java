package io.github.sessionkit.bench.load;

/**
 * An operation that returned normally but not as it should (a session that should exist was not
 * found). Carries no stack trace: it is counted, never printed as one.
 */
final class Failure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  Failure(String message) {
    super(message, null, false, false);
  }
}
