package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  private static final long START = 1_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aSecondOfTheTimelineHoldsWhatWasRecordedBeforeItWasRolled() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 3));

    r.record(Scenario.MIXED, Operation.CHECK, 1_000, null);
    r.record(Scenario.MIXED, Operation.CHECK, 3_000, null);
    r.rollSecond(0);
    r.record(Scenario.MIXED, Operation.LOGIN, 2_000_000, null);
    r.rollSecond(1);
    r.record(Scenario.MIXED, Operation.LOGIN, 4_000_000, null);

    assertThat(r.second(0).operations()).isEqualTo(2);
    assertThat(r.second(0).p99Nanos()).isCloseTo(3_000L, withinPercentage(1));
    assertThat(r.second(1).operations()).isEqualTo(1);
    assertThat(r.second(1).p50Nanos()).isCloseTo(2_000_000L, withinPercentage(1));
    assertThat(r.second(2)).as("not rolled yet").isEqualTo(LatencyRecorder.SecondFigures.NONE);
    assertThat(r.histogram(Scenario.MIXED, Operation.CHECK).getTotalCount()).isEqualTo(2);
    assertThat(r.histogram(Scenario.MIXED, Operation.LOGIN).getTotalCount()).isEqualTo(2);
    assertThat(r.histogram(Scenario.MIXED, Operation.LOGOUT).getTotalCount()).isZero();
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.errors()).isZero();
  }

  @Test
  void aRollOutsideTheRunDropsTheIntervalFromTheTimelineButNotFromTheTotals() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 2));

    r.record(Scenario.MIXED, Operation.LOGOUT, 10, null);
    r.rollSecond(-1);
    r.record(Scenario.MIXED, Operation.LOGOUT, 3 * LatencyRecorder.MAX_NANOS, null);
    r.rollSecond(2);

    assertThat(r.histogram(Scenario.MIXED, Operation.LOGOUT).getTotalCount()).isEqualTo(2);
    assertThat(r.histogram(Scenario.MIXED, Operation.LOGOUT).getMaxValue())
        .as("capped at an hour")
        .isCloseTo(LatencyRecorder.MAX_NANOS, withinPercentage(0.1));
    assertThat(r.second(0).operations()).isZero();
    assertThat(r.second(1).operations()).isZero();
    assertThat(r.runSeconds().secondOf(START - 1)).isEqualTo(-1);
    assertThat(r.runSeconds().secondOf(START + 2 * SECOND)).isEqualTo(-1);
    assertThat(r.runSeconds().secondOf(START + 2 * SECOND - 1)).isEqualTo(1);
  }

  @Test
  void errorsAreCountedPerOperationPerSecondAndByDescription() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 2));

    r.record(Scenario.MIXED, Operation.CHECK, 100, "session not found");
    r.rollSecond(0);
    r.record(Scenario.MIXED, Operation.CHECK, 100, "session not found");
    r.record(Scenario.MIXED, Operation.API_CALL, 100, "StoreUnavailableException: down");
    r.record(Scenario.MIXED, Operation.API_CALL, 100, null);
    r.rollSecond(1);

    assertThat(r.errors()).isEqualTo(3);
    assertThat(r.errors(Scenario.MIXED, Operation.CHECK)).isEqualTo(2);
    assertThat(r.errors(Scenario.MIXED, Operation.API_CALL)).isEqualTo(1);
    assertThat(r.second(0).errors()).isEqualTo(1);
    assertThat(r.second(1).errors()).isEqualTo(2);
    // Failed operations still have a latency.
    assertThat(r.histogram(Scenario.MIXED, Operation.API_CALL).getTotalCount()).isEqualTo(2);
    assertThat(r.errorKinds())
        .containsExactly(
            entry("check: session not found", 2L),
            entry("api-call: StoreUnavailableException: down", 1L));
  }

  @Test
  void distinctErrorDescriptionsAreCapped() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 1));

    for (int i = 0; i < LatencyRecorder.MAX_ERROR_KINDS + 30; i++) {
      r.record(Scenario.MIXED, Operation.CHECK, 1, "error " + i);
    }

    assertThat(r.errorKinds()).hasSizeLessThanOrEqualTo(LatencyRecorder.MAX_ERROR_KINDS + 1);
    assertThat(r.errorKinds()).containsKey(LatencyRecorder.OTHER_ERRORS);
    assertThat(r.errorKinds().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(LatencyRecorder.MAX_ERROR_KINDS + 30);
  }

  @Test
  void usersPerSecondKeepTheHighestSample() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 2));

    r.sampleUsers(START, 2);
    r.sampleUsers(START + SECOND / 2, 9);
    r.sampleUsers(START + SECOND - 1, 4);
    r.sampleUsers(START + SECOND, 1);
    r.sampleUsers(START + 5 * SECOND, 50);

    assertThat(r.usersInSecond(0)).isEqualTo(9);
    assertThat(r.usersInSecond(1)).isEqualTo(1);
  }

  @Test
  void eachScenarioKeepsItsOwnActionsAndTotalsAreWithinATenthOfAPercent() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 1));

    r.record(Scenario.HEAVY_USE, Operation.CHECK, 1_234_567, null);
    r.record(Scenario.LOGIN_CHECK_LOGOUT, Operation.CHECK, 7_654_321, "session not found");

    assertThat(r.histogram(Scenario.HEAVY_USE, Operation.CHECK).getTotalCount()).isEqualTo(1);
    assertThat(r.histogram(Scenario.HEAVY_USE, Operation.CHECK).getMaxValue())
        .isCloseTo(1_234_567L, withinPercentage(0.1));
    assertThat(r.histogram(Scenario.LOGIN_CHECK_LOGOUT, Operation.CHECK).getTotalCount())
        .isEqualTo(1);
    assertThat(r.errors(Scenario.HEAVY_USE, Operation.CHECK)).isZero();
    assertThat(r.errors(Scenario.LOGIN_CHECK_LOGOUT, Operation.CHECK)).isEqualTo(1);
    assertThat(r.histogram(Scenario.MIXED, Operation.CHECK).getTotalCount()).isZero();
  }

  @Test
  void timelineHeaderValuesAreCountedPerSecondAndCapped() {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 2));

    r.mark(START, "redis");
    r.mark(START + 10, "redis");
    r.mark(START + SECOND, "postgresql");
    r.mark(START + SECOND, "redis");
    r.mark(START + SECOND, "postgresql");
    r.mark(START + 3 * SECOND, "ignored: after the run");
    for (int i = 0; i < LatencyRecorder.MAX_MARKS + 5; i++) {
      r.mark(START, "node " + i);
    }

    assertThat(r.marksInSecond(1)).containsExactly(entry("postgresql", 2L), entry("redis", 1L));
    assertThat(r.marksInSecond(0))
        .hasSizeLessThanOrEqualTo(LatencyRecorder.MAX_MARKS + 1)
        .containsKey(LatencyRecorder.OTHER_MARKS);
    assertThat(r.marksInSecond(0)).containsEntry("redis", 2L);
    assertThat(r.marksInSecond(1).keySet().iterator().next())
        .as("most frequent first")
        .isEqualTo("postgresql");
  }
}
