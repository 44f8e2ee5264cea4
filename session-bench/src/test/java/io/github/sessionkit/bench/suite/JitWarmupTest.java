package io.github.sessionkit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

  @Test
  void callsTheOperationOnEveryThreadUntilTheLimit() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicLong calls = new AtomicLong();

    double seconds =
        JitWarmup.run(
            3,
            100,
            i -> {
              threads.add(Thread.currentThread().getName());
              calls.incrementAndGet();
              Thread.sleep(1);
            });

    assertThat(threads).containsExactlyInAnyOrder("warm-up-0", "warm-up-1", "warm-up-2");
    assertThat(calls.get()).isPositive();
    // One window of the compiler check at least, and the limit is far below the minimum.
    assertThat(seconds).isBetween(0.1, 10.0);
  }

  @Test
  void aFailingCallStopsTheWarmUpAndIsRethrown() {
    assertThatThrownBy(
            () ->
                JitWarmup.run(
                    2,
                    60_000,
                    i -> {
                      if (i == 5) {
                        throw new IllegalStateException("store down");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store down");
  }
}
