package io.github.sessionkit.bench.suite;

/**
 * One session store under measurement, sessionkit's or Spring Session's, holding {@link
 * Subjects#SESSIONS} sessions made alike (principal, a two-item cart, a theme). Every method works
 * on the i-th of them and returns something for the benchmark to consume.
 */
interface Subject extends AutoCloseable {

  /** Reads session i (the repository's or manager's find, nothing else). */
  Object find(int index);

  /**
   * Creates and saves a new session with the same shape; {@code serial} makes its principal unique.
   */
  Object create(long serial);

  /** A typical request on session i: find, change one attribute, save. */
  Object typical(int index);

  /** A read-only request on session i: find, change nothing, save (as a request filter does). */
  Object readOnly(int index);

  @Override
  void close();
}
