package io.github.sessionkit.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.bench.scale.LatencyProbe.Latency;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatencyProbeTest {

  @Test
  void nearestRankPercentiles() {
    assertThat(LatencyProbe.percentileIndex(1, 0.99)).isZero();
    assertThat(LatencyProbe.percentileIndex(100, 0.99)).isEqualTo(98);
    assertThat(LatencyProbe.percentileIndex(1000, 0.99)).isEqualTo(989);
    assertThat(LatencyProbe.percentileIndex(1000, 0.5)).isEqualTo(499);
  }

  @Test
  void measuresRandomStoredSessionsForTheGivenTime() {
    IdTable ids = new IdTable(10);
    for (int i = 0; i < 10; i++) {
      ids.set(i, String.valueOf((char) ('a' + i)).repeat(IdTable.ID_LENGTH));
    }
    Set<String> seen = new HashSet<>();
    LatencyProbe probe = new LatencyProbe(Duration.ZERO, Duration.ofMillis(200));

    long started = System.nanoTime();
    Latency latency =
        probe.measure(
            "op",
            ids,
            5,
            (id, i) -> {
              seen.add(id);
              busyWaitNanos(20_000);
            });
    long elapsed = System.nanoTime() - started;

    assertThat(elapsed).isBetween(190_000_000L, 2_000_000_000L);
    assertThat(seen).hasSize(5).allMatch(id -> id.charAt(0) < 'f');
    assertThat(latency.stored()).isEqualTo(5);
    assertThat(latency.count()).isBetween(2, 10_000);
    assertThat(latency.medianNanos()).isGreaterThanOrEqualTo(20_000);
    assertThat(latency.p99Nanos()).isGreaterThanOrEqualTo(latency.medianNanos());
  }

  private static void busyWaitNanos(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}
