package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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
    assertThat(o.plan())
        .isEqualTo(
            new LoadPlan(
                Scenario.MIXED,
                4,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofMillis(1),
                0,
                16));
    assertThat(o.thresholds()).isEqualTo(Thresholds.DEFAULTS);
    assertThat(o.tenant()).isEqualTo("loadtest");
    assertThat(o.html()).isEqualTo(Path.of("load-report.html"));
    assertThat(o.json()).isEqualTo(Path.of("load-report.json"));
    assertThat(o.progress()).isNull();
    assertThat(o.http()).as("no --target: in process").isNull();
    assertThat(o.parameters()).containsEntry("mode", "in process").containsEntry("users", "4");
  }

  @Test
  void targetsTurnOnTheHttpModeWithTheDemosPathsByDefault() throws Exception {
    LoadOptions o =
        parse("--target", "http://127.0.0.1:8081,http://127.0.0.1:8082/", "--html", "out/r.html");

    HttpPlan http = o.http();
    assertThat(http).isNotNull();
    assertThat(http.targets())
        .containsExactly(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082/"));
    assertThat(http.paths()).isEqualTo(HttpPlan.Paths.DEMO);
    assertThat(http.auth()).isEqualTo(HttpPlan.Auth.COOKIE);
    assertThat(http.loginBody()).isEqualTo("username={user}");
    assertThat(http.timelineHeader()).isEqualTo("X-Serving-Tier");
    assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.probeInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(http.logoutWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(http.severalNodes()).isTrue();
    assertThat(o.json()).isEqualTo(Path.of("out/r.json"));
    assertThat(o.parameters())
        .containsEntry("mode", "HTTP")
        .containsEntry("targets", "http://127.0.0.1:8081, http://127.0.0.1:8082/")
        .containsEntry("check", "GET /api/session");
  }

  @Test
  void everyHttpSettingCanBeGiven() throws Exception {
    LoadOptions o =
        parse(
            "--target=https://app.example.test/shop",
            "--login-path",
            "/signin",
            "--login-body",
            "user={user}&password=secret",
            "--check-path",
            "/me",
            "--refresh-path",
            "/me/refresh",
            "--api-path",
            "/cart",
            "--logout-path",
            "/signout",
            "--auth",
            "bearer",
            "--token-header",
            "X-Token",
            "--timeline-header",
            "none",
            "--timeout",
            "2s",
            "--probe-interval",
            "0s",
            "--json",
            "r.json");

    HttpPlan http = o.http();
    assertThat(http).isNotNull();
    assertThat(http.paths())
        .isEqualTo(new HttpPlan.Paths("/signin", "/me", "/me/refresh", "/cart", "/signout"));
    assertThat(http.loginBody()).isEqualTo("user={user}&password=secret");
    assertThat(http.auth()).isEqualTo(HttpPlan.Auth.BEARER);
    assertThat(http.tokenHeader()).isEqualTo("X-Token");
    assertThat(http.timelineHeader()).isNull();
    assertThat(http.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(http.probeInterval()).isZero();
    assertThat(http.severalNodes()).isFalse();
    assertThat(o.json()).isEqualTo(Path.of("r.json"));
  }

  @Test
  void flagsOverrideTheProfileInBothSpellings() throws Exception {
    LoadOptions o =
        parse(
            "--scenario",
            "cache-burst",
            "--profile=load",
            "--users",
            "3",
            "--duration=1.5s",
            "--ramp",
            "500ms",
            "--think",
            "0ms",
            "--hot-sessions",
            "4",
            "--tenant",
            "bench-1",
            "--html",
            "out/r.html",
            "--progress",
            "off",
            "--max-avg",
            "20ms",
            "--max-p95",
            "PT0.05S",
            "--max-p99",
            "0ms",
            "--min-success",
            "99.9%",
            "--min-hit-ratio",
            "50");

    assertThat(o.profile()).isEqualTo("load");
    assertThat(o.plan())
        .isEqualTo(
            new LoadPlan(
                Scenario.CACHE_BURST,
                3,
                Duration.ofMillis(500),
                Duration.ofMillis(1500),
                Duration.ZERO,
                0,
                4));
    assertThat(o.thresholds())
        .isEqualTo(
            new Thresholds(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ZERO, 99.9, 50));
    assertThat(o.tenant()).isEqualTo("bench-1");
    assertThat(o.html()).isEqualTo(Path.of("out/r.html"));
    assertThat(o.progress()).isEqualTo(ProgressPrinter.Mode.OFF);
  }

  @Test
  void aProfileRampUpIsCappedAtHalfAShorterDuration() throws Exception {
    assertThat(parse("--profile", "load", "--duration", "4s").plan().rampUp())
        .isEqualTo(Duration.ofSeconds(2));
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
  void helpIsAskedForByEitherSpelling() throws Exception {
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse("-h", "--users", "3").help()).isTrue();
    assertThat(parse("--users", "3").help()).isFalse();
  }

  @Test
  void wrongArgumentsAreUsageErrorsNamingTheFlagAndValue() {
    assertUsage(
        List.of("--scenario", "login"),
        "--scenario",
        "unknown scenario 'login'",
        "login-check-logout, heavy-use");
    assertUsage(
        List.of("--profile", "huge"),
        "unknown profile 'huge'",
        "smoke, load, stress, spike, endurance");
    assertUsage(List.of("--userz", "3"), "Unknown options: '--userz'");
    assertUsage(List.of("smoke"), "Unmatched argument", "'smoke'");
    assertUsage(List.of("--users"), "Missing required parameter for option '--users'");
    assertUsage(List.of("--users", "many"), "--users", "'many' is not an int");
    assertUsage(List.of("--users", "0"), "--users '0' is out of range", "1 to 10000");
    assertUsage(List.of("--duration", "0s"), "--duration '0s' is out of range");
    assertUsage(List.of("--duration", "5 parsecs"), "--duration", "'5 parsecs' is not a duration");
    assertUsage(List.of("--duration", "8d"), "'8d' is too long");
    assertUsage(List.of("--max-p99", "-1ms"), "--max-p99", "'-1ms' is not a duration");
    assertUsage(
        List.of("--ramp", "10s", "--duration", "5s"), "--ramp 10s is longer than the duration 5s");
    assertUsage(
        List.of("--users", "8", "--spike-users", "8"),
        "--spike-users 8 is not more than the 8 users");
    assertUsage(
        List.of("--min-success", "101"), "--min-success", "'101' is not valid", "from 0 to 100");
    assertUsage(List.of("--min-hit-ratio", "lots"), "--min-hit-ratio", "'lots' is not valid");
    assertUsage(List.of("--tenant", "-x"), "--tenant '-x' is not valid");
    assertUsage(List.of("--progress", "fancy"), "--progress 'fancy' is not valid");
    assertUsage(
        List.of("--target", "staging"), "--target 'staging' is not valid", "http://host:port");
    assertUsage(
        List.of("--target", "ftp://127.0.0.1:21"), "--target 'ftp://127.0.0.1:21' is not valid");
    assertUsage(
        List.of("--target", "http://127.0.0.1:8081", "--check-path", "api/session"),
        "--check-path 'api/session' is not valid");
    assertUsage(
        List.of("--target", "http://127.0.0.1:8081", "--timeout", "0s"),
        "--timeout '0s' is out of range");
    assertUsage(List.of("--auth", "basic"), "--auth", "basic");
  }

  private static void assertUsage(List<String> args, String... messageParts) {
    assertThatThrownBy(() -> LoadOptions.parse(args))
        .as("%s", args)
        .isInstanceOf(UsageException.class)
        .message()
        .contains(messageParts);
  }

  @Test
  void durationsTakeUnitsDecimalsAndIsoAndPercentagesTheirSign() {
    Durations durations = new Durations();
    assertThat(durations.convert("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(durations.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(durations.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(durations.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(durations.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(durations.convert("0ms")).isEqualTo(Duration.ZERO);
    assertThat(new Percentages().convert("99.5")).isEqualTo(99.5);
    assertThat(new Percentages().convert("80%")).isEqualTo(80);
  }

  @Test
  void helpIsGeneratedFromTheOptionsAndNamesEveryScenarioProfileAndTheMainVariables() {
    String help = LoadCommand.helpText();

    assertThat(help).startsWith("Usage: LoadTest");
    for (Scenario s : Scenario.values()) {
      assertThat(help).contains(s.label());
    }
    for (Profile p : Profile.values()) {
      assertThat(help).contains(p.label());
    }
    assertThat(help)
        .contains(
            "--target=URL[,URL...]",
            "--users=N",
            "--duration=D",
            "--ramp=D",
            "--think=D",
            "--spike-users=N",
            "--hot-sessions=N",
            "--tenant=NAME",
            "--max-avg=D",
            "--max-p95=D",
            "--max-p99=D",
            "--min-success=P",
            "--min-hit-ratio=P",
            "--html=FILE",
            "--json=FILE",
            "--progress=MODE",
            "--login-path=PATH",
            "--check-path=PATH",
            "--refresh-path=PATH",
            "--api-path=PATH",
            "--logout-path=PATH",
            "--auth=KIND",
            "--timeline-header=NAME",
            "SESSION_STORE",
            "REDIS_URL",
            "DATABASE_URL",
            "SESSION_IDLE_TIMEOUT",
            "Default: 500ms",
            "heavy-use 50%");
    assertThat(help.lines())
        .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(100));
  }
}
