package io.github.sessionkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The purge schedule's rules, run by hand with the random choices fixed: the first purge falls
 * inside the first interval, later ones 10 % either side of the interval, and a failing purge is
 * retried on schedule. (PurgeSchedulerTest in the memory module runs it on its real thread.)
 */
class PurgeSchedulerRulesTest {

  /** Records each delay; the test runs the task. */
  private static final class ManualDelayer implements PurgeScheduler.Delayer {
    final List<Long> delays = new ArrayList<>();
    Runnable next;
    boolean closed;

    @Override
    public boolean after(long millis, Runnable task) {
      if (closed) {
        return false;
      }
      delays.add(millis);
      next = task;
      return true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void theFirstPurgeFallsInTheFirstIntervalAndLaterOnesWithinTenPercent() {
    ManualDelayer delayer = new ManualDelayer();
    AtomicInteger purges = new AtomicInteger();
    // The random source answers its largest value, then its smallest, in turn.
    boolean[] high = {true};
    PurgeScheduler scheduler =
        new PurgeScheduler(
            purges::incrementAndGet,
            Duration.ofMinutes(60),
            delayer,
            bound -> {
              high[0] = !high[0];
              return high[0] ? 0 : bound - 1;
            });
    scheduler.start();
    assertThat(delayer.delays.get(0)).isEqualTo(Duration.ofMinutes(60).toMillis() - 1);
    delayer.next.run();
    delayer.next.run();
    assertThat(purges).hasValue(2);
    long interval = Duration.ofMinutes(60).toMillis();
    assertThat(delayer.delays.subList(1, 3))
        .containsExactly(interval - interval / 10, interval + interval / 10);
  }

  @Test
  void aFailingPurgeIsRetriedOnScheduleAndClosingStopsIt() {
    ManualDelayer delayer = new ManualDelayer();
    AtomicInteger calls = new AtomicInteger();
    PurgeScheduler scheduler =
        new PurgeScheduler(
            () -> {
              calls.incrementAndGet();
              throw new IllegalStateException("store down");
            },
            Duration.ofSeconds(10),
            delayer,
            bound -> bound / 2);
    scheduler.start();
    delayer.next.run();
    delayer.next.run();
    assertThat(calls).hasValue(2);
    assertThat(delayer.delays).hasSize(3);
    scheduler.close();
    delayer.next.run();
    assertThat(delayer.delays).as("nothing scheduled once closed").hasSize(3);
  }
}
