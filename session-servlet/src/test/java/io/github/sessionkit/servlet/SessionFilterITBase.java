package io.github.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.AttributeSerializationException;
import io.github.sessionkit.SessionCodec;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.servlet.CookieSessionIdResolver.SameSite;
import io.github.sessionkit.servlet.HttpTestClient.SetCookie;
import io.github.sessionkit.servlet.ServletContainer.Mount;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.CountingSessionStore;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter on a real container, two "nodes" (two containers, two managers, one {@link
 * RedisSessionStore} each) sharing one real Redis, driven by a real HTTP client, as two pods behind
 * a load balancer. One subclass per container runs every test.
 *
 * <p>Each node mounts the same application behind differently configured filters: {@code /web}
 * (cookie, all defaults), {@code /custom} (cookie, every setting changed), {@code /api-login}
 * (bearer token, optional), {@code /api} (bearer token, required) and {@code /token} ({@code
 * X-Auth-Token} header); node 1 also mounts {@code /down}, whose store reaches Redis through a
 * fault proxy that can refuse connections like a crashed server. Time is a {@link ManualClock}
 * shared by both nodes and their stores, so expiry needs no sleeping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionFilterITBase {

  private static final Duration IDLE = Duration.ofMinutes(30);

  /** The container every test of the subclass runs on. */
  abstract ServletContainer.Factory containers();

  private final HttpTestClient http = new HttpTestClient();
  private final ManualClock clock = new ManualClock();
  private RedisProcess redis;
  private FaultProxy proxy;
  private SessionManager downManager;
  private Node node1;
  private Node node2;

  /** One node: its own store client, manager, filters and container. */
  final class Node implements AutoCloseable {
    final CountingSessionStore store;
    final SessionManager manager;
    final RecordingAttributeListener listener = new RecordingAttributeListener();
    final TestApp app = new TestApp();
    final ServletContainer container;

    Node(@Nullable SessionManager unreachable) throws Exception {
      store =
          new CountingSessionStore(
              RedisSessionStore.builder().url(redis.url()).clock(clock).build());
      manager =
          SessionManager.builder()
              .store(store)
              .clock(clock)
              .idleTimeout(IDLE)
              .codec(
                  SessionCodec.jsonBuilder().allowPackages("io.github.sessionkit.servlet").build())
              .build();
      List<Mount> mounts = new ArrayList<>();
      mounts.add(
          new Mount(
              "/web", SessionFilter.builder(manager).attributeListener(listener).build(), app));
      mounts.add(
          new Mount(
              "/custom",
              SessionFilter.builder(manager)
                  .idResolver(
                      CookieSessionIdResolver.builder()
                          .name("SID")
                          .path("/custom")
                          .domain("example.test")
                          .maxAge(Duration.ofHours(1))
                          .secure(true)
                          .httpOnly(false)
                          .sameSite(SameSite.STRICT)
                          .build())
                  .build(),
              app));
      mounts.add(
          new Mount(
              "/api-login",
              SessionFilter.builder(manager)
                  .idResolver(HeaderSessionIdResolver.bearer().build())
                  .build(),
              app));
      mounts.add(
          new Mount(
              "/api",
              SessionFilter.builder(manager)
                  .idResolver(HeaderSessionIdResolver.bearer().required(true).build())
                  .build(),
              app));
      mounts.add(
          new Mount(
              "/token",
              SessionFilter.builder(manager)
                  .idResolver(HeaderSessionIdResolver.header("X-Auth-Token").build())
                  .build(),
              app));
      if (unreachable != null) {
        mounts.add(new Mount("/down", SessionFilter.builder(unreachable).build(), app));
      }
      container = containers().start(mounts);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
      return http.get(container.port(), pathAndQuery, headers);
    }

    /** Logs in through {@code /web} and returns the session cookie. */
    SetCookie login(String user) {
      HttpResponse<String> response = get("/web/login?user=" + user);
      assertThat(response.statusCode()).isEqualTo(200);
      return onlySetCookie(response, "SESSION");
    }

    String read(SetCookie cookie, String attribute) {
      HttpResponse<String> response = get("/web/read?name=" + attribute, "Cookie", cookie.header());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }

    @Override
    public void close() {
      container.close();
      manager.close();
    }
  }

  @BeforeAll
  void startNodes() throws Exception {
    redis = RedisProcess.startDefault();
    proxy = FaultProxy.start(redis.host(), redis.port());
    downManager =
        SessionManager.builder()
            .store(
                RedisSessionStore.builder()
                    .url("redis://" + proxy.host() + ":" + proxy.port())
                    .connectTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(2))
                    .commandTimeout(Duration.ofSeconds(3))
                    .retries(0)
                    .build())
            .build();
    node1 = new Node(downManager);
    node2 = new Node(null);
  }

  @AfterAll
  void stopNodes() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {node1, node2, downManager, proxy, redis}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @BeforeEach
  void resetCounts() {
    node1.store.reset();
    node2.store.reset();
  }

  // --- two nodes, one store ------------------------------------------------------------

  @Test
  void aLoginOnNodeOneIsKnownOnNodeTwoAndALogoutOnNodeTwoEndsItOnNodeOne() {
    SetCookie cookie = node1.login("alice");
    assertThat(cookie.value()).hasSize(43);

    assertThat(node2.read(cookie, "user")).isEqualTo("alice");
    assertThat(node2.get("/web/info", "Cookie", cookie.header()).body())
        .isEqualTo("new=false requested=true valid=true fromCookie=true");

    HttpResponse<String> logout = node2.get("/web/logout", "Cookie", cookie.header());
    assertThat(logout.statusCode()).isEqualTo(200);
    SetCookie expired = onlySetCookie(logout, "SESSION");
    assertThat(expired.value()).isEmpty();
    assertThat(expired.attribute("Max-Age")).isEqualTo("0");

    assertThat(node1.read(cookie, "user")).isEqualTo("none");
    assertThat(node2.read(cookie, "user")).isEqualTo("none");
    HttpResponse<String> info = node1.get("/web/info", "Cookie", cookie.header());
    assertThat(info.body()).isEqualTo("new=true requested=true valid=false fromCookie=true");
    assertThat(onlySetCookie(info, "SESSION").value()).isNotEqualTo(cookie.value()).hasSize(43);
  }

  @Test
  void eachRequestSavesOnceAndOnlyWhatChanged() {
    SetCookie cookie = node1.login("alice");
    assertThat(node1.store.count("insert")).isEqualTo(1);
    assertThat(node1.store.writes()).isEqualTo(1);

    HttpResponse<String> set =
        node2.get("/web/set?name=theme&value=dark", "Cookie", cookie.header());
    assertThat(set.statusCode()).isEqualTo(200);
    // The save raised the version: the client learns it, so no node serves it an older copy.
    assertThat(onlySetCookie(set, "SESSION").value()).isEqualTo(cookie.value() + ".2");
    assertThat(node2.store.count("merge")).isEqualTo(1);
    assertThat(node2.store.writes()).isEqualTo(1);
    assertThat(node1.read(cookie, "theme")).isEqualTo("dark");
    assertThat(node1.read(cookie, "user")).isEqualTo("alice");
  }

  @Test
  void aRequestThatOnlyReadsWritesNothingToTheStoreAndSendsNoCookie() {
    SetCookie cookie = node1.login("alice");
    node2.store.reset();

    HttpResponse<String> read = node2.get("/web/read?name=user", "Cookie", cookie.header());

    assertThat(read.body()).isEqualTo("alice");
    assertThat(setCookies(read)).isEmpty();
    assertThat(node2.store.writes()).isZero();
    assertThat(node2.store.count("load")).isEqualTo(1);
  }

  @Test
  void aRequestThatNeverAsksForItsSessionCostsNoStoreCall() {
    HttpResponse<String> response =
        node2.get("/web/unknown-command", "Cookie", "SESSION=" + "A".repeat(43));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(node2.store.total()).isZero();
    assertThat(setCookies(response)).isEmpty();
  }

  @Test
  void changeSessionIdIssuesANewCookieAndTheOldIdIsDeadOnBothNodes() {
    SetCookie old = node1.login("alice");

    HttpResponse<String> rotate = node2.get("/web/rotate", "Cookie", old.header());

    assertThat(rotate.body()).isEqualTo("rotated true valid=false");
    SetCookie rotated = onlySetCookie(rotate, "SESSION");
    assertThat(rotated.value()).hasSize(43).isNotEqualTo(old.value());
    assertThat(node1.read(old, "user")).isEqualTo("none");
    assertThat(node2.read(old, "user")).isEqualTo("none");
    assertThat(node1.read(rotated, "user")).isEqualTo("alice");
    assertThat(node2.read(rotated, "cart")).isEqualTo("[book, pen]");
  }

  @Test
  void aLoginBindsThePrincipalAndRotatesTheAnonymousSessionsId() {
    HttpResponse<String> anonymous = node1.get("/web/set?name=theme&value=dark");
    SetCookie before = onlySetCookie(anonymous, "SESSION");

    HttpResponse<String> login = node2.get("/web/login-as?user=judy", "Cookie", before.header());

    SetCookie after = onlySetCookie(login, "SESSION");
    assertThat(after.value())
        .startsWith(after.value().substring(0, 43) + ".")
        .doesNotStartWith(before.value().substring(0, 43));
    assertThat(node1.read(before, "theme")).isEqualTo("none");
    assertThat(node1.read(after, "theme")).isEqualTo("dark");
    assertThat(node1.read(after, "user")).isEqualTo("judy");
    assertThat(node1.manager.sessionsOf("judy")).hasSize(1);
    assertThat(node1.manager.invalidateAll("judy")).isEqualTo(1);
    assertThat(node2.read(after, "user")).isEqualTo("none");
  }

  // --- cookie attributes -----------------------------------------------------------------

  @Test
  void theDefaultCookieIsHttpOnlyLaxAndEndsWithTheBrowser() {
    HttpResponse<String> login = node1.get("/web/login?user=alice");
    assertThat(setCookies(login))
        .as("the container's own session is never used")
        .extracting(SetCookie::name)
        .containsExactly("SESSION");
    SetCookie cookie = setCookies(login).get(0);

    assertThat(cookie.name()).isEqualTo("SESSION");
    assertThat(cookie.attribute("Path")).isEqualTo("/");
    assertThat(cookie.has("HttpOnly")).isTrue();
    assertThat(cookie.attribute("SameSite")).isEqualTo("Lax");
    assertThat(cookie.has("Secure")).as("plain HTTP request").isFalse();
    assertThat(cookie.has("Max-Age")).isFalse();
    assertThat(cookie.has("Expires")).isFalse();
    assertThat(cookie.has("Domain")).isFalse();
  }

  @Test
  void theConfiguredCookieCarriesEveryConfiguredAttribute() {
    HttpResponse<String> login = node1.get("/custom/login?user=bob");
    SetCookie cookie = onlySetCookie(login, "SID");

    assertThat(cookie.attribute("Path")).isEqualTo("/custom");
    assertThat(cookie.attribute("Domain")).isIn("example.test", ".example.test");
    assertThat(cookie.attribute("Max-Age")).isEqualTo("3600");
    assertThat(cookie.has("Expires")).isTrue();
    assertThat(cookie.has("Secure")).isTrue();
    assertThat(cookie.has("HttpOnly")).isFalse();
    assertThat(cookie.attribute("SameSite")).isEqualTo("Strict");
    assertThat(setCookies(login)).noneMatch(c -> c.name().equals("SESSION"));

    HttpResponse<String> read = node2.get("/custom/read?name=user", "Cookie", cookie.header());
    assertThat(read.body()).isEqualTo("bob");
  }

  // --- saved before the response is committed ---------------------------------------------

  /**
   * The servlet creates a session, sets an attribute, commits the response (flushBuffer, or more
   * output than the container buffers) and then blocks. While it is blocked, the test already has
   * the response headers with the cookie, and the other node already sees the attribute: both were
   * done before the commit, not after the servlet returned.
   */
  @ParameterizedTest
  @ValueSource(strings = {"flush", "stream", "writer"})
  void aNewSessionIsSavedAndItsCookieSentBeforeTheResponseIsCommitted(String mode)
      throws Exception {
    String token = UUID.randomUUID().toString();
    CountDownLatch release = latches(token);
    try {
      CompletableFuture<HttpResponse<InputStream>> pending =
          http.client()
              .sendAsync(
                  http.request(
                      node1.container.port(),
                      "/web/commit?mode=" + mode + "&name=step&value=" + mode + "&token=" + token),
                  HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<InputStream> committed = pending.get(20, TimeUnit.SECONDS);
      assertThat(release.getCount()).as("the servlet is still blocked").isEqualTo(1);
      SetCookie cookie = onlySetCookie(committed, "SESSION");

      assertThat(node2.read(cookie, "step")).isEqualTo(mode);

      release.countDown();
      try (InputStream body = committed.body()) {
        body.readAllBytes();
      }
      assertThat(committed.statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
    }
  }

  /**
   * sendRedirect and sendError commit the response; the attribute set before them must be in the
   * store by then (checked while the servlet is still blocked after the call).
   */
  @ParameterizedTest
  @ValueSource(strings = {"redirect", "error"})
  void aChangeIsSavedBeforeARedirectOrAnErrorCommitsTheResponse(String mode) throws Exception {
    SetCookie cookie = node1.login("alice");
    String token = UUID.randomUUID().toString();
    CountDownLatch release = latches(token);
    try {
      CompletableFuture<HttpResponse<String>> pending =
          http.client()
              .sendAsync(
                  http.request(
                      node1.container.port(),
                      "/web/commit?mode=" + mode + "&name=step&value=" + mode + "&token=" + token,
                      "Cookie",
                      cookie.header()),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(TestApp.ACTED.get(token).await(20, TimeUnit.SECONDS)).isTrue();

      assertThat(node2.read(cookie, "step")).isEqualTo(mode);

      release.countDown();
      HttpResponse<String> response = pending.get(20, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(mode.equals("redirect") ? 302 : 409);
      assertThat(onlySetCookie(response, "SESSION").value())
          .as("the new version, sent before the commit")
          .isEqualTo(cookie.value() + ".2");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aSaveThatLosesToAConcurrentLogoutDoesNotFailTheRequest() throws Exception {
    SetCookie cookie = node1.login("alice");
    String token = UUID.randomUUID().toString();
    CountDownLatch release = latches(token);
    try {
      CompletableFuture<HttpResponse<String>> pending =
          http.client()
              .sendAsync(
                  http.request(
                      node1.container.port(),
                      "/web/slow-set?name=late&value=write&token=" + token,
                      "Cookie",
                      cookie.header()),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(TestApp.ACTED.get(token).await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(node2.get("/web/logout", "Cookie", cookie.header()).statusCode()).isEqualTo(200);

      release.countDown();
      HttpResponse<String> response = pending.get(20, TimeUnit.SECONDS);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("ok");
      assertThat(node1.read(cookie, "late")).isEqualTo("none");
      assertThat(node2.read(cookie, "user")).isEqualTo("none");
    } finally {
      release.countDown();
    }
  }

  @Test
  void anAsynchronousRequestIsSaved() {
    SetCookie cookie = node1.login("alice");

    HttpResponse<String> response =
        node1.get("/web/async?name=mood&value=async", "Cookie", cookie.header());

    assertThat(response.body()).isEqualTo("async ok");
    assertThat(node2.read(cookie, "mood")).isEqualTo("async");
    assertThat(node1.app.lastFailure.get()).isNull();
  }

  @Test
  void aSessionCreatedInAnAsyncDispatchIsSavedAndItsCookieSent() {
    HttpResponse<String> response = node1.get("/web/async-dispatch?name=mood&value=dispatched");

    assertThat(response.statusCode()).isEqualTo(200);
    SetCookie cookie = onlySetCookie(response, "SESSION");
    assertThat(node2.read(cookie, "mood")).isEqualTo("dispatched");
  }

  // --- bad requests ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "forged", // too short
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // well-formed, unknown
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", // 43 characters, impossible last one
        "\"quoted\"",
        "../../etc/passwd",
        "%00%0d%0a",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void aForgedOrMalformedCookieGetsANewAnonymousSession(String value) {
    HttpResponse<String> response = node2.get("/web/info", "Cookie", "SESSION=" + value);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("new=true requested=true valid=false fromCookie=true");
    SetCookie fresh = onlySetCookie(response, "SESSION");
    assertThat(fresh.value()).hasSize(43).isNotEqualTo(value);
    assertThat(node1.read(fresh, "user")).isEqualTo("null");
  }

  @Test
  void anExpiredCookieGetsANewAnonymousSession() {
    SetCookie cookie = node1.login("alice");
    clock.advance(IDLE.plusMinutes(1));

    HttpResponse<String> response = node2.get("/web/info", "Cookie", cookie.header());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("new=true requested=true valid=false fromCookie=true");
    assertThat(onlySetCookie(response, "SESSION").value()).hasSize(43).isNotEqualTo(cookie.value());
    assertNoInternals(response.body());
  }

  @Test
  void anUnencodableAttributeFailsInTheServletLeaksNothingAndLeavesTheSessionUnchanged() {
    SetCookie cookie = node1.login("alice");
    node1.store.reset();

    HttpResponse<String> response = node1.get("/web/bad", "Cookie", cookie.header());

    Throwable failure = node1.app.lastFailure.getAndSet(null);
    assertThat(failure).isInstanceOf(AttributeSerializationException.class);
    assertThat(failure.getMessage())
        .contains("'bad'")
        .contains(TestApp.Unencodable.class.getName());
    assertThat(response.statusCode()).isEqualTo(500);
    assertNoInternals(response.body());
    assertThat(response.body()).doesNotContain("bad'").doesNotContain("Unencodable");
    assertThat(node1.store.writes()).isZero();
    assertThat(setCookies(response)).isEmpty();
    assertThat(node2.read(cookie, "user")).isEqualTo("alice");
    assertThat(node2.read(cookie, "bad")).isEqualTo("null");
  }

  @Test
  void anUnreachableStoreGivesABare503() throws Exception {
    String wellFormedId = downManager.create().id();
    proxy.refuse();
    try {
      HttpResponse<String> response =
          node1.get("/down/read?name=user", "Cookie", "SESSION=" + wellFormedId);

      assertThat(response.statusCode()).isEqualTo(503);
      assertNoInternals(response.body());
      assertThat(response.body())
          .doesNotContainPattern(":(" + proxy.port() + "|" + redis.port() + ")(?!\\d)");
    } finally {
      proxy.pass();
    }
  }

  // --- header tokens --------------------------------------------------------------------------

  @Test
  void aBearerTokenWorksOnBothNodesAndTheRequiredApiAnswers401OtherwiseAndAfterLogout() {
    HttpResponse<String> login = node1.get("/api-login/login?user=carol");
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    assertThat(token).hasSize(43);
    assertThat(login.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(setCookies(login)).isEmpty();

    HttpResponse<String> read =
        node2.get("/api/read?name=user", "Authorization", "Bearer " + token);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("carol");
    assertThat(read.headers().firstValue("X-Auth-Token")).isEmpty();

    HttpResponse<String> missing = node2.get("/api/read?name=user");
    assertUnauthorized(missing, "Bearer");
    HttpResponse<String> forged =
        node2.get("/api/read?name=user", "Authorization", "Bearer " + "A".repeat(43));
    assertUnauthorized(forged, "Bearer error=\"invalid_token\"");
    assertUnauthorized(
        node1.get("/api/read?name=user", "Authorization", "Bearer not-a-token"),
        "Bearer error=\"invalid_token\"");
    assertUnauthorized(
        node1.get("/api/read?name=user", "Authorization", "Basic " + token), "Bearer");
    assertThat(node2.store.writes()).isZero();

    HttpResponse<String> rotate = node1.get("/api/rotate", "Authorization", "Bearer " + token);
    String rotated = rotate.headers().firstValue("X-Auth-Token").orElseThrow();
    assertThat(rotated).hasSize(43).isNotEqualTo(token);
    assertUnauthorized(
        node2.get("/api/read?name=user", "Authorization", "Bearer " + token),
        "Bearer error=\"invalid_token\"");

    HttpResponse<String> logout = node2.get("/api/logout", "Authorization", "Bearer " + rotated);
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(logout.headers().firstValue("X-Auth-Token")).hasValue("");
    assertUnauthorized(
        node1.get("/api/read?name=user", "Authorization", "Bearer " + rotated),
        "Bearer error=\"invalid_token\"");
  }

  @Test
  void anExpiredBearerTokenIs401() {
    HttpResponse<String> login = node1.get("/api-login/login?user=dave");
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    clock.advance(IDLE.plusMinutes(1));

    assertUnauthorized(
        node2.get("/api/read?name=user", "Authorization", "Bearer " + token),
        "Bearer error=\"invalid_token\"");
  }

  @Test
  void aNamedHeaderTokenTravelsBetweenNodes() {
    HttpResponse<String> login = node1.get("/token/login?user=erin");
    String token = login.headers().firstValue("X-Auth-Token").orElseThrow();

    HttpResponse<String> read = node2.get("/token/read?name=user", "X-Auth-Token", token);
    assertThat(read.body()).isEqualTo("erin");
    assertThat(node2.get("/token/info", "X-Auth-Token", token).body())
        .isEqualTo("new=false requested=true valid=true fromCookie=false");
    HttpResponse<String> fresh = node2.get("/token/info", "X-Auth-Token", "forged");
    assertThat(fresh.body()).isEqualTo("new=true requested=true valid=false fromCookie=false");
    assertThat(fresh.headers().firstValue("X-Auth-Token").orElseThrow())
        .hasSize(43)
        .isNotEqualTo(token);
  }

  // --- HttpSession semantics -------------------------------------------------------------------

  @Test
  void attributeListenersAndBindingListenersAreCalled() {
    SetCookie cookie = node1.login("frank");
    node1.listener.events.clear();
    node2.listener.events.clear();
    TestApp.BoundValue.EVENTS.clear();

    node2.get("/web/listen?value=x", "Cookie", cookie.header());
    assertThat(node2.listener.events)
        .containsExactly(
            "added a=1",
            "replaced a=1",
            "removed a=2",
            "added bound=BoundValue(x)",
            "replaced bound=BoundValue(x)");
    assertThat(TestApp.BoundValue.EVENTS)
        .containsExactly("bound x as bound", "unbound x from bound");

    node2.listener.events.clear();
    node2.get("/web/set?name=user&value=grace", "Cookie", cookie.header());
    assertThat(node2.listener.events)
        .as("the old value, loaded from the store")
        .containsExactly("replaced user=frank");

    TestApp.BoundValue.EVENTS.clear();
    node1.listener.events.clear();
    node1.get("/web/bind-and-logout?value=y", "Cookie", cookie.header());
    assertThat(TestApp.BoundValue.EVENTS)
        .containsExactly("bound y as bound", "unbound y from bound");
    assertThat(node1.listener.events)
        .containsExactlyInAnyOrder(
            "replaced bound=plain",
            "removed user=grace",
            "removed cart=[book, pen]",
            "removed bound=BoundValue(y)");
    assertThat(node2.read(cookie, "user")).isEqualTo("none");
  }

  @Test
  void valuesSetInTheRequestAreTheSameObjectAndStoredValuesComeBackAsJsonGenericValues() {
    SetCookie cookie = node1.login("heidi");

    assertThat(node1.get("/web/same-object?name=list", "Cookie", cookie.header()).body())
        .isEqualTo("same");

    HttpResponse<String> cart = node2.get("/web/read?name=cart", "Cookie", cookie.header());
    assertThat(cart.body()).isEqualTo("[book, pen]");
    assertThat(cart.headers().firstValue("X-Value-Type")).hasValue("java.util.ArrayList");
    node2.get("/web/typed-put?name=count&value=42", "Cookie", cookie.header());
    HttpResponse<String> count = node1.get("/web/read?name=count", "Cookie", cookie.header());
    assertThat(count.body()).isEqualTo("42");
    assertThat(count.headers().firstValue("X-Value-Type")).hasValue("java.lang.Integer");
  }

  @Test
  void typedAccessGivesTheSessionBehindHttpSession() {
    SetCookie cookie = node1.login("ivan");

    assertThat(node2.get("/web/typed", "Cookie", cookie.header()).body()).isEqualTo("[book, pen]");
    assertThat(node2.get("/web/typed").body()).isEqualTo("none");
    assertThat(node2.get("/web/typed", "Cookie", "SESSION=forged").body()).isEqualTo("none");
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static CountDownLatch latches(String token) {
    TestApp.ACTED.put(token, new CountDownLatch(1));
    CountDownLatch release = new CountDownLatch(1);
    TestApp.RELEASE.put(token, release);
    return release;
  }

  private static List<SetCookie> setCookies(HttpResponse<?> response) {
    return HttpTestClient.setCookies(response);
  }

  private static SetCookie onlySetCookie(HttpResponse<?> response, String name) {
    List<SetCookie> cookies =
        setCookies(response).stream().filter(c -> c.name().equals(name)).toList();
    assertThat(cookies)
        .as("Set-Cookie headers named " + name + " in " + response.headers().map())
        .hasSize(1);
    return cookies.get(0);
  }

  private static void assertUnauthorized(HttpResponse<String> response, String challenge) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
    assertThat(response.body()).isEqualTo("Unauthorized\n");
    assertThat(response.headers().firstValue("X-Auth-Token")).isEmpty();
  }

  /** No exception name, message, stack frame or library detail in a body a client sees. */
  private static void assertNoInternals(String body) {
    assertThat(body)
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("hunter2")
        .doesNotContain("\tat ")
        .doesNotContain(".java:")
        .doesNotContain("io.github.sessionkit")
        .doesNotContainIgnoringCase("redis")
        .doesNotContainIgnoringCase("jackson");
  }
}
