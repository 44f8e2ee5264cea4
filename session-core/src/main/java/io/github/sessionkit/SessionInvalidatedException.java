package io.github.sessionkit;

/**
 * The session was invalidated (or expired) while this request held it: the save or rotation was not
 * applied, because a logout always wins over a late write.
 */
public class SessionInvalidatedException extends SessionException {

  private static final long serialVersionUID = 1L;

  public SessionInvalidatedException(String message) {
    super(message);
  }
}
