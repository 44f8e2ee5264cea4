package io.github.sessionkit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's entry point on the memory store, as CI runs it. */
class LoadTestSmokeTest {

  @TempDir Path dir;

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = LoadTest.run(List.of(args), environment, o, e);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The checks every passing run's reports must satisfy. */
  static void assertCompleteReports(Run run, Path html) throws Exception {
    for (Operation op : Operation.values()) {
      assertThat(run.out())
          .as("operation %s in the summary", op.label())
          .containsPattern("(?m)^" + op.label() + " +[0-9,]+ ");
    }
    assertThat(run.out())
        .contains(
            "grading",
            "PASS  average latency",
            "PASS  p95 latency",
            "PASS  p99 latency",
            "PASS  success rate",
            "cache hit ratio",
            "PASS  users finished",
            "RESULT: PASS",
            "per scenario",
            "HTML report: " + html,
            "JSON report: " + LoadOptions.besideHtml(html));
    // Live progress, as plain lines because the output is not a terminal.
    assertThat(run.out()).contains("done     100%");

    assertThat(html).isRegularFile();
    String page = Files.readString(html);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<style>", "<h1>sessionkit load test: <span class=\"PASS\">PASS</span>");
    assertThat(page)
        .contains(
            "Timeline", "Actions", "Scenarios", "Grading", "Run parameters", "Cross-node checks");
    assertThat(page.split("<svg ", -1).length).as("inline SVG charts").isGreaterThanOrEqualTo(4);
    assertThat(page).contains("<polyline", ">p50<", ">p95<", ">p99<");
    for (Operation op : Operation.values()) {
      assertThat(page).contains("<td>" + op.label() + "</td>");
    }
    // Self-contained: nothing is fetched from anywhere (target URLs appear as text only).
    assertThat(page)
        .doesNotContain("<script", "<link", "@import", "url(", "src=\"http", "href=\"http");

    JsonNode json = new ObjectMapper().readTree(LoadOptions.besideHtml(html).toFile());
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("total").path("count").asLong()).isPositive();
    assertThat(json.path("total").path("p99Ms").asDouble()).isPositive();
    assertThat(json.path("actions"))
        .extracting(a -> a.path("name").asText())
        .containsExactly(
            java.util.Arrays.stream(Operation.values())
                .map(Operation::label)
                .toArray(String[]::new));
    assertThat(json.path("scenarios").size()).isPositive();
    assertThat(json.path("timeline").size()).isPositive();
    assertThat(json.path("grading"))
        .allSatisfy(c -> assertThat(c.path("verdict").asText()).isIn("PASS", "NOT_APPLICABLE"));
    assertThat(json.path("parameters").path("scenario").asText()).isNotEmpty();
  }

  @Test
  void smokeProfileOnTheMemoryStorePassesAndWritesBothReports() throws Exception {
    Path html = dir.resolve("reports/smoke.html");

    Run run = run(Map.of(), "--profile", "smoke", "--duration", "3s", "--html", html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    assertThat(run.out())
        .contains("scenario mixed, profile smoke", "store memory", "N/A   cache hit ratio");
    assertCompleteReports(run, html);
  }

  @Test
  void aFailedThresholdGivesExitCodeOne() throws Exception {
    Path html = dir.resolve("fail.html");

    Run run =
        run(
            Map.of(),
            "--scenario",
            "login-check-logout",
            "--duration",
            "1s",
            "--max-p99",
            "0ms",
            "--html",
            html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s", run.out())
        .isEqualTo(LoadTest.EXIT_FAILED);
    assertThat(run.out())
        .containsPattern("FAIL  p99 latency +< 0ms")
        .contains("why: slowest action: ", "PASS  success rate", "RESULT: FAIL");
    assertThat(Files.readString(html)).contains("class=\"FAIL\"");
  }

  @Test
  void usageErrorsGiveExitCodeTwoAndAClearMessage() {
    Run unknownScenario = run(Map.of(), "--scenario", "browse");
    assertThat(unknownScenario.exitCode()).isEqualTo(LoadTest.EXIT_USAGE);
    assertThat(unknownScenario.err())
        .contains(
            "error: ",
            "--scenario",
            "unknown scenario 'browse': expected one of"
                + " login-check-logout, heavy-use, cache-burst, mixed",
            "--help");

    Run badNumber = run(Map.of(), "--users", "ten");
    assertThat(badNumber.exitCode()).isEqualTo(LoadTest.EXIT_USAGE);
    assertThat(badNumber.err()).contains("--users", "'ten' is not an int");

    Run unknownFlag = run(Map.of(), "--verbose");
    assertThat(unknownFlag.exitCode()).isEqualTo(LoadTest.EXIT_USAGE);
    assertThat(unknownFlag.err()).contains("Unknown option: '--verbose'");
    assertThat(unknownFlag.out()).isEmpty();
  }

  @Test
  void aBadEnvironmentSettingNamesTheVariableWithoutAStackTrace() {
    Run badStore = run(Map.of("SESSION_STORE", "cassandra"));
    assertThat(badStore.exitCode()).isEqualTo(LoadTest.EXIT_ERROR);
    assertThat(badStore.err())
        .contains("configuration error: SESSION_STORE='cassandra' is not valid")
        .doesNotContain("\tat ", "Exception");

    Run missingUrl = run(Map.of("SESSION_STORE", "redis"));
    assertThat(missingUrl.exitCode()).isEqualTo(LoadTest.EXIT_ERROR);
    assertThat(missingUrl.err()).contains("REDIS_URL is not set").doesNotContain("\tat ");

    Run badTimeout = run(Map.of("SESSION_IDLE_TIMEOUT", "soon"));
    assertThat(badTimeout.exitCode()).isEqualTo(LoadTest.EXIT_ERROR);
    assertThat(badTimeout.err()).contains("SESSION_IDLE_TIMEOUT='soon' is not valid");
  }

  @Test
  void helpListsScenariosProfilesFlagsAndVariables() {
    Run help = run(Map.of(), "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains(
            "login-check-logout",
            "heavy-use",
            "cache-burst",
            "mixed",
            "smoke",
            "load",
            "stress",
            "spike",
            "endurance",
            "--target",
            "--users",
            "--duration",
            "--ramp",
            "--max-p99",
            "SESSION_STORE",
            "REDIS_URL");
  }
}
