package io.github.sessionkit.bench.load;

/** A command line the tool cannot run: an unknown flag, scenario or profile, or a bad value. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
