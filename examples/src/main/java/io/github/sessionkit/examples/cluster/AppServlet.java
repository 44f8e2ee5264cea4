package io.github.sessionkit.examples.cluster;

import static io.github.sessionkit.examples.cluster.Html.escape;

import io.github.sessionkit.Session;
import io.github.sessionkit.servlet.SessionFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The demo application of one node: a login form ({@code /}), the session page ({@code /session},
 * which counts visits and links to the same page on the other node) and logout. Sessions come from
 * the {@link SessionFilter} in front of it.
 */
final class AppServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Letters, digits and {@code . _ - @}, 1 to 32 characters. */
  static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,32}");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final transient DemoNode node;

  AppServlet(DemoNode node) {
    this.node = node;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getServletPath()) {
      case "/", "" -> home(request, response);
      case "/session" -> sessionPage(request, response);
      default -> notFound(request, response);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getServletPath()) {
      case "/login" -> login(request, response);
      case "/logout" -> logout(request, response);
      default -> notFound(request, response);
    }
  }

  private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (signedIn(request).isPresent()) {
      seeOther(response, "/session");
      return;
    }
    String notice =
        request.getParameter("signedOut") != null
            ? "<p class=\"notice\" id=\"signed-out\">Signed out. The session is gone from every"
                + " tier, on both nodes.</p>"
            : "";
    loginPage(request, response, HttpServletResponse.SC_OK, notice);
  }

  private void loginPage(
      HttpServletRequest request, HttpServletResponse response, int status, String notice)
      throws IOException {
    String otherNode = Html.url(request, node.peerPort(), "/");
    String body =
        """
        <section class="card login">
          <p class="eyebrow">%s · port %d</p>
          <h1>Sign in</h1>
          <p class="lead">Any name will do; there is no password. Your session is written to PostgreSQL,
          cached in Redis and in this node's memory, and follows you to <a href="%s">node %d</a>.</p>
          %s
          <form method="post" action="/login" class="login-form">
            <label for="username">User name</label>
            <div class="row">
              <input id="username" name="username" autocomplete="username" required maxlength="32"
                     placeholder="alice" autofocus>
              <button class="button primary" id="sign-in" type="submit">Sign in</button>
            </div>
          </form>
        </section>
        <section class="card note">
          <h2>What to try</h2>
          <ol>
            <li>Sign in here, then open the same page on the other node: same session, same visit counter.</li>
            <li>Open the <a href="/admin">admin page</a> and press <em>Stop Redis</em>: the Redis breaker opens,
                PostgreSQL serves, and the pages keep working.</li>
            <li>Press <em>Start Redis</em>: a few seconds later the breaker closes and Redis serves again.</li>
            <li>Sign out on one node: the other node forgets the session at once.</li>
          </ol>
        </section>
        """
            .formatted(
                escape(node.name()), node.port(), escape(otherNode), node.peerNumber(), notice);
    html(response, status, Html.page(node, request, "Sign in", body));
  }

  private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String username = request.getParameter("username");
    username = username == null ? "" : username.trim();
    if (!USERNAME.matcher(username).matches()) {
      loginPage(
          request,
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "<p class=\"notice error\" id=\"login-error\">A user name is 1 to 32 letters, digits,"
              + " dots, dashes, underscores or @.</p>");
      return;
    }
    signIn(node, request, username);
    seeOther(response, "/session");
  }

  /** Signs {@code username} in on {@code node}, as the login page and the JSON API both do. */
  static void signIn(DemoNode node, HttpServletRequest request, String username) {
    Session session = SessionFilter.getOrCreateSession(request);
    session.setPrincipal(username);
    session.put("signedInOn", node.name());
    session.put("signedInAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    session.put("visits", 0);
    // A new id at sign-in: an id planted in the browser before is worthless afterwards.
    request.changeSessionId();
  }

  private void sessionPage(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Session> found = signedIn(request);
    if (found.isEmpty()) {
      seeOther(response, "/");
      return;
    }
    Session session = found.get();
    int visits = session.getOrDefault("visits", Integer.class, 0) + 1;
    session.put("visits", visits);
    session.put("lastServedBy", node.name());

    StringBuilder attributes = new StringBuilder();
    for (String name : new TreeSet<>(session.attributeNames())) {
      attributes
          .append("<tr><th>")
          .append(escape(name))
          .append("</th><td><code>")
          .append(escape(Html.json(session.get(name, Object.class))))
          .append("</code></td></tr>\n");
    }
    String handle = session.handle();
    String otherNode = Html.url(request, node.peerPort(), "/session");
    String body =
        """
        <section class="card hero">
          <p class="eyebrow">Signed in</p>
          <h1>Hello, <span id="principal">%s</span></h1>
          <p class="lead">This page was served by <strong id="served-by">%s</strong> (port %d).
          You have seen it <strong id="visits">%d</strong> time(s), on either node.</p>
          <div class="actions">
            <a class="button primary" id="other-node" href="%s">Open this page on node %d →</a>
            <a class="button" href="/admin">Admin page</a>
            <form method="post" action="/logout">
              <button class="button danger" id="sign-out" type="submit">Sign out</button>
            </form>
          </div>
        </section>
        <section class="card">
          <h2>Your session, as %s sees it</h2>
          <dl class="facts">
            <div><dt>User</dt><dd>%s</dd></div>
            <div><dt>Handle</dt><dd><code title="%s">%s…</code></dd></div>
            <div><dt>Created</dt><dd>%s</dd></div>
            <div><dt>Idle expiry</dt><dd>%s</dd></div>
            <div><dt>Version</dt><dd>%d</dd></div>
            <div><dt>Serving tier now</dt><dd>%s</dd></div>
          </dl>
          <h3>Attributes</h3>
          <table class="attributes">
        %s  </table>
          <p class="hint">The handle is a SHA-256 hash of the session id: it is what logs and stores show. The id
          itself only travels in the <code>SESSION</code> cookie (HttpOnly, SameSite=Lax).</p>
        </section>
        """
            .formatted(
                escape(session.principal()),
                escape(node.name()),
                node.port(),
                visits,
                escape(otherNode),
                node.peerNumber(),
                escape(node.name()),
                escape(session.principal()),
                escape(handle),
                escape(handle.substring(0, 12)),
                TIME.format(session.createdAt()),
                TIME.format(session.expiresAt()),
                session.version(),
                escape(node.store().servingTier()),
                attributes);
    html(response, HttpServletResponse.SC_OK, Html.page(node, request, "Your session", body));
  }

  private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    seeOther(response, "/?signedOut");
  }

  /** The request's session if it belongs to a signed-in user. */
  static Optional<Session> signedIn(HttpServletRequest request) {
    return SessionFilter.currentSession(request).filter(s -> s.principal() != null);
  }

  private void notFound(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String body =
        "<section class=\"card\"><h1>Not found</h1><p>Nothing here. Go to the <a href=\"/\">start"
            + " page</a>.</p></section>";
    html(response, HttpServletResponse.SC_NOT_FOUND, Html.page(node, request, "Not found", body));
  }

  private static void seeOther(HttpServletResponse response, String location) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
  }

  private static void html(HttpServletResponse response, int status, String page)
      throws IOException {
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html; charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
