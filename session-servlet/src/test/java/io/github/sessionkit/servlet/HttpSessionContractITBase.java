package io.github.sessionkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.SessionCodec;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.servlet.HttpTestClient.SetCookie;
import io.github.sessionkit.servlet.ServletContainer.Mount;
import io.github.sessionkit.spi.SessionDelta;
import io.github.sessionkit.spi.SessionKey;
import io.github.sessionkit.store.redis.RedisSessionStore;
import io.github.sessionkit.testkit.ManualClock;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code HttpSession} contract as the Servlet 6 spec and the containers' own session tests
 * check it, on a real container with a listener the container instantiates itself (as for
 * {@code @WebListener}), sessions in a real Redis, driven by a real HTTP client. Time is a {@link
 * ManualClock}, so expiry needs no sleeping. One subclass per container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpSessionContractITBase {

  private static final Duration IDLE = Duration.ofMinutes(30);
  private static final Duration ABSOLUTE = Duration.ofHours(8);

  abstract ServletContainer.Factory containers();

  private final HttpTestClient http = new HttpTestClient();
  private final ManualClock clock = new ManualClock();
  private RedisProcess redis;
  private SessionManager manager;
  private ServletContainer container;

  @BeforeAll
  void start() throws Exception {
    redis = RedisProcess.startDefault();
    manager =
        SessionManager.builder()
            .store(RedisSessionStore.builder().url(redis.url()).clock(clock).build())
            .clock(clock)
            .idleTimeout(IDLE)
            .absoluteTimeout(ABSOLUTE)
            .codec(SessionCodec.jsonBuilder().allowPackages("io.github.sessionkit.servlet").build())
            .build();
    container =
        containers()
            .start(
                List.of(new Mount("/s", SessionFilter.builder(manager).build(), new ContractApp())),
                List.of(ContractListener.class));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {container, manager, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @BeforeEach
  void clearEvents() {
    ContractListener.EVENTS.clear();
    ContractApp.Bound.BINDINGS.clear();
  }

  private HttpResponse<String> get(String path, SetCookie cookie) {
    return cookie == null
        ? http.get(container.port(), "/s" + path)
        : http.get(container.port(), "/s" + path, "Cookie", cookie.header());
  }

  private String body(String path, SetCookie cookie) {
    HttpResponse<String> response = get(path, cookie);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  private SetCookie create() {
    HttpResponse<String> response = get("/create", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return cookie(response);
  }

  private static SetCookie cookie(HttpResponse<String> response) {
    List<SetCookie> cookies = HttpTestClient.setCookies(response);
    assertThat(cookies).hasSize(1);
    return cookies.get(0);
  }

  @Test
  void aNewSessionIsNewUntilTheClientSendsItBackAndTheContainersListenerIsToldOfIt() {
    HttpResponse<String> first = get("/create", null);
    SetCookie cookie = cookie(first);
    assertThat(first.body()).startsWith("new=true id=" + cookie.value());
    assertThat(ContractListener.EVENTS).containsExactly("created " + cookie.value());

    assertThat(body("/create", cookie)).startsWith("new=false id=" + cookie.value());
    assertThat(ContractListener.EVENTS).hasSize(1);
  }

  @Test
  void getLastAccessedTimeIsThePreviousRequestsTime() {
    long t0 = clock.millis();
    SetCookie cookie = create();
    clock.advance(Duration.ofMinutes(10));
    long t1 = clock.millis();

    assertThat(body("/info", cookie)).contains("lastAccessed=" + t0);
    clock.advance(Duration.ofMinutes(10));

    assertThat(body("/info", cookie)).contains("lastAccessed=" + t1);
  }

  @Test
  void attributeListenersAreToldOfAddsReplacementsAndRemovals() {
    SetCookie cookie = create();
    body("/set?name=color&value=red", cookie);
    body("/set?name=color&value=blue", cookie);
    body("/remove?name=color", cookie);
    body("/remove?name=color", cookie);

    assertThat(ContractListener.EVENTS)
        .containsExactly(
            "created " + cookie.value(),
            "added color=red",
            "replaced color old=red now=blue",
            "removed color=blue");
  }

  @Test
  void bindingListenerValuesAreToldWhenBoundAndUnboundAcrossRequests() {
    SetCookie cookie = create();
    body("/bind?name=b&value=one", cookie);
    body("/bind?name=b&value=two", cookie);
    body("/remove?name=b", cookie);
    body("/bind?name=c&value=three", cookie);
    body("/invalidate", cookie);

    assertThat(ContractApp.Bound.BINDINGS)
        .containsExactly(
            "bound b=one",
            "bound b=two",
            "unbound b=one",
            "unbound b=two",
            "bound c=three",
            "unbound c=three");
  }

  @Test
  void changeSessionIdTellsTheIdListenersAndTheOldIdDies() {
    SetCookie cookie = create();
    body("/set?name=user&value=alice", cookie);
    HttpResponse<String> rotated = get("/rotate", cookie);
    SetCookie fresh = cookie(rotated);
    // The cookie carries the id and, after a save that raised it, the version (<id>.<version>).
    String freshId = fresh.value().replaceFirst("\\.\\d+$", "");

    assertThat(freshId).hasSize(43).isNotEqualTo(cookie.value());
    assertThat(rotated.body()).isEqualTo(cookie.value() + " -> " + freshId + " session=" + freshId);
    assertThat(ContractListener.EVENTS).contains("idChanged " + cookie.value() + " -> " + freshId);
    assertThat(body("/info", cookie)).isEqualTo("none");
    assertThat(body("/info", fresh)).contains("new=false id=" + freshId);
  }

  @Test
  void invalidateTellsTheListenersWhileAttributesAreReadableThenEveryMethodThrowsIllegalState() {
    SetCookie cookie = create();
    body("/set?name=user&value=alice", cookie);
    ContractListener.EVENTS.clear();

    assertThat(body("/invalidate", cookie))
        .isEqualTo(
            "idStillReadable=true threw=[getAttribute, getAttributeNames, getCreationTime,"
                + " getLastAccessedTime, invalidate, isNew, removeAttribute, setAttribute]");
    assertThat(ContractListener.EVENTS)
        .containsExactly(
            "destroyed " + cookie.value() + " attributes=[user]", "removed user=alice");
    assertThat(body("/info", cookie)).isEqualTo("none");
  }

  @Test
  void aMaxInactiveIntervalOfZeroOrLessNeverTimesOutButTheAbsoluteTimeoutStillEndsTheSession() {
    for (String never : List.of("0", "-1")) {
      SetCookie cookie = create();
      assertThat(body("/max?value=" + never, cookie)).isEqualTo("maxInactive=-1");
      clock.advance(IDLE.multipliedBy(4));
      assertThat(body("/info", cookie))
          .as("idle 2 hours with interval %s", never)
          .contains("maxInactive=-1");
      clock.advance(ABSOLUTE);
      assertThat(body("/info", cookie)).isEqualTo("none");
    }
  }

  @Test
  void aPositiveMaxInactiveIntervalIsThatSessionsIdleTimeout() {
    SetCookie cookie = create();
    assertThat(body("/max?value=60", cookie)).isEqualTo("maxInactive=60");
    clock.advance(Duration.ofSeconds(50));
    assertThat(body("/info", cookie)).contains("maxInactive=60");
    clock.advance(Duration.ofSeconds(61));
    assertThat(body("/info", cookie)).isEqualTo("none");
  }

  @Test
  void aStoredValueThatNoLongerDecodesReadsAsAbsentInsteadOfFailingEveryRequest() {
    SetCookie cookie = create();
    body("/set?name=kept&value=yes", cookie);
    SessionKey key = SessionKey.forId(manager.tenant(), cookie.value());
    manager
        .store()
        .merge(
            key,
            SessionDelta.builder(clock.millis(), IDLE.toMillis())
                .set("cart", "{\"@typed\":{\"@class\":\"com.example.RemovedInThisRelease\"}}")
                .build());

    assertThat(body("/get?name=cart", cookie)).isEqualTo("null");
    assertThat(body("/get?name=kept", cookie)).isEqualTo("yes");
    body("/set?name=cart&value=new", cookie);
    assertThat(body("/get?name=cart", cookie)).isEqualTo("new");
  }

  @Test
  void anAttributeReadsBackAsItsClassOnTheNextRequestAndAnUnstorableOneIsRefused() {
    SetCookie cookie = create();
    body("/cart?value=alice", cookie);

    assertThat(body("/read-cart", cookie)).isEqualTo("alice [book, pen]");
    assertThat(body("/store-thread", cookie))
        .isEqualTo("AttributeTypeNotAllowedException thread java.lang.Thread");
  }
}
