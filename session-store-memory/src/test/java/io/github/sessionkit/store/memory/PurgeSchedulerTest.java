package io.github.sessionkit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionEvent;
import io.github.sessionkit.SessionListener;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PurgeSchedulerTest {

  @Test
  void theBackgroundPurgeRemovesExpiredSessionsAndTellsListeners() throws Exception {
    ManualClock clock = new ManualClock();
    List<SessionEvent> expired = new CopyOnWriteArrayList<>();
    try (SessionManager manager =
        SessionManager.builder()
            .store(MemorySessionStore.builder().clock(clock).build())
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(1))
            .automaticPurge(true)
            .purgeInterval(Duration.ofMillis(100))
            .listener(
                new SessionListener() {
                  @Override
                  public void expired(SessionEvent event) {
                    expired.add(event);
                  }
                })
            .build()) {
      Session dying = manager.create("alice");
      manager.save(dying);
      Session living = manager.create("bob");
      manager.save(living);
      clock.advance(Duration.ofSeconds(40));
      manager.find(living.id()).orElseThrow();
      clock.advance(Duration.ofSeconds(30));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (expired.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      Set<String> handles = expired.stream().map(SessionEvent::handle).collect(Collectors.toSet());
      assertThat(handles).containsExactly(dying.handle());
      assertThat(expired.get(0).principal()).isEqualTo("alice");
      assertThat(manager.find(living.id())).isPresent();
      assertThat(manager.stats().expired()).isEqualTo(1);
    }
  }

  @Test
  void storesThatExpireEntriesThemselvesAreNotPurgedByDefault() throws Exception {
    ManualClock clock = new ManualClock();
    List<SessionEvent> expired = new CopyOnWriteArrayList<>();
    try (SessionManager manager =
        SessionManager.builder()
            .store(MemorySessionStore.builder().clock(clock).build())
            .clock(clock)
            .idleTimeout(Duration.ofMinutes(1))
            .purgeInterval(Duration.ofMillis(50))
            .listener(
                new SessionListener() {
                  @Override
                  public void expired(SessionEvent event) {
                    expired.add(event);
                  }
                })
            .build()) {
      manager.save(manager.create("alice"));
      clock.advance(Duration.ofMinutes(2));
      Thread.sleep(500);

      assertThat(manager.store().expiresEntriesItself()).isTrue();
      assertThat(expired).as("no background purge ran").isEmpty();
      assertThat(manager.purgeExpired()).isEqualTo(1);
      assertThat(expired).hasSize(1);
    }
  }
}
