package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.store.memory.MemorySessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

  /** Records the snapshots it is given. */
  private static final class Recording implements Progress {
    final List<Snapshot> updates = new ArrayList<>();
    final List<Snapshot> done = new ArrayList<>();

    @Override
    public void update(Snapshot snapshot) {
      updates.add(snapshot);
    }

    @Override
    public void done(Snapshot snapshot) {
      done.add(snapshot);
    }
  }

  @Test
  void spikeUsersJoinInTheMiddleThirdAndEveryUserEndsAndCleansUp() {
    LoadPlan plan =
        new LoadPlan(
            Scenario.MIXED, 1, Duration.ZERO, Duration.ofSeconds(3), Duration.ofMillis(5), 6, 4);
    Recording progress = new Recording();
    long started = System.nanoTime();

    LoadRunner.Outcome outcome;
    try (SessionManager manager =
        SessionManager.builder().store(MemorySessionStore.builder().build()).build()) {
      outcome =
          new LoadRunner<>(new InProcessTarget(manager), plan, progress, Duration.ofSeconds(5))
              .run();
      // Users logged out at the end and the hot sessions are gone: the run leaves nothing behind.
      assertThat(manager.stats().totalSessions()).isZero();
    }

    long elapsed = System.nanoTime() - started;
    assertThat(elapsed).isLessThan(Duration.ofSeconds(8).toNanos());
    assertThat(outcome.stuckUsers()).isZero();
    assertThat(outcome.crashedUsers()).isZero();
    assertThat(outcome.cache()).as("the memory store is not tiered").isNull();
    assertThat(outcome.noCacheReason()).isEqualTo("the store is not tiered");
    assertThat(outcome.crossNode()).as("one manager, no other node").isNull();
    LatencyRecorder r = outcome.recorder();
    assertThat(r.usersInSecond(0)).isEqualTo(1);
    assertThat(r.usersInSecond(1)).isEqualTo(6);
    assertThat(r.total()).isPositive();
    assertThat(r.errors()).isZero();
    // Spike users do about five times the work of the lone user while they are there.
    assertThat(r.second(1).operations()).isGreaterThan(2 * r.second(0).operations());
    assertThat(progress.updates).isNotEmpty();
    assertThat(progress.done)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.operations()).isEqualTo(r.total());
              assertThat(s.activeUsers()).isZero();
            });
  }
}
