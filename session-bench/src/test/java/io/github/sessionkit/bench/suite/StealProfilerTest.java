package io.github.sessionkit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StealProfilerTest {

  @Test
  void readsStealAndTotalFromTheAggregateCpuLine() {
    String stat =
        "cpu  100 5 50 800 10 0 5 30 7 0\n" + "cpu0 50 2 25 400 5 0 2 15 3 0\n" + "intr 12345\n";

    // user + nice + system + idle + iowait + irq + softirq + steal; guest is inside user.
    assertThat(StealProfiler.parse(stat)).containsExactly(30, 1_000);
  }

  @Test
  void stealIsItsShareOfAllTimeBetweenTwoReadings() {
    assertThat(StealProfiler.percent(new long[] {30, 1_000}, new long[] {80, 2_000}))
        .isCloseTo(5.0, within(1e-9));
    assertThat(StealProfiler.percent(new long[] {30, 1_000}, new long[] {30, 1_000})).isNaN();
  }

  @Test
  void textWithoutAStealColumnGivesNothingRatherThanAWrongFigure() {
    assertThat(StealProfiler.parse("cpu  100 5 50 800\n")).isNull();
    assertThat(StealProfiler.parse("cpu  100 5 50 800 x 0 5 30\n")).isNull();
    assertThat(StealProfiler.parse("intr 1\n")).isNull();
  }
}
