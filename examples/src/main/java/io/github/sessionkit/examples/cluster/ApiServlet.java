package io.github.sessionkit.examples.cluster;

import io.github.sessionkit.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's JSON API: the requests the load tool ({@code LoadTest --target}) makes, one per action
 * of its scenarios. Every path but login answers 401 without a signed-in session (cookie or bearer
 * token, see {@link CookieOrBearerIdResolver}).
 *
 * <ul>
 *   <li>{@code POST /api/login} (form field {@code username}): signs in, as the login page does (a
 *       new id at sign-in); 200, or 400 for a bad name.
 *   <li>{@code GET /api/session}: the session check; 200 with the user and visit count.
 *   <li>{@code POST /api/session/refresh}: an explicit extension of the session's life (its idle
 *       timeout alternates between {@link DemoNode#IDLE_TIMEOUT} and one minute more).
 *   <li>{@code POST /api/items}: an API call that changes two attributes.
 *   <li>{@code POST /api/logout}: invalidates the session on every node.
 * </ul>
 *
 * <p>Every answer says which node served it ({@value #SERVED_BY_HEADER}) and which tier serves the
 * node's sessions now ({@value #SERVING_TIER_HEADER}), so a load report can show a Redis outage on
 * its timeline.
 */
final class ApiServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String SERVED_BY_HEADER = "X-Served-By";
  static final String SERVING_TIER_HEADER = "X-Serving-Tier";

  private final transient DemoNode node;

  ApiServlet(DemoNode node) {
    this.node = node;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if ("/session".equals(request.getPathInfo())) {
      Optional<Session> session = AppServlet.signedIn(request);
      if (session.isPresent()) {
        int visits = session.get().getOrDefault("visits", Integer.class, 0) + 1;
        session.get().put("visits", visits);
        session.get().put("lastServedBy", node.name());
        answer(
            response,
            HttpServletResponse.SC_OK,
            Map.of("principal", principal(session.get()), "visits", visits));
      } else {
        unauthorized(response);
      }
    } else {
      answer(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "no such API path"));
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = String.valueOf(request.getPathInfo());
    if (path.equals("/login")) {
      login(request, response);
      return;
    }
    if (!path.equals("/session/refresh") && !path.equals("/items") && !path.equals("/logout")) {
      answer(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "no such API path"));
      return;
    }
    Optional<Session> found = AppServlet.signedIn(request);
    if (found.isEmpty()) {
      unauthorized(response);
      return;
    }
    Session session = found.get();
    switch (path) {
      case "/session/refresh" -> {
        Duration longer = DemoNode.IDLE_TIMEOUT.plusMinutes(1);
        Duration next = session.idleTimeout().equals(longer) ? DemoNode.IDLE_TIMEOUT : longer;
        session.setIdleTimeout(next);
        answer(response, HttpServletResponse.SC_OK, Map.of("idleTimeoutSeconds", next.toSeconds()));
      }
      case "/items" -> {
        int calls = session.getOrDefault("apiCalls", Integer.class, 0) + 1;
        session.put("apiCalls", calls);
        session.put(
            "lastItem",
            request.getParameter("item") == null ? "none" : request.getParameter("item"));
        answer(response, HttpServletResponse.SC_OK, Map.of("apiCalls", calls));
      }
      default -> {
        HttpSession httpSession = request.getSession(false);
        if (httpSession != null) {
          httpSession.invalidate();
        }
        answer(response, HttpServletResponse.SC_OK, Map.of("signedOut", true));
      }
    }
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String username = request.getParameter("username");
    username = username == null ? "" : username.trim();
    if (!AppServlet.USERNAME.matcher(username).matches()) {
      answer(
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          Map.of(
              "error", "a user name is 1 to 32 letters, digits, dots, dashes, underscores or @"));
      return;
    }
    AppServlet.signIn(node, request, username);
    answer(response, HttpServletResponse.SC_OK, Map.of("principal", username));
  }

  private static String principal(Session session) {
    return String.valueOf(session.principal());
  }

  private void unauthorized(HttpServletResponse response) throws IOException {
    answer(response, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "not signed in"));
  }

  private void answer(HttpServletResponse response, int status, Map<String, Object> body)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>(body);
    out.put("node", node.name());
    byte[] bytes = Html.JSON.writeValueAsBytes(out);
    response.setStatus(status);
    response.setHeader(SERVED_BY_HEADER, node.name());
    response.setHeader(SERVING_TIER_HEADER, node.store().servingTier());
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
