package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.sessionkit.spi.TierStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  private static final long START = 5_000_000_000L;
  private static final LoadPlan PLAN =
      new LoadPlan(Scenario.MIXED, 2, Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO, 0, 4);

  private static LoadReport report(
      LatencyRecorder recorder, @Nullable CacheHits cache, Thresholds thresholds) {
    return report(
        new LoadRunner.Outcome(
            recorder, null, 2_000_000_000L, 0, 0, null, cache, "the store is not tiered"),
        thresholds);
  }

  private static LoadReport report(LoadRunner.Outcome outcome, Thresholds thresholds) {
    return LoadReport.of(
        "smoke",
        PLAN,
        "store memory, tenant loadtest",
        Map.of("users", "2"),
        Instant.EPOCH,
        outcome,
        thresholds);
  }

  private static Check check(LoadReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** 1000 operations: 990 at 1 ms, 10 at 50 ms; {@code failures} of them failed. */
  private static LatencyRecorder recorder(int failures) {
    LatencyRecorder r = new LatencyRecorder(new RunSeconds(START, 2));
    for (int i = 0; i < 1000; i++) {
      r.record(
          i % 2 == 0 ? Scenario.HEAVY_USE : Scenario.LOGIN_CHECK_LOGOUT,
          i % 2 == 0 ? Operation.CHECK : Operation.LOGIN,
          i < 990 ? 1_000_000 : 50_000_000,
          i < failures ? "session not found" : null);
    }
    r.rollSecond(0);
    return r;
  }

  @Test
  void aFastCleanRunPassesAndTheHitRatioIsNotApplicableWithoutTiers() {
    LoadReport report = report(recorder(0), null, Thresholds.DEFAULTS);

    assertThat(report.passed()).isTrue();
    assertThat(report.total().count()).isEqualTo(1000);
    assertThat(report.total().meanNanos()).isCloseTo(1_490_000, withinPercentage(0.1));
    assertThat(report.total().p50Nanos()).isBetween(1_000_000L, 1_001_000L);
    assertThat(report.total().p99Nanos()).isBetween(1_000_000L, 1_001_000L);
    assertThat(report.total().maxNanos()).isBetween(50_000_000L, 50_050_000L);
    assertThat(report.operations())
        .extracting(LoadReport.Summary::name)
        .containsExactly("login", "check");
    assertThat(report.scenarios())
        .extracting(LoadReport.ScenarioSummary::name)
        .containsExactly("login-check-logout", "heavy-use");
    assertThat(report.scenarios().get(1).actions())
        .extracting(LoadReport.Summary::name)
        .containsExactly("check");
    assertThat(report.scenarios().get(1).total().count()).isEqualTo(500);
    assertThat(report.throughput()).isEqualTo(500.0);
    assertThat(check(report, "cross-node").verdict()).isEqualTo(Check.Verdict.NOT_APPLICABLE);
    assertThat(report.checks()).allSatisfy(c -> assertThat(c.reason()).isEmpty());
    assertThat(check(report, "cache hit ratio").verdict()).isEqualTo(Check.Verdict.NOT_APPLICABLE);
    assertThat(report.timeline()).hasSize(2);
    assertThat(report.timeline().get(0).operations()).isEqualTo(1000);
  }

  @Test
  void eachLatencyThresholdIsGradedOnItsOwn() {
    LoadReport report =
        report(
            recorder(0),
            null,
            new Thresholds(
                Duration.ofNanos(1_400_000),
                Duration.ofMillis(1),
                Duration.ofMillis(100),
                99.5,
                80));

    assertThat(check(report, "average latency").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(report, "p95 latency").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(report, "p99 latency").verdict()).isEqualTo(Check.Verdict.PASS);
    assertThat(report.passed()).isFalse();
    // The 50 ms operations were the last ten logins (odd i from 990 on): the slowest action.
    assertThat(check(report, "average latency").reason())
        .startsWith("slowest action: login in login-check-logout");
    assertThat(check(report, "p95 latency").reason())
        .contains("slowest action: ", "worst second: 0 s");
  }

  @Test
  void successRateMustBeAboveTheThreshold() {
    assertThat(check(report(recorder(4), null, Thresholds.DEFAULTS), "success rate").verdict())
        .isEqualTo(Check.Verdict.PASS);
    LoadReport atLimit = report(recorder(5), null, Thresholds.DEFAULTS);
    assertThat(check(atLimit, "success rate").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(atLimit, "success rate").actual()).contains("99.50 %", "5 errors");
    assertThat(atLimit.errors())
        .containsOnlyKeys("check: session not found", "login: session not found");
    assertThat(check(atLimit, "success rate").reason())
        .matches(
            "most frequent: (check|login): session not found \\([23]\\); errors from second 0 to"
                + " 0");
  }

  @Test
  void aRunWithoutOperationsFails() {
    LoadReport report =
        report(new LatencyRecorder(new RunSeconds(START, 2)), null, Thresholds.DEFAULTS);

    assertThat(report.passed()).isFalse();
    assertThat(check(report, "success rate").actual()).isEqualTo("no operation ran");
  }

  @Test
  void theHitRatioOfTheFastestTierIsGradedForATieredStore() {
    CacheHits good =
        CacheHits.between(
            List.of(new TierStats("memory", TierStats.Role.LOCAL, "NONE", 100, 100, 0, 0, 0)),
            List.of(
                new TierStats("memory", TierStats.Role.LOCAL, "NONE", 1000, 200, 0, 0, 0),
                new TierStats("redis", TierStats.Role.DURABLE, "CLOSED", 100, 100, 0, 0, 0)));
    assertThat(good).isEqualTo(new CacheHits("memory (local)", 900, 100));
    assertThat(check(report(recorder(0), good, Thresholds.DEFAULTS), "cache hit ratio").verdict())
        .isEqualTo(Check.Verdict.PASS);

    CacheHits poor = new CacheHits("memory (local)", 80, 20);
    Check graded = check(report(recorder(0), poor, Thresholds.DEFAULTS), "cache hit ratio");
    assertThat(graded.verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(graded.actual()).contains("80.00 %", "100 reads");

    assertThat(
            check(
                    report(recorder(0), new CacheHits("memory (local)", 0, 0), Thresholds.DEFAULTS),
                    "cache hit ratio")
                .verdict())
        .isEqualTo(Check.Verdict.NOT_APPLICABLE);
    assertThat(CacheHits.between(List.of(), List.of())).isNull();
  }

  @Test
  void stuckOrCrashedUsersFailTheRun() {
    LoadReport report =
        report(
            new LoadRunner.Outcome(
                recorder(0),
                null,
                2_000_000_000L,
                1,
                1,
                "NullPointerException: boom",
                null,
                "the store is not tiered"),
            Thresholds.DEFAULTS);

    assertThat(check(report, "users finished").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(report, "users finished").reason())
        .isEqualTo("a bug of the load tool: NullPointerException: boom");
    assertThat(report.errors())
        .containsKey("virtual user ended by a bug of the load tool: NullPointerException: boom");
    assertThat(report.passed()).isFalse();
  }

  @Test
  void crossNodeChecksPassOnlyWhenEveryProbeHeldAndNameTheFirstFailure() {
    LatencyRecorder recorder = recorder(0);
    CrossNodeRecorder crossNode = new CrossNodeRecorder(recorder.runSeconds());
    crossNode.record(CrossNodeRecorder.Check.FOUND_ON_OTHER, START, null);
    crossNode.record(
        CrossNodeRecorder.Check.FOUND_ON_OTHER,
        START + 1_500_000_000L,
        "signed in on a:1, b:2 answered HTTP 401");
    crossNode.record(
        CrossNodeRecorder.Check.FOUND_ON_OTHER, START, "second failure, not the first");
    crossNode.record(CrossNodeRecorder.Check.LOGOUT_HONOURED, START, null);

    LoadReport report =
        report(
            new LoadRunner.Outcome(
                recorder, crossNode, 2_000_000_000L, 0, 0, null, null, "not visible over HTTP"),
            Thresholds.DEFAULTS);

    Check found = check(report, "cross-node: " + CrossNodeRecorder.Check.FOUND_ON_OTHER.label());
    assertThat(found.verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(found.actual()).isEqualTo("failed in 2 of 3 probes");
    assertThat(found.reason()).isEqualTo("first failure: signed in on a:1, b:2 answered HTTP 401");
    Check logout = check(report, "cross-node: " + CrossNodeRecorder.Check.LOGOUT_HONOURED.label());
    assertThat(logout.verdict()).isEqualTo(Check.Verdict.PASS);
    assertThat(report.timeline().get(0).crossNodeFailures()).isEqualTo(1);
    assertThat(report.timeline().get(1).crossNodeFailures()).isEqualTo(1);
    assertThat(check(report, "cache hit ratio").actual())
        .isEqualTo("not applicable: not visible over HTTP");
    assertThat(report.passed()).isFalse();
  }
}
