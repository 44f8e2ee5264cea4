package io.github.sessionkit.bench.load;

/**
 * What one virtual user can do to the system under test, one method per {@link Operation}:
 * in-process calls on a {@code SessionManager} ({@link InProcessUser}) or HTTP requests to the
 * application ({@link HttpUser}). A method that returns normally succeeded; one that did not throws
 * ({@link Failure} for a wrong answer, anything else for a broken call). Used by one thread only.
 *
 * @param <L> a login: what identifies one signed-in session of this user (a session id, or a cookie
 *     jar or bearer token over HTTP); a user may hold several at once, as a person with two
 *     browsers does
 */
interface UserActions<L> {

  /** Signs in: a new session for this user. */
  L login();

  /** Reads the session, which must exist. */
  void check(L login);

  /** Extends the session's life explicitly. */
  void refresh(L login);

  /** Changes attributes of the session, as an API call that updates it does. */
  void apiCall(L login);

  /** Ends the session; it must have existed. */
  void logout(L login);

  /** Reads one of the few sessions every user reads. */
  void hotFind();

  /** Ends the session when the run is over, without measuring; a failure is of no interest then. */
  void logoutQuietly(L login);
}
