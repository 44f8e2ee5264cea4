package io.github.sessionkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.userdetails.User;

/**
 * The registry over a manager: what Spring Security's concurrent-session control and a "your
 * devices" page use.
 */
class SessionkitSessionRegistryTest {

  private final SessionManager manager =
      SessionManager.builder().store(MemorySessionStore.builder().build()).build();
  private final SessionkitSessionRegistry registry = new SessionkitSessionRegistry(manager);
  private final User alice = new User("alice", "x", List.of());

  @AfterEach
  void close() {
    manager.close();
  }

  private Session anonymousSession() {
    Session session = manager.create();
    manager.save(session);
    return session;
  }

  @Test
  void aRegisteredSessionIsListedUnderItsPrincipalAndExpiringItEndsItInTheStore() {
    Session laptop = anonymousSession();
    Session phone = anonymousSession();
    registry.registerNewSession(laptop.id(), alice);
    registry.registerNewSession(phone.id(), alice);

    List<SessionInformation> sessions = registry.getAllSessions(alice, false);

    assertThat(sessions)
        .extracting(SessionInformation::getSessionId)
        .containsExactlyInAnyOrder(laptop.handle(), phone.handle());
    assertThat(sessions).allSatisfy(s -> assertThat(s.getPrincipal()).isSameAs(alice));
    assertThat(registry.getSessionInformation(laptop.id()))
        .satisfies(
            info -> {
              assertThat(info.getPrincipal()).isEqualTo("alice");
              assertThat(info.isExpired()).isFalse();
            });

    SessionInformation other =
        sessions.stream()
            .filter(s -> s.getSessionId().equals(phone.handle()))
            .findFirst()
            .orElseThrow();
    other.expireNow();

    assertThat(other.isExpired()).isTrue();
    assertThat(manager.find(phone.id())).as("logged out on every node").isEmpty();
    assertThat(registry.getAllSessions(alice, false))
        .extracting(SessionInformation::getSessionId)
        .containsExactly(laptop.handle());
    assertThat(registry.getSessionInformation(phone.id())).isNull();
  }

  @Test
  void anAnonymousOrUnknownSessionHasNoInformationAndPrincipalsCannotBeListed() {
    assertThat(registry.getSessionInformation(anonymousSession().id())).isNull();
    assertThat(registry.getSessionInformation("not-an-id")).isNull();
    assertThat(registry.getAllSessions("nobody", true)).isEmpty();
    assertThatThrownBy(registry::getAllPrincipals)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("getAllSessions");
  }
}
