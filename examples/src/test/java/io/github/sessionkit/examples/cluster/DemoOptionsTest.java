package io.github.sessionkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsAreTheDocumentedPortsAndEmbeddedServers() {
    DemoOptions options = DemoOptions.parse(new String[0], Map.of());

    assertThat(options.port1()).isEqualTo(8081);
    assertThat(options.port2()).isEqualTo(8082);
    assertThat(options.exitAfter()).isNull();
    assertThat(options.databaseUrl()).isNull();
    assertThat(options.redisUrl()).isNull();
    assertThat(options.trafficPerSecond()).isEqualTo(4);
  }

  @Test
  void environmentSetsPortsAndServersAndFlagsWin() {
    Map<String, String> env =
        Map.of(
            "DEMO_PORT1",
            "9001",
            "DEMO_PORT2",
            "9002",
            "DEMO_TRAFFIC",
            "7",
            "DATABASE_URL",
            "postgresql://u:p@db:5432/app",
            "REDIS_URL",
            "redis://cache:6379");

    DemoOptions fromEnv = DemoOptions.parse(new String[0], env);
    assertThat(fromEnv.port1()).isEqualTo(9001);
    assertThat(fromEnv.port2()).isEqualTo(9002);
    assertThat(fromEnv.trafficPerSecond()).isEqualTo(7);
    assertThat(fromEnv.databaseUrl()).isEqualTo("postgresql://u:p@db:5432/app");
    assertThat(fromEnv.redisUrl()).isEqualTo("redis://cache:6379");

    DemoOptions flags =
        DemoOptions.parse(
            new String[] {"--port1", "7001", "--port2=7002", "--traffic", "0", "--exit-after=90s"},
            env);
    assertThat(flags.port1()).isEqualTo(7001);
    assertThat(flags.port2()).isEqualTo(7002);
    assertThat(flags.trafficPerSecond()).isZero();
    assertThat(flags.exitAfter()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void blankEnvironmentValuesCountAsUnset() {
    DemoOptions options =
        DemoOptions.parse(new String[0], Map.of("DATABASE_URL", " ", "DEMO_PORT1", ""));

    assertThat(options.databaseUrl()).isNull();
    assertThat(options.port1()).isEqualTo(8081);
  }

  @Test
  void exitAfterTakesPlainAndIsoDurations() {
    assertThat(DemoOptions.duration("--exit-after", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DemoOptions.duration("--exit-after", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DemoOptions.duration("--exit-after", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DemoOptions.duration("--exit-after", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DemoOptions.duration("--exit-after", "PT1M")).isEqualTo(Duration.ofMinutes(1));
    assertThat(DemoOptions.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DemoOptions.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(DemoOptions.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void badValuesNameTheFlagOrVariableAndEchoTheValue() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--port1", "http"}, Map.of()))
        .hasMessage("--port1 must be a whole number, got 'http'");
    assertThatThrownBy(() -> DemoOptions.parse(new String[0], Map.of("DEMO_PORT2", "70000")))
        .hasMessage("DEMO_PORT2 must be a port from 0 to 65535, got 70000");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--exit-after", "soon"}, Map.of()))
        .hasMessage("--exit-after must be a duration such as 30s, 5m or PT1M, got 'soon'");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--exit-after"}, Map.of()))
        .hasMessage("--exit-after needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--verbose"}, Map.of()))
        .hasMessage("unknown argument '--verbose'");
    assertThatThrownBy(
            () -> DemoOptions.parse(new String[] {"--port1", "9000", "--port2", "9000"}, Map.of()))
        .hasMessageContaining("both 9000");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--traffic", "1000"}, Map.of()))
        .hasMessageContaining("--traffic must be from 0 to 100");
  }

  @Test
  void theCommandLineRejectsBadArgumentsWithUsageAndStatus2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ClusterDemo.run(
            new String[] {"--port1", "x"},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("ClusterDemo: --port1 must be a whole number, got 'x'")
        .contains("usage: ClusterDemo");
  }

  @Test
  void aBusyPortIsReportedBeforeAnyServerStarts() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(0, 1, InetAddress.getByName(ClusterDemo.BIND_HOST))) {
      int port = taken.getLocalPort();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int status =
          ClusterDemo.run(
              new String[] {"--port1", "0", "--port2", String.valueOf(port)},
              Map.of(),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(status).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains(
              "ClusterDemo: port "
                  + port
                  + " (node 2) is already in use: stop what uses it, or pick another port with"
                  + " --port2 <port> or DEMO_PORT2");
      // Nothing slow was started for a demo that cannot listen.
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Starting embedded");
    }
  }

  @Test
  void printedUrlsHideOnlyThePassword() {
    assertThat(DemoBackends.masked("postgresql://app:s3cret@db:5432/sessions"))
        .isEqualTo("postgresql://app:****@db:5432/sessions");
    assertThat(DemoBackends.masked("redis://:s3cret@cache:6379/0"))
        .isEqualTo("redis://:****@cache:6379/0");
    assertThat(DemoBackends.masked("jdbc:postgresql://db/app?user=app&password=s3cret"))
        .isEqualTo("jdbc:postgresql://db/app?user=app&password=****");
    assertThat(DemoBackends.masked("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
  }
}
