package io.github.sessionkit.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteReportTest {

  private static Measurement m(String request, String subject, double meanMicros) {
    return new Measurement(
        request,
        subject,
        1,
        meanMicros * 1_000,
        meanMicros * 900,
        meanMicros * 3_000,
        1_000,
        Double.NaN);
  }

  private static List<Measurement> floors() {
    return List.of(
        m("read", "caffeine", 0.05),
        m("write", "caffeine", 0.1),
        m("read", "jedis", 50),
        m("write", "jedis", 60),
        m("read", "jdbc", 100),
        m("write", "jdbc", 120));
  }

  @Test
  void judgesEachTargetOnThroughputAndSaysWhichFellShort() {
    List<Measurement> all = new ArrayList<>(floors());
    all.add(m("typical", "redis", 200));
    all.add(m("typical", "spring-redis-jdk", 400)); // 2.0x, target 1.8x
    all.add(m("typical", "spring-indexed-jdk", 600)); // 3.0x, target 3.5x
    String markdown = new SuiteReport(all).markdown();

    assertThat(markdown)
        .contains(
            "| typical request | sessionkit Redis | Spring `RedisSessionRepository` (JDK) | 200.0 "
                + "| 400.0 | 2.00x | 2.00x | 1.80x | PASS |");
    assertThat(markdown)
        .contains(
            "| Spring `RedisIndexedSessionRepository` (JDK) | 200.0 | 600.0 | 3.00x | 3.00x "
                + "| 3.50x | **SHORT** |");
    assertThat(markdown)
        .contains(
            "| Spring `JdbcIndexedSessionRepository` (JSON) | - | - | - | - | 2.50x "
                + "| NOT MEASURED |");
  }

  @Test
  void writeTargetsAreJudgedOnTheFloorInSequenceAndShowTheFloorApartBeside() {
    List<Measurement> all = new ArrayList<>(floors());
    all.add(m("readThenWrite", "jedis", 150)); // in sequence: more than 50 + 60 apart
    all.add(m("typical", "redis", 160)); // medians: 144 / 135 = 1.07x; 144 / 99 = 1.45x apart
    all.add(m("typical", "postgresql", 300)); // no floor in sequence measured
    String markdown = new SuiteReport(all).markdown();

    assertThat(markdown)
        .contains(
            "| Redis typical request / (GET, SET) | 1 | 144.0 | 135.0 | 1.07x | 99.0 | 1.45x"
                + " | <= 1.15x | PASS |");
    assertThat(markdown)
        .contains(
            "| PostgreSQL typical request / (SELECT, UPDATE) | 1 | - | - | - | - | - | <= 1.25x"
                + " | NOT MEASURED |");
  }

  @Test
  void aRequestsFloorIsTheRawWorkItCannotAvoid() {
    SuiteReport report = new SuiteReport(floors());

    assertThat(report.floorNanos("find", "redis", 1)).isCloseTo(50_000, within(1e-6));
    assertThat(report.floorNanos("create", "spring-jdbc-jdk", 1)).isCloseTo(120_000, within(1e-6));
    assertThat(report.floorNanos("typical", "postgresql", 1)).isCloseTo(220_000, within(1e-6));
    assertThat(report.floorNanos("readOnly", "memory", 1)).isCloseTo(50, within(1e-6));
    assertThat(report.floorNanos("mixed", "spring-redis-json", 1)).isCloseTo(56_000, within(1e-6));
    // The tiered store reads locally and writes to PostgreSQL and Redis.
    assertThat(report.floorNanos("typical", "tiered", 1))
        .isCloseTo(50 + 120_000 + 60_000, within(1e-6));
    assertThat(report.floorNanos("find", "tiered", 1)).isCloseTo(50, within(1e-6));
    // Without its local tier it reads from Redis.
    assertThat(report.floorNanos("find", "tiered-no-local", 1)).isCloseTo(50_000, within(1e-6));
    assertThat(report.floorNanos("find", "redis", 4)).isNull();
  }

  @Test
  void everyThreadCountGetsItsTablesAndPeersAreOnTheSameServer() {
    List<Measurement> all = new ArrayList<>(floors());
    all.add(m("find", "postgresql", 110));
    all.add(m("find", "spring-jdbc-jdk", 220));
    all.add(m("find", "spring-redis-jdk", 55));
    all.add(new Measurement("find", "postgresql", 4, 150_000, 140_000, 400_000, 10, Double.NaN));
    String markdown = new SuiteReport(all).markdown();

    assertThat(markdown)
        .contains("### Every request at 1 thread", "### Every request at 4 threads");
    assertThat(markdown)
        .contains("| find | sessionkit PostgreSQL | 99.0 | 330.0 | 9,091 | 1.10x |");
    // PostgreSQL is compared with Spring's JDBC repository only, not with its Redis ones.
    assertThat(markdown).contains("| find | sessionkit PostgreSQL |  |  |  |  | 2.00x |  |");
    assertThat(markdown)
        .contains("| read (GET / SELECT) | raw Jedis (floor) | 45.0 | 150.0 | 20,000 | 1 |");
  }

  @Test
  void saysHowMuchCpuStealEachBenchmarkSawAndWhetherTheRunWasQuiet() {
    List<Measurement> quiet =
        List.of(
            new Measurement("read", "jedis", 1, 50_000, 45_000, 150_000, 10, 0.4),
            new Measurement("write", "jedis", 1, 60_000, 55_000, 160_000, 10, 1.2));
    SuiteReport report = new SuiteReport(quiet);

    assertThat(report.stealSummary())
        .isEqualTo(
            "0.8 % on average over the measured iterations of 2 benchmarks, at most 1.2 %"
                + " (write (SET / UPDATE) on raw Jedis at 1 thread); a quiet run (no benchmark"
                + " above 2.0 %).");
    assertThat(report.markdown())
        .contains("| read (GET / SELECT) | raw Jedis (floor) | 45.0 | 150.0 | 20,000 | 1 | 0.4 |");

    List<Measurement> noisy = new ArrayList<>(quiet);
    noisy.add(new Measurement("typical", "redis", 4, 200_000, 180_000, 900_000, 10, 37.5));
    assertThat(new SuiteReport(noisy).stealSummary())
        .contains("at most 37.5 % (typical request on sessionkit Redis at 4 threads)")
        .contains("**not a quiet run**: 1 benchmarks saw more than 2.0 % steal");
    // Without /proc/stat there is nothing to say, and the column shows a dash.
    assertThat(new SuiteReport(floors()).stealSummary()).isEqualTo("not measured (no /proc/stat).");
    assertThat(new SuiteReport(floors()).markdown())
        .contains("| read (GET / SELECT) | raw Jedis (floor) | 45.0 | 150.0 | 20,000 | 1 | - |");
  }

  @Test
  void measurementsItDoesNotKnowNeverBreakTheReport() {
    List<Measurement> all = new ArrayList<>(floors());
    all.add(m("find", "hazelcast", 70));

    assertThat(new SuiteReport(all).markdown()).doesNotContain("hazelcast");
    assertThat(new SuiteReport(List.of(m("frobnicate", "redis", 70))).markdown())
        .contains("Targets");
  }

  @Test
  void formatsSmallTimesWithMoreDigits() {
    assertThat(SuiteReport.micros(480)).isEqualTo("0.48");
    assertThat(SuiteReport.micros(1_234_567)).isEqualTo("1,234.6");
    assertThat(SuiteReport.ratio(123.4)).isEqualTo("123x");
  }
}
