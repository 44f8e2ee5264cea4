package io.github.sessionkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo in-process on real embedded PostgreSQL and Redis, driven over HTTP like a browser would
 * (a cookie jar, redirects followed). Synthetic traffic is off, so every breaker transition seen
 * here is caused by the test's own requests.
 */
class ClusterDemoIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static ClusterDemo demo;

  @BeforeAll
  static void startDemo() {
    // Ports 0: any free ones; no URLs: embedded servers, whatever the environment says; no
    // synthetic traffic.
    demo =
        ClusterDemo.start(
            new DemoOptions(0, 0, null, null, null, 0),
            new PrintStream(OutputStream.nullOutputStream()));
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theSessionFollowsTheUserAcrossNodesThroughARedisOutageUntilLogout() throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // Sign in on node 1: the form posts, the filter rotates the id and redirects to the session
    // page.
    HttpResponse<String> signedIn = send(browser, post(url(1, "/login"), "username=alice"));
    assertThat(signedIn.statusCode()).isEqualTo(200);
    assertThat(signedIn.uri().getPath()).isEqualTo("/session");
    assertPage(signedIn, "alice", 1, 1);
    String sessionId = idOf(sessionCookie(cookies));

    // The same cookie on node 2 (same host, other port): node 2 finds the session in the shared
    // tiers.
    HttpResponse<String> onNode2 = send(browser, get(url(2, "/session")));
    assertPage(onNode2, "alice", 2, 2);
    // The cookie carries the session's version after each save: same id, newer version.
    assertThat(idOf(sessionCookie(cookies))).isEqualTo(sessionId);

    // Redis stops. Reads and writes go on on both nodes; the breakers open; PostgreSQL serves.
    assertThat(send(browser, adminAction(1, "stop")).statusCode()).isEqualTo(200);
    assertThat(demo.backends().redisRunning()).isFalse();
    int visits = 2;
    visits = browseUntil(browser, visits, "OPEN", "postgresql");
    assertThat(tier(admin(browser, 1), "redis").path("available").asBoolean()).isFalse();

    // Redis comes back (empty): trial calls succeed and both breakers close; Redis serves again.
    assertThat(send(browser, adminAction(2, "start")).statusCode()).isEqualTo(200);
    assertThat(demo.backends().redisRunning()).isTrue();
    visits = browseUntil(browser, visits, "CLOSED", "redis");

    for (int node = 1; node <= 2; node++) {
      JsonNode stats = admin(browser, node);
      assertThat(stats.path("requests").path("failed").asLong())
          .as("failed requests on node %d", node)
          .isZero();
      assertThat(stats.path("you").path("principal").asText()).isEqualTo("alice");
      assertThat(stats.path("stats").path("activeSessions").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(stats.path("breakerChanges").toString())
          .contains("\"to\":\"OPEN\"")
          .contains("\"to\":\"CLOSED\"");
    }

    // Sign out on node 2: the cookie is expired, and node 1 no longer knows the session.
    HttpResponse<String> signedOut = send(browser, post(url(2, "/logout"), ""));
    assertThat(signedOut.statusCode()).isEqualTo(200);
    assertThat(signedOut.body()).contains("id=\"signed-out\"").contains("id=\"username\"");
    assertThat(cookies.getCookieStore().getCookies()).noneMatch(c -> c.getName().equals("SESSION"));

    HttpClient oldCookieHolder =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> oldCookieOnNode1 =
        send(
            oldCookieHolder,
            HttpRequest.newBuilder(url(1, "/session"))
                .header("Cookie", "SESSION=" + sessionId)
                .build());
    assertThat(oldCookieOnNode1.statusCode()).isEqualTo(303);
    assertThat(oldCookieOnNode1.headers().firstValue("Location")).hasValue("/");
    assertThat(demo.node(1).manager().find(sessionId)).isEmpty();
    assertThat(demo.node(2).manager().find(sessionId)).isEmpty();
  }

  @Test
  void theRedisButtonsNeedTheDemoHeaderAndPagesServeEverythingThemselves() throws Exception {
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> forged =
        send(
            client,
            HttpRequest.newBuilder(url(1, "/admin/redis/stop"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("X-Requested-By: sessionkit-demo");
    assertThat(demo.backends().redisRunning()).isTrue();

    HttpResponse<String> adminPage = send(client, get(url(2, "/admin")));
    assertThat(adminPage.statusCode()).isEqualTo(200);
    assertThat(adminPage.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'self'").contains("script-src 'self'"));
    assertThat(adminPage.body())
        .contains("<script src=\"/static/admin.js\"")
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http");
    for (String file : new String[] {"admin.js", "demo.css", "favicon.svg"}) {
      assertThat(send(client, get(url(1, "/static/" + file))).statusCode()).as(file).isEqualTo(200);
    }
    assertThat(send(client, get(url(1, "/static/../ClusterDemo.class"))).statusCode())
        .isIn(400, 404);
    assertThat(send(client, get(url(1, "/no-such-page"))).statusCode()).isEqualTo(404);

    HttpResponse<String> badName = send(client, post(url(1, "/login"), "username=%3Cscript%3E"));
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).contains("id=\"login-error\"").doesNotContain("<script>");
  }

  @Test
  void theJsonApiServesTheLoadToolsActionsWithCookiesOrBearerTokensOnBothNodes() throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

    HttpResponse<String> login = send(browser, post(url(1, "/api/login"), "username=carol"));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(Html.JSON.readTree(login.body()).path("principal").asText()).isEqualTo("carol");
    assertThat(login.headers().firstValue(ApiServlet.SERVED_BY_HEADER)).hasValue("node 1");
    assertThat(login.headers().firstValue(ApiServlet.SERVING_TIER_HEADER))
        .hasValueSatisfying(tier -> assertThat(tier).isIn("redis", "postgresql"));
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    assertThat(token)
        .as("the cookie and the token name one session")
        .isEqualTo(sessionCookie(cookies));

    HttpResponse<String> check = send(browser, get(url(2, "/api/session")));
    assertThat(check.statusCode()).isEqualTo(200);
    assertThat(Html.JSON.readTree(check.body()).path("visits").asInt()).isEqualTo(1);
    assertThat(check.headers().firstValue(ApiServlet.SERVED_BY_HEADER)).hasValue("node 2");
    HttpResponse<String> refresh = send(browser, post(url(1, "/api/session/refresh"), ""));
    assertThat(Html.JSON.readTree(refresh.body()).path("idleTimeoutSeconds").asLong())
        .isEqualTo(DemoNode.IDLE_TIMEOUT.plusMinutes(1).toSeconds());
    assertThat(
            Html.JSON
                .readTree(send(browser, post(url(2, "/api/items"), "item=7")).body())
                .path("apiCalls")
                .asInt())
        .isEqualTo(1);

    // An API client presents the token instead of the cookie, on either node.
    HttpClient api = HttpClient.newHttpClient();
    HttpResponse<String> withToken =
        send(
            api,
            HttpRequest.newBuilder(url(2, "/api/items"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("item=8"))
                .build());
    assertThat(Html.JSON.readTree(withToken.body()).path("apiCalls").asInt()).isEqualTo(2);
    HttpResponse<String> logout =
        send(
            api,
            HttpRequest.newBuilder(url(1, "/api/logout"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(logout.statusCode()).isEqualTo(200);

    // Gone on both nodes, for the cookie and the token alike: 401, never a new session.
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int status;
    do {
      status = send(browser, get(url(2, "/api/session"))).statusCode();
    } while (status == 200 && System.nanoTime() < deadline);
    assertThat(status).isEqualTo(401);
    assertThat(
            send(
                    api,
                    HttpRequest.newBuilder(url(1, "/api/session"))
                        .header("Authorization", "Bearer " + token)
                        .build())
                .statusCode())
        .isEqualTo(401);
    assertThat(send(api, post(url(1, "/api/logout"), "")).statusCode()).isEqualTo(401);
    assertThat(send(api, post(url(1, "/api/login"), "username=%3Cx%3E")).statusCode())
        .isEqualTo(400);
    assertThat(send(api, get(url(1, "/api/nothing"))).statusCode()).isEqualTo(404);
  }

  @Test
  void serversNamedByTheEnvironmentAreUsedAndNeverStopped() throws Exception {
    try (PostgresServer postgres = PostgresServer.startEmbedded();
        RedisProcess redis = RedisProcess.startDefault()) {
      DemoOptions options =
          DemoOptions.parse(
              new String[] {"--port1", "0", "--port2", "0", "--traffic", "0"},
              Map.of("DATABASE_URL", postgres.databaseUrl(), "REDIS_URL", redis.url()));
      try (ClusterDemo external =
          ClusterDemo.start(options, new PrintStream(OutputStream.nullOutputStream()))) {
        HttpClient browser =
            HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        URI node1 = external.nodeUrl(1);
        URI node2 = external.nodeUrl(2);
        assertPage(send(browser, post(node1.resolve("/login"), "username=bob")), "bob", 1, 1);
        assertPage(send(browser, get(node2.resolve("/session"))), "bob", 2, 2);

        JsonNode stats =
            Html.JSON.readTree(send(browser, get(node2.resolve("/admin/stats.json"))).body());
        assertThat(stats.path("redis").path("controllable").asBoolean()).isFalse();
        assertThat(stats.path("redis").path("url").asText()).isEqualTo(redis.url());
        assertThat(stats.path("postgres").path("embedded").asBoolean()).isFalse();

        HttpResponse<String> stop =
            send(
                browser,
                HttpRequest.newBuilder(node1.resolve("/admin/redis/stop"))
                    .header(AdminServlet.ACTION_HEADER, AdminServlet.ACTION_HEADER_VALUE)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
        assertThat(stop.statusCode()).isEqualTo(409);
        assertThat(stop.body()).contains("REDIS_URL");
        assertThat(redis.isRunning()).isTrue();
      }
      // Closing the demo left the servers it did not start alone.
      assertThat(redis.isRunning()).isTrue();
      assertThat(postgres.isRunning()).isTrue();
    }
  }

  @Test
  void exitAfterStopsTheDemoByItselfAndFreesItsPorts() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ClusterDemo.run(
            new String[] {"--port1", "0", "--port2", "0", "--exit-after", "2s", "--traffic", "0"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as("stderr: %s", err).isZero();
    assertThat(printed)
        .contains(
            "  node 1      http://localhost:",
            "  node 2      http://localhost:",
            "  admin page  http://localhost:",
            "  PostgreSQL  embedded, postgresql://",
            "  Redis       embedded, redis://",
            "Stops by itself after 2s",
            "--exit-after 2s elapsed: stopping the cluster demo.",
            "Stopped.",
            "  ./mvnw -B -q -pl session-bench exec:java -Dexec.args=\"--target http://127.0.0.1:");
    Matcher port = Pattern.compile("node 1 {6}http://localhost:(\\d+)/").matcher(printed);
    assertThat(port.find()).isTrue();
    URI node1 = URI.create("http://localhost:" + port.group(1) + "/");
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient().send(get(node1), HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
  }

  /**
   * Views the session page on node 1 and node 2 in turn, with no pause between nodes, until both
   * nodes' admin JSON shows the Redis breaker in {@code breaker} and {@code serving} as the serving
   * tier. Every page must show alice and count exactly one more visit than the page before,
   * whichever node serves it: the cookie carries the version the browser last saw, so the other
   * node never answers from an older local copy (read-your-writes).
   *
   * @return the visit count at the end
   */
  private static int browseUntil(HttpClient browser, int visits, String breaker, String serving)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    int node = 1;
    while (true) {
      int first =
          visitCount(assertPage(send(browser, get(url(node, "/session"))), "alice", node, -1));
      assertThat(first).as("visits right after switching to node %d", node).isEqualTo(visits + 1);
      int second =
          visitCount(assertPage(send(browser, get(url(node, "/session"))), "alice", node, -1));
      assertThat(second).as("a second view on node %d", node).isEqualTo(first + 1);
      visits = second;
      if (node == 2
          && reached(browser, 1, breaker, serving)
          && reached(browser, 2, breaker, serving)) {
        return visits;
      }
      assertThat(System.nanoTime())
          .as("both Redis breakers %s within %s", breaker, PATIENCE)
          .isLessThan(deadline);
      node = node == 1 ? 2 : 1;
    }
  }

  private static boolean reached(HttpClient browser, int node, String breaker, String serving)
      throws Exception {
    JsonNode stats = admin(browser, node);
    return tier(stats, "redis").path("breaker").asText().equals(breaker)
        && stats.path("serving").asText().equals(serving);
  }

  private static JsonNode tier(JsonNode stats, String name) {
    for (JsonNode tier : stats.path("tiers")) {
      if (tier.path("name").asText().equals(name)) {
        return tier;
      }
    }
    throw new AssertionError("no tier " + name + " in " + stats);
  }

  private static JsonNode admin(HttpClient client, int node) throws Exception {
    HttpResponse<String> response = send(client, get(url(node, "/admin/stats.json")));
    assertThat(response.statusCode()).isEqualTo(200);
    return Html.JSON.readTree(response.body());
  }

  /** Checks the session page: principal, serving node, and (unless -1) the visit count. */
  private static HttpResponse<String> assertPage(
      HttpResponse<String> page, String principal, int node, int visits) {
    assertThat(page.statusCode()).as("status of %s", page.uri()).isEqualTo(200);
    assertThat(page.body())
        .contains("<span id=\"principal\">" + principal + "</span>")
        .contains("<strong id=\"served-by\">node " + node + "</strong>");
    if (visits >= 0) {
      assertThat(visitCount(page)).isEqualTo(visits);
    }
    return page;
  }

  private static int visitCount(HttpResponse<String> page) {
    Matcher m = Pattern.compile("<strong id=\"visits\">(\\d+)</strong>").matcher(page.body());
    assertThat(m.find()).as("visit counter on the page").isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The id part of a session cookie value {@code <id>.<version>}. */
  private static String idOf(String cookieValue) {
    int dot = cookieValue.indexOf('.');
    return dot < 0 ? cookieValue : cookieValue.substring(0, dot);
  }

  private static String sessionCookie(CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("SESSION"))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no SESSION cookie"));
  }

  private static URI url(int node, String path) {
    return demo.nodeUrl(node).resolve(path);
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
  }

  private static HttpRequest post(URI uri, String form) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static HttpRequest adminAction(int node, String action) {
    return HttpRequest.newBuilder(url(node, "/admin/redis/" + action))
        .timeout(Duration.ofSeconds(30))
        .header(AdminServlet.ACTION_HEADER, AdminServlet.ACTION_HEADER_VALUE)
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
