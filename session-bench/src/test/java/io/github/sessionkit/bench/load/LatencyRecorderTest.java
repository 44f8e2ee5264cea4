package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  private static final long START = 1_000_000_000_000L;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void operationsCountInTheSecondTheyStartedIn() {
    LatencyRecorder r = new LatencyRecorder(START, 3);

    r.record(Operation.CHECK, START, 1_000, null);
    r.record(Operation.CHECK, START + SECOND - 1, 3_000, null);
    r.record(Operation.LOGIN, START + SECOND, 2_000_000, null);
    r.record(Operation.LOGIN, START + 2 * SECOND + 5, 4_000_000, null);

    assertThat(r.second(0).count()).isEqualTo(2);
    assertThat(r.second(0).max()).isEqualTo(3_000);
    assertThat(r.second(1).count()).isEqualTo(1);
    assertThat(r.second(1).percentile(50)).isEqualTo(2_000_000);
    assertThat(r.second(2).count()).isEqualTo(1);
    assertThat(r.operation(Operation.CHECK).count()).isEqualTo(2);
    assertThat(r.operation(Operation.LOGIN).count()).isEqualTo(2);
    assertThat(r.operation(Operation.LOGOUT).count()).isZero();
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.errors()).isZero();
  }

  @Test
  void operationsOutsideTheRunCountForTheirOperationButNotTheTimeline() {
    LatencyRecorder r = new LatencyRecorder(START, 2);

    r.record(Operation.LOGOUT, START - 1, 10, null);
    r.record(Operation.LOGOUT, START + 2 * SECOND, 10, null);

    assertThat(r.operation(Operation.LOGOUT).count()).isEqualTo(2);
    assertThat(r.second(0).count()).isZero();
    assertThat(r.second(1).count()).isZero();
    assertThat(r.secondOf(START - 1)).isEqualTo(-1);
    assertThat(r.secondOf(START + 2 * SECOND)).isEqualTo(-1);
    assertThat(r.secondOf(START + 2 * SECOND - 1)).isEqualTo(1);
  }

  @Test
  void errorsAreCountedPerOperationPerSecondAndByDescription() {
    LatencyRecorder r = new LatencyRecorder(START, 2);

    r.record(Operation.CHECK, START, 100, "session not found");
    r.record(Operation.CHECK, START + SECOND, 100, "session not found");
    r.record(Operation.API_CALL, START + SECOND, 100, "StoreUnavailableException: down");
    r.record(Operation.API_CALL, START + SECOND, 100, null);

    assertThat(r.errors()).isEqualTo(3);
    assertThat(r.errors(Operation.CHECK)).isEqualTo(2);
    assertThat(r.errors(Operation.API_CALL)).isEqualTo(1);
    assertThat(r.errorsInSecond(0)).isEqualTo(1);
    assertThat(r.errorsInSecond(1)).isEqualTo(2);
    // Failed operations still have a latency.
    assertThat(r.operation(Operation.API_CALL).count()).isEqualTo(2);
    assertThat(r.errorKinds()).containsExactly(
        org.assertj.core.api.Assertions.entry("check: session not found", 2L),
        org.assertj.core.api.Assertions.entry("api-call: StoreUnavailableException: down", 1L));
  }

  @Test
  void distinctErrorDescriptionsAreCapped() {
    LatencyRecorder r = new LatencyRecorder(START, 1);

    for (int i = 0; i < LatencyRecorder.MAX_ERROR_KINDS + 30; i++) {
      r.record(Operation.CHECK, START, 1, "error " + i);
    }

    assertThat(r.errorKinds()).hasSizeLessThanOrEqualTo(LatencyRecorder.MAX_ERROR_KINDS + 1);
    assertThat(r.errorKinds()).containsKey(LatencyRecorder.OTHER_ERRORS);
    assertThat(r.errorKinds().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(LatencyRecorder.MAX_ERROR_KINDS + 30);
  }

  @Test
  void usersPerSecondKeepTheHighestSample() {
    LatencyRecorder r = new LatencyRecorder(START, 2);

    r.sampleUsers(START, 2);
    r.sampleUsers(START + SECOND / 2, 9);
    r.sampleUsers(START + SECOND - 1, 4);
    r.sampleUsers(START + SECOND, 1);
    r.sampleUsers(START + 5 * SECOND, 50);

    assertThat(r.usersInSecond(0)).isEqualTo(9);
    assertThat(r.usersInSecond(1)).isEqualTo(1);
  }
}
