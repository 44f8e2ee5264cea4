package io.github.sessionkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void eachSecondHoldsCallsAverageAndMaximumInMilliseconds() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record("lookup", 1_000_000, T0);
    recorder.record("lookup", 3_000_000, T0 + 500);
    recorder.record("lookup", 500_000, T0 + 2_000);

    List<double[]> window = recorder.snapshot(T0 + 2_000).get("lookup");

    assertThat(window).hasSize(LatencyRecorder.WINDOW_SECONDS);
    assertThat(window.get(57)).containsExactly(2, 2.0, 3.0);
    assertThat(window.get(58)).isNull();
    assertThat(window.get(59)).containsExactly(1, 0.5, 0.5);
  }

  @Test
  void secondsOlderThanTheWindowAreForgotten() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record("redis", 7_000_000, T0);
    // The same ring slot, a minute later: the old second must not leak into the new one.
    recorder.record("redis", 1_000_000, T0 + 60_000);

    Map<String, List<double[]>> snapshot = recorder.snapshot(T0 + 60_000);

    assertThat(snapshot.get("redis").get(59)).containsExactly(1, 1.0, 1.0);
    assertThat(snapshot.get("redis").subList(0, 59)).containsOnlyNulls();
    assertThat(recorder.snapshot(T0 + 120_000).get("redis")).containsOnlyNulls();
  }
}
