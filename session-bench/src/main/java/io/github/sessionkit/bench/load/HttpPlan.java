package io.github.sessionkit.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a run reaches an application over HTTP: its nodes, the path of each action, how a virtual
 * user proves its session, and the limits of each request.
 *
 * <p>The actions are {@code POST} login (a form body), {@code GET} check, {@code POST} refresh,
 * {@code POST} API call, {@code POST} logout. A 2xx answer (after redirects) is a success; check,
 * refresh, API call and logout must answer otherwise (401, 403, a redirect to a page that is not
 * 2xx...) when the session is gone.
 *
 * @param targets the nodes, {@code http://host:port} with an optional base path; a request goes to
 *     one of them at random, and they share cookies as one site behind a load balancer does
 * @param paths where each action goes, below a target's base path
 * @param loginBody the form body of a login; {@value #USER_PLACEHOLDER} becomes the user's name
 * @param auth how a user presents its session
 * @param tokenHeader the response header a login's bearer token is read from ({@link Auth#BEARER})
 * @param timelineHeader a response header whose values the report's timeline shows per second (the
 *     demo's {@code X-Serving-Tier}), or null for none
 * @param timeout the longest a request may take, connecting included
 * @param probeInterval time between two cross-node probes; zero for none
 * @param logoutWindow how long after a logout on one node another may still serve the session (a
 *     change notice takes a few milliseconds to arrive) before a probe counts it as a failure
 */
record HttpPlan(
    List<URI> targets,
    Paths paths,
    String loginBody,
    Auth auth,
    String tokenHeader,
    @Nullable String timelineHeader,
    Duration timeout,
    Duration probeInterval,
    Duration logoutWindow) {

  /** What a login body's user name is written as. */
  static final String USER_PLACEHOLDER = "{user}";

  /** How a virtual user presents its session. */
  enum Auth {
    /** The cookies the application sets, kept in the user's own cookie jar, as a browser does. */
    COOKIE,
    /**
     * {@code Authorization: Bearer <token>}, the token read from the login's answer, as an API
     * client does.
     */
    BEARER
  }

  /**
   * The path of each action.
   *
   * @param login {@code POST}, form body
   * @param check {@code GET}
   * @param refresh {@code POST}
   * @param apiCall {@code POST}
   * @param logout {@code POST}
   */
  record Paths(String login, String check, String refresh, String apiCall, String logout) {

    /** The cluster demo's JSON API. */
    static final Paths DEMO =
        new Paths(
            "/api/login", "/api/session", "/api/session/refresh", "/api/items", "/api/logout");
  }

  HttpPlan {
    targets = List.copyOf(targets);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("targets must not be empty");
    }
  }

  /** Whether there are nodes to compare: cross-node probes need two. */
  boolean severalNodes() {
    return targets.size() > 1;
  }
}
