package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.spi.TierStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  private static final long START = 5_000_000_000L;
  private static final LoadPlan PLAN = new LoadPlan(Scenario.MIXED, 2, Duration.ZERO, Duration.ofSeconds(2),
      Duration.ZERO, 0, 4);

  private static LoadReport report(LatencyRecorder recorder, @Nullable CacheHits cache, Thresholds thresholds) {
    return LoadReport.of("smoke", PLAN, "memory", "loadtest", Instant.EPOCH,
        new LoadRunner.Outcome(recorder, 2_000_000_000L, 0, 0, null, cache), thresholds);
  }

  private static Check check(LoadReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** 1000 operations: 990 at 1 ms, 10 at 50 ms; {@code failures} of them failed. */
  private static LatencyRecorder recorder(int failures) {
    LatencyRecorder r = new LatencyRecorder(START, 2);
    for (int i = 0; i < 1000; i++) {
      r.record(i % 2 == 0 ? Operation.CHECK : Operation.LOGIN, START + i * 1_000_000L, i < 990 ? 1_000_000 : 50_000_000,
          i < failures ? "session not found" : null);
    }
    return r;
  }

  @Test
  void aFastCleanRunPassesAndTheHitRatioIsNotApplicableWithoutTiers() {
    LoadReport report = report(recorder(0), null, Thresholds.DEFAULTS);

    assertThat(report.passed()).isTrue();
    assertThat(report.total().count()).isEqualTo(1000);
    assertThat(report.total().meanNanos()).isEqualTo(1_490_000);
    assertThat(report.total().p50Nanos()).isBetween(1_000_000L, 1_000_000L + 1_000_000L / 64);
    assertThat(report.total().p99Nanos()).isBetween(1_000_000L, 1_000_000L + 1_000_000L / 64);
    assertThat(report.total().maxNanos()).isEqualTo(50_000_000);
    assertThat(report.operations()).extracting(LoadReport.Summary::name).containsExactly("login", "check");
    assertThat(check(report, "cache hit ratio").verdict()).isEqualTo(Check.Verdict.NOT_APPLICABLE);
    assertThat(report.timeline()).hasSize(2);
    assertThat(report.timeline().get(0).operations()).isEqualTo(1000);
  }

  @Test
  void eachLatencyThresholdIsStrict() {
    LoadReport report = report(recorder(0), null,
        new Thresholds(Duration.ofNanos(1_490_000), Duration.ofMillis(1), Duration.ofMillis(100), 99.5, 80));

    assertThat(check(report, "average latency").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(report, "p95 latency").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(report, "p99 latency").verdict()).isEqualTo(Check.Verdict.PASS);
    assertThat(report.passed()).isFalse();
  }

  @Test
  void successRateMustBeAboveTheThreshold() {
    assertThat(check(report(recorder(4), null, Thresholds.DEFAULTS), "success rate").verdict())
        .isEqualTo(Check.Verdict.PASS);
    LoadReport atLimit = report(recorder(5), null, Thresholds.DEFAULTS);
    assertThat(check(atLimit, "success rate").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(check(atLimit, "success rate").actual()).contains("99.50 %", "5 errors");
    assertThat(atLimit.errors()).containsOnlyKeys("check: session not found", "login: session not found");
  }

  @Test
  void aRunWithoutOperationsFails() {
    LoadReport report = report(new LatencyRecorder(START, 2), null, Thresholds.DEFAULTS);

    assertThat(report.passed()).isFalse();
    assertThat(check(report, "success rate").actual()).isEqualTo("no operation ran");
  }

  @Test
  void theHitRatioOfTheFastestTierIsGradedForATieredStore() {
    CacheHits good = CacheHits.between(
        List.of(new TierStats("memory", TierStats.Role.LOCAL, "NONE", 100, 100, 0, 0, 0)),
        List.of(new TierStats("memory", TierStats.Role.LOCAL, "NONE", 1000, 200, 0, 0, 0),
            new TierStats("redis", TierStats.Role.DURABLE, "CLOSED", 100, 100, 0, 0, 0)));
    assertThat(good).isEqualTo(new CacheHits("memory (local)", 900, 100));
    assertThat(check(report(recorder(0), good, Thresholds.DEFAULTS), "cache hit ratio").verdict())
        .isEqualTo(Check.Verdict.PASS);

    CacheHits poor = new CacheHits("memory (local)", 80, 20);
    Check graded = check(report(recorder(0), poor, Thresholds.DEFAULTS), "cache hit ratio");
    assertThat(graded.verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(graded.actual()).contains("80.00 %", "100 reads");

    assertThat(check(report(recorder(0), new CacheHits("memory (local)", 0, 0), Thresholds.DEFAULTS),
        "cache hit ratio").verdict()).isEqualTo(Check.Verdict.NOT_APPLICABLE);
    assertThat(CacheHits.between(List.of(), List.of())).isNull();
  }

  @Test
  void stuckOrCrashedUsersFailTheRun() {
    LoadReport report = LoadReport.of("smoke", PLAN, "memory", "loadtest", Instant.EPOCH,
        new LoadRunner.Outcome(recorder(0), 2_000_000_000L, 1, 1, "NullPointerException: boom", null),
        Thresholds.DEFAULTS);

    assertThat(check(report, "users finished").verdict()).isEqualTo(Check.Verdict.FAIL);
    assertThat(report.errors()).containsKey("virtual user ended by a bug of the load tool: NullPointerException: boom");
    assertThat(report.passed()).isFalse();
  }
}
