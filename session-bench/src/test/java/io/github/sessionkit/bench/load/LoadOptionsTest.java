package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  private static LoadOptions parse(String... args) throws UsageException {
    return LoadOptions.parse(List.of(args));
  }

  @Test
  void defaultsAreTheMixedScenarioOnTheSmokeProfile() throws Exception {
    LoadOptions o = parse();

    assertThat(o.help()).isFalse();
    assertThat(o.profile()).isEqualTo("smoke");
    assertThat(o.plan()).isEqualTo(new LoadPlan(Scenario.MIXED, 4, Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofMillis(1), 0, 16));
    assertThat(o.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    assertThat(o.tenant()).isEqualTo("loadtest");
    assertThat(o.html()).isEqualTo(Path.of("load-report.html"));
    assertThat(o.progress()).isNull();
  }

  @Test
  void flagsOverrideTheProfileInBothSpellings() throws Exception {
    LoadOptions o = parse("--scenario", "cache-burst", "--profile=load", "--users", "3", "--duration=1.5s",
        "--ramp", "500ms", "--think", "0ms", "--hot-sessions", "4", "--tenant", "bench-1", "--html", "out/r.html",
        "--progress", "off", "--max-avg", "20ms", "--max-p95", "PT0.05S", "--max-p99", "0ms", "--min-success", "99.9%",
        "--min-hit-ratio", "50");

    assertThat(o.profile()).isEqualTo("load");
    assertThat(o.plan()).isEqualTo(new LoadPlan(Scenario.CACHE_BURST, 3, Duration.ofMillis(500),
        Duration.ofMillis(1500), Duration.ZERO, 0, 4));
    assertThat(o.thresholds()).isEqualTo(new Thresholds(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ZERO,
        99.9, 50));
    assertThat(o.tenant()).isEqualTo("bench-1");
    assertThat(o.html()).isEqualTo(Path.of("out/r.html"));
    assertThat(o.progress()).isEqualTo(ProgressPrinter.Mode.OFF);
  }

  @Test
  void aProfileRampUpIsCappedAtHalfAShorterDuration() throws Exception {
    assertThat(parse("--profile", "load", "--duration", "4s").plan().rampUp()).isEqualTo(Duration.ofSeconds(2));
    assertThat(parse("--profile", "load").plan().rampUp()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theSpikeProfileJumpsToEightTimesTheUsersInTheMiddleThird() throws Exception {
    LoadPlan plan = parse("--profile", "spike", "--users", "3", "--duration", "30s").plan();

    assertThat(plan.spikeUsers()).isEqualTo(24);
    assertThat(plan.hasSpike()).isTrue();
    assertThat(plan.spikeStart()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.spikeEnd()).isEqualTo(Duration.ofSeconds(20));
    assertThat(parse("--profile", "load", "--spike-users", "40").plan().spikeUsers()).isEqualTo(40);
    assertThat(parse("--profile", "load").plan().hasSpike()).isFalse();
  }

  @Test
  void helpWinsOverEverythingElse() throws Exception {
    assertThat(parse("--bogus", "--help").help()).isTrue();
    assertThat(parse("-h").help()).isTrue();
  }

  @Test
  void wrongArgumentsAreUsageErrorsNamingTheFlagAndValue() {
    assertUsage(List.of("--scenario", "login"), "unknown scenario 'login'", "login-check-logout, heavy-use");
    assertUsage(List.of("--profile", "huge"), "unknown profile 'huge'", "smoke, load, stress, spike, endurance");
    assertUsage(List.of("--userz", "3"), "unknown flag '--userz'");
    assertUsage(List.of("smoke"), "unknown argument 'smoke'");
    assertUsage(List.of("--users"), "--users needs a value");
    assertUsage(List.of("--users", "many"), "--users 'many' is not a number", "1 to 10000");
    assertUsage(List.of("--users", "0"), "--users '0' is out of range");
    assertUsage(List.of("--duration", "0s"), "--duration '0s' is out of range");
    assertUsage(List.of("--duration", "5 parsecs"), "--duration '5 parsecs' is not a duration");
    assertUsage(List.of("--duration", "8d"), "--duration '8d' is too long");
    assertUsage(List.of("--max-p99", "-1ms"), "--max-p99 '-1ms' is not a duration");
    assertUsage(List.of("--ramp", "10s", "--duration", "5s"), "--ramp 10s is longer than the duration 5s");
    assertUsage(List.of("--users", "8", "--spike-users", "8"), "--spike-users 8 is not more than the 8 users");
    assertUsage(List.of("--min-success", "101"), "--min-success '101' is not valid", "from 0 to 100");
    assertUsage(List.of("--min-hit-ratio", "lots"), "--min-hit-ratio 'lots' is not valid");
    assertUsage(List.of("--tenant", "-x"), "--tenant '-x' is not valid");
    assertUsage(List.of("--progress", "fancy"), "--progress 'fancy' is not valid");
  }

  private static void assertUsage(List<String> args, String... messageParts) {
    assertThatThrownBy(() -> LoadOptions.parse(args)).as("%s", args)
        .isInstanceOf(UsageException.class)
        .message().contains(messageParts);
  }

  @Test
  void durationsTakeUnitsDecimalsAndIso() throws Exception {
    assertThat(LoadOptions.duration("--x", "250us", true)).isEqualTo(Duration.ofNanos(250_000));
    assertThat(LoadOptions.duration("--x", "1.5s", true)).isEqualTo(Duration.ofMillis(1500));
    assertThat(LoadOptions.duration("--x", "2m", true)).isEqualTo(Duration.ofMinutes(2));
    assertThat(LoadOptions.duration("--x", "1h", true)).isEqualTo(Duration.ofHours(1));
    assertThat(LoadOptions.duration("--x", "PT30S", true)).isEqualTo(Duration.ofSeconds(30));
    assertThat(LoadOptions.duration("--x", "0ms", true)).isEqualTo(Duration.ZERO);
    assertThat(LoadOptions.percent("--x", "99.5")).isEqualTo(99.5);
    assertThat(LoadOptions.percent("--x", "80%")).isEqualTo(80);
  }

  @Test
  void helpTextNamesEveryScenarioProfileFlagAndTheMainVariables() {
    String help = LoadOptions.helpText();

    for (Scenario s : Scenario.values()) {
      assertThat(help).contains(s.label());
    }
    for (Profile p : Profile.values()) {
      assertThat(help).contains(p.label());
    }
    assertThat(help).contains("--users", "--duration", "--ramp", "--think", "--spike-users", "--hot-sessions",
        "--tenant", "--max-avg", "--max-p95", "--max-p99", "--min-success", "--min-hit-ratio", "--html", "--progress",
        "SESSION_STORE", "REDIS_URL", "DATABASE_URL", "SESSION_IDLE_TIMEOUT");
  }
}
