package io.github.sessionkit.bench.load;

/**
 * What a virtual user does, one timed action: in process a call (or short sequence of calls) on the
 * manager, over HTTP one request (redirects followed) to the action's path.
 */
enum Operation {
  /** create with a principal, two attributes, save (the insert). */
  LOGIN("login"),
  /** find of the user's own session. */
  CHECK("check"),
  /** find, a new idle timeout (an explicit extension of the session's life), save. */
  REFRESH("refresh"),
  /** find, one attribute changed, save (a merge of the delta). */
  API_CALL("api-call"),
  /** find of one of a few sessions every user reads. */
  HOT_FIND("hot-find"),
  /** invalidate by id. */
  LOGOUT("logout");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
