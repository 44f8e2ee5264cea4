package io.github.sessionkit.bench.load;

import static io.github.sessionkit.bench.load.LoadTestSmokeTest.assertCompleteReports;
import static io.github.sessionkit.bench.load.LoadTestSmokeTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.load.LoadTestSmokeTest.Run;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's entry point against a real redis-server, alone and as the cache of a tiered store. */
class LoadTestRedisIT {

  private static RedisProcess redis;

  @TempDir Path dir;

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.startDefault();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  /**
   * Sessions stored in the server (the test's own server, so every one is the tool's). Deleted
   * sessions leave short-lived tombstones, which the store's count skips.
   */
  private static long storedSessions() {
    try (SessionManager manager =
        SessionManager.builder()
            .settings(Settings.of(Map.of("SESSION_STORE", "redis", "REDIS_URL", redis.url())))
            .build()) {
      return manager.stats().totalSessions();
    }
  }

  @Test
  void smokeProfileOnRedisPassesAndLeavesNoSessionBehind() throws Exception {
    Path html = dir.resolve("redis.html");

    Run run =
        run(
            Map.of("SESSION_STORE", "redis", "REDIS_URL", redis.url()),
            "--profile",
            "smoke",
            "--duration",
            "3s",
            "--html",
            html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    assertThat(run.out()).contains("store redis", "N/A   cache hit ratio");
    assertCompleteReports(run, html);
    // Every user logged out at the end and the hot sessions were removed.
    assertThat(storedSessions()).isZero();
  }

  @Test
  void onATieredStoreTheLocalTierHitRatioIsGraded() throws Exception {
    Path html = dir.resolve("tiered.html");

    Run run =
        run(
            Map.of("SESSION_STORE", "tiered", "REDIS_URL", redis.url()),
            "--profile",
            "smoke",
            "--duration",
            "3s",
            "--html",
            html.toString());

    assertThat(run.exitCode())
        .as("exit code; stdout:%n%s%nstderr:%n%s", run.out(), run.err())
        .isZero();
    assertThat(run.out())
        .containsPattern(
            "PASS  cache hit ratio +> 80.00 % +[0-9.]+ % of [0-9]+ reads on tier memory"
                + " \\(local\\)");
    assertCompleteReports(run, html);
    assertThat(storedSessions()).isZero();
  }
}
