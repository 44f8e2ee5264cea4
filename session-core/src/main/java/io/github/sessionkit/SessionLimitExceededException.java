package io.github.sessionkit;

/**
 * A principal already has the configured maximum number of sessions and the policy is to reject new
 * ones.
 */
public class SessionLimitExceededException extends SessionException {

  private static final long serialVersionUID = 1L;

  private final String principal;
  private final int limit;

  public SessionLimitExceededException(String principal, int limit) {
    super(
        "principal '"
            + principal
            + "' already has "
            + limit
            + " sessions, the configured maximum (maxSessionsPerPrincipal); log out one of them or"
            + " raise the limit");
    this.principal = principal;
    this.limit = limit;
  }

  /** The principal that hit the limit. */
  public String principal() {
    return principal;
  }

  /** The configured limit. */
  public int limit() {
    return limit;
  }
}
