package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the tool speaks HTTP, against two real HTTP servers on loopback (the JDK's own) that share
 * one session table, as two nodes share a store: cookies kept per login across nodes and redirect
 * hops, bearer tokens, redirects followed only to the targets, refusals told apart from errors.
 */
class HttpSiteTest {

  private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();
  private static HttpServer node1;
  private static HttpServer node2;

  @BeforeAll
  static void startNodes() throws IOException {
    node1 = node();
    node2 = node();
  }

  @AfterAll
  static void stopNodes() {
    node1.stop(0);
    node2.stop(0);
  }

  /** A node of a tiny app: login sets a cookie and a token, the rest needs either. */
  private static HttpServer node() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/login",
        e -> {
          String user =
              new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                  .replace("username=", "");
          String id = "id-" + user + "-" + SESSIONS.size();
          SESSIONS.put(id, user);
          e.getResponseHeaders().add("Set-Cookie", "SID=" + id + "; Path=/; HttpOnly");
          e.getResponseHeaders().add("X-Auth-Token", id);
          e.getResponseHeaders().add("Location", "/me");
          answer(e, 303, "");
        });
    server.createContext(
        "/me",
        e -> {
          String id = sessionId(e);
          answer(
              e,
              id != null && SESSIONS.containsKey(id) ? 200 : 401,
              id == null ? "" : String.valueOf(SESSIONS.get(id)));
        });
    server.createContext(
        "/logout",
        e -> {
          String id = sessionId(e);
          boolean known = id != null && SESSIONS.remove(id) != null;
          e.getResponseHeaders().add("Set-Cookie", "SID=; Path=/; Max-Age=0");
          answer(e, known ? 200 : 401, "");
        });
    server.createContext(
        "/away",
        e -> {
          e.getResponseHeaders().add("Location", "http://192.0.2.1/elsewhere");
          answer(e, 302, "");
        });
    server.createContext(
        "/loop",
        e -> {
          e.getResponseHeaders().add("Location", "/loop");
          answer(e, 302, "");
        });
    server.createContext("/broken", e -> answer(e, 503, "down"));
    server.start();
    return server;
  }

  private static String sessionId(HttpExchange e) {
    String auth = e.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Bearer ")) {
      return auth.substring("Bearer ".length());
    }
    String cookie = e.getRequestHeaders().getFirst("Cookie");
    return cookie != null && cookie.startsWith("SID=") ? cookie.substring(4).split(";")[0] : null;
  }

  private static void answer(HttpExchange e, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      e.getResponseBody().write(bytes);
    }
    e.close();
  }

  private static URI uri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static HttpPlan plan(HttpPlan.Auth auth) {
    return new HttpPlan(
        List.of(uri(node1), uri(node2)),
        new HttpPlan.Paths("/login", "/me", "/me", "/me", "/logout"),
        "username={user}",
        auth,
        "X-Auth-Token",
        null,
        Duration.ofSeconds(5),
        Duration.ZERO,
        Duration.ofSeconds(1));
  }

  @Test
  void aLoginsCookieFollowsItsRedirectAndIsSentToEveryNodeUntilLogout() {
    HttpSite site = new HttpSite(plan(HttpPlan.Auth.COOKIE));
    HttpUser user = new HttpUser(site, "ann", List.of(), new SplittableRandom(1), null);

    HttpLogin login = user.login();

    // The login's 303 set the cookie; the redirected GET /me carried it and was served.
    assertThat(site.get(uri(node1), "/me", login).body()).isEqualTo("ann");
    assertThat(site.get(uri(node2), "/me", login).status()).isEqualTo(200);
    HttpLogin other = user.login();
    assertThat(site.get(uri(node2), "/me", other).body()).isEqualTo("ann");
    HttpLogin stale = login.copy(site.site());
    user.logout(login);
    assertThat(login.jar().getCookieStore().getCookies())
        .as("the logout expired the cookie")
        .isEmpty();
    assertThat(site.get(uri(node1), "/me", stale).status()).isEqualTo(401);
    assertThatThrownBy(() -> user.check(stale))
        .isInstanceOf(Failure.class)
        .hasMessage("session not found (HTTP 401)");
    user.check(other);
  }

  @Test
  void bearerLoginsPresentTheTokenTheLoginAnswered() {
    HttpSite site = new HttpSite(plan(HttpPlan.Auth.BEARER));
    HttpUser user = new HttpUser(site, "bob", List.of(), new SplittableRandom(2), null);

    HttpLogin login = user.login();

    assertThat(login.token()).startsWith("id-bob-");
    assertThat(login.jar().getCookieStore().getCookies())
        .as("an API client keeps no cookies")
        .isEmpty();
    user.check(login);
    user.refresh(login);
    user.logout(login);
    assertThatThrownBy(() -> user.logout(login))
        .isInstanceOf(Failure.class)
        .hasMessage("session to log out not found (HTTP 401)");
  }

  @Test
  void redirectsStayOnTheTargetsAndEndAndErrorsAreNotRefusals() {
    HttpSite site = new HttpSite(plan(HttpPlan.Auth.COOKIE));
    HttpLogin nobody = new HttpLogin();

    assertThatThrownBy(() -> site.get(uri(node1), "/away", nobody))
        .isInstanceOf(Failure.class)
        .hasMessage("redirected away from the targets, to http://192.0.2.1");
    assertThatThrownBy(() -> site.get(uri(node2), "/loop", nobody))
        .isInstanceOf(Failure.class)
        .hasMessage("more than " + HttpSite.MAX_REDIRECTS + " redirects");
    HttpPlan broken =
        new HttpPlan(
            plan(HttpPlan.Auth.COOKIE).targets(),
            new HttpPlan.Paths("/login", "/broken", "/me", "/me", "/logout"),
            "username={user}",
            HttpPlan.Auth.COOKIE,
            "X-Auth-Token",
            null,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ofSeconds(1));
    HttpUser user =
        new HttpUser(new HttpSite(broken), "cy", List.of(), new SplittableRandom(3), null);
    HttpLogin login = user.login();
    assertThatThrownBy(() -> user.check(login)).isInstanceOf(Failure.class).hasMessage("HTTP 503");
  }

  @Test
  void aNodesBasePathPrefixesEveryAction() {
    assertThat(HttpSite.resolve(URI.create("http://127.0.0.1:8081/shop/"), "/api/session"))
        .isEqualTo(URI.create("http://127.0.0.1:8081/shop/api/session"));
    assertThat(HttpSite.resolve(URI.create("http://127.0.0.1:8081"), "/api/session"))
        .isEqualTo(URI.create("http://127.0.0.1:8081/api/session"));
  }

  @Test
  void theLoginBodyCarriesTheUsersNameFormEncoded() {
    HttpUser user =
        new HttpUser(
            new HttpSite(plan(HttpPlan.Auth.COOKIE)),
            "x",
            List.of(),
            new SplittableRandom(4),
            null);

    assertThat(user.loginBody("load user&1")).isEqualTo("username=load+user%261");
  }
}
