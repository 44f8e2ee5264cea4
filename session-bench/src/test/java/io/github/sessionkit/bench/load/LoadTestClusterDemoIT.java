package io.github.sessionkit.bench.load;

import static io.github.sessionkit.bench.load.LoadTestSmokeTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sessionkit.bench.load.LoadTestSmokeTest.Run;
import io.github.sessionkit.examples.cluster.ClusterDemo;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool over real HTTP against the real cluster demo (two Jetty nodes on embedded
 * PostgreSQL and Redis, started once for the class), as CI runs its smoke profile: the README's
 * walkthrough, including Redis stopped mid-run from the admin page.
 */
class LoadTestClusterDemoIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ClusterDemo demo;
  private static String targets;

  @TempDir Path dir;

  @BeforeAll
  static void startDemo() {
    // Any free ports; no synthetic traffic, so every request the demo serves is the tool's.
    demo =
        ClusterDemo.start(
            List.of("--port1", "0", "--port2", "0", "--traffic", "0"),
            Map.of(),
            new PrintStream(OutputStream.nullOutputStream()));
    targets = demo.loopbackUrl(1) + "," + demo.loopbackUrl(2);
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  private static void redis(String action) {
    HttpRequest request =
        HttpRequest.newBuilder(demo.loopbackUrl(1).resolve("/admin/redis/" + action))
            .header("X-Requested-By", "sessionkit-demo")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s Redis: %s", action, response.body()).isEqualTo(200);
    } catch (Exception e) {
      throw new IllegalStateException(action + " Redis failed", e);
    }
  }

  private static List<String> servingTiers(JsonNode json) {
    List<String> tiers = new ArrayList<>();
    for (JsonNode second : json.path("timeline")) {
      second.path("timelineHeader").fieldNames().forEachRemaining(tiers::add);
    }
    return tiers;
  }

  @Test
  void theSmokeProfileOverHttpOnBothNodesPassesWithEveryCrossNodeCheck() throws Exception {
    Path html = dir.resolve("demo.html");

    Run run =
        run(
            Map.of(),
            "--target",
            targets,
            "--profile",
            "smoke",
            "--duration",
            "4s",
            "--probe-interval",
            "250ms",
            "--html",
            html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    LoadTestSmokeTest.assertCompleteReports(run, html);
    assertThat(run.out())
        .contains(
            demo.loopbackUrl(1) + ", " + demo.loopbackUrl(2) + " (cookie sessions)",
            "PASS  cross-node: session created on one node, found on the other",
            "PASS  cross-node: logout on one node, refused on the other")
        .containsPattern(
            "N/A   cache hit ratio +> 80.00 % +not applicable: the cache tier's reads are not"
                + " visible over HTTP");
    JsonNode json = JSON.readTree(LoadOptions.besideHtml(html).toFile());
    for (JsonNode check : json.path("crossNode")) {
      assertThat(check.path("probes").asLong()).as("%s", check).isGreaterThanOrEqualTo(4);
      assertThat(check.path("failures").asLong()).as("%s", check).isZero();
    }
    assertThat(servingTiers(json)).as("the demo's X-Serving-Tier, per second").contains("redis");
    assertThat(json.path("parameters").path("mode").asText()).isEqualTo("HTTP");
    assertThat(Files.readString(html))
        .contains(
            "X-Serving-Tier: the value most answers carried each second",
            "<td>" + CrossNodeRecorder.Check.FOUND_ON_OTHER.label() + "</td>");
  }

  @Test
  void redisStoppedMidRunShowsOnTheTimelineWhileSessionsKeepWorkingOnBothNodes() throws Exception {
    Path html = dir.resolve("outage.html");
    CompletableFuture<Void> outage =
        CompletableFuture.runAsync(
            () -> redis("stop"), CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
    CompletableFuture<Void> back =
        outage.thenRunAsync(
            () -> redis("start"), CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS));

    Run run;
    try {
      run =
          run(
              Map.of(),
              "--target",
              targets,
              "--scenario",
              "heavy-use",
              "--users",
              "4",
              "--duration",
              "10s",
              "--think",
              "20ms",
              "--probe-interval",
              "250ms",
              "--html",
              html.toString());
    } finally {
      back.get(60, TimeUnit.SECONDS);
    }

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    JsonNode json = JSON.readTree(LoadOptions.besideHtml(html).toFile());
    List<String> tiers = servingTiers(json);
    // Redis served, then PostgreSQL while Redis was down, then Redis again once its breaker closed.
    assertThat(tiers).as("serving tier per second").contains("redis", "postgresql");
    assertThat(tiers.indexOf("postgresql")).isGreaterThan(tiers.indexOf("redis"));
    assertThat(tiers.lastIndexOf("redis")).isGreaterThan(tiers.indexOf("postgresql"));
    for (JsonNode check : json.path("crossNode")) {
      assertThat(check.path("failures").asLong()).as("%s", check).isZero();
    }
    assertThat(Files.readString(html)).contains(">postgresql<", ">redis<");
  }

  @Test
  void bearerTokensAreAnApiClientsSessions() throws Exception {
    Path html = dir.resolve("bearer.html");

    Run run =
        run(
            Map.of(),
            "--target",
            targets,
            "--auth",
            "bearer",
            "--scenario",
            "login-check-logout",
            "--duration",
            "2s",
            "--probe-interval",
            "250ms",
            "--html",
            html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    assertThat(run.out())
        .contains(
            "(bearer sessions)", "PASS  cross-node: logout on one node, refused on the other");
    JsonNode json = JSON.readTree(LoadOptions.besideHtml(html).toFile());
    assertThat(json.path("actions"))
        .extracting(a -> a.path("name").asText())
        .containsExactly("login", "check", "logout");
  }

  @Test
  void aTargetThatDoesNotAnswerFailsTheRunWithItsReason() throws Exception {
    // A port that was free a moment ago: nothing listens there.
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Run run =
        run(
            Map.of(),
            "--target",
            "http://127.0.0.1:" + port,
            "--scenario",
            "heavy-use",
            "--duration",
            "1s",
            "--timeout",
            "1s",
            "--html",
            dir.resolve("down.html").toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isEqualTo(LoadTest.EXIT_FAILED);
    assertThat(run.out())
        .contains(
            "FAIL  success rate",
            "why: most frequent: login: ConnectException",
            "RESULT: FAIL",
            "N/A   cross-node");
  }
}
