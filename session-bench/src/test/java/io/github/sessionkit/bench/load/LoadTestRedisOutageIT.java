package io.github.sessionkit.bench.load;

import static io.github.sessionkit.bench.load.LoadTestSmokeTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.bench.load.LoadTestSmokeTest.Run;
import io.github.sessionkit.testkit.net.FaultProxy;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that stops answering mid-run: the run still ends on time, counts the errors and fails.
 */
class LoadTestRedisOutageIT {

  @TempDir Path dir;

  @Test
  void aBlackHoledRedisFailsTheRunWithoutHangingIt() throws Exception {
    try (RedisProcess redis = RedisProcess.startDefault();
        FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
      Map<String, String> environment =
          Map.of(
              "SESSION_STORE",
              "redis",
              "REDIS_URL",
              "redis://" + proxy.host() + ":" + proxy.port(),
              "SESSION_REDIS_SOCKET_TIMEOUT",
              "200ms",
              "SESSION_REDIS_CONNECT_TIMEOUT",
              "200ms",
              "SESSION_REDIS_COMMAND_TIMEOUT",
              "500ms");
      CompletableFuture<Void> outage =
          CompletableFuture.runAsync(
              proxy::blackHole, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
      long started = System.nanoTime();

      Run run =
          run(
              environment,
              "--scenario",
              "heavy-use",
              "--duration",
              "4s",
              "--think",
              "50ms",
              "--html",
              dir.resolve("outage.html").toString());

      long elapsed = System.nanoTime() - started;
      outage.join();
      proxy.pass();
      assertThat(run.exitCode())
          .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
          .isEqualTo(LoadTest.EXIT_FAILED);
      assertThat(run.out())
          .contains(
              "FAIL  success rate",
              "StoreUnavailableException",
              "PASS  users finished",
              "RESULT: FAIL");
      // Four seconds of load, plus at most the cleanup of four users against a dead server.
      assertThat(Duration.ofNanos(elapsed)).isLessThan(Duration.ofSeconds(15));
    }
  }
}
