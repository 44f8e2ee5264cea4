package io.github.sessionkit.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.bench.scale.ScaleFigures.Config;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A short run on real servers of the test's own (so it can see that nothing is left behind): 200
 * then 1,000 sessions, 1 s per measurement.
 */
class ScaleFiguresIT {

  private static RedisProcess redis;
  private static PostgresServer postgres;

  @BeforeAll
  static void startServers() {
    redis = RedisProcess.startDefault();
    postgres = PostgresServer.startEmbedded();
  }

  @AfterAll
  static void stopServers() {
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void measuresEveryStoreAtBothSizesAndLeavesNothingBehind() throws Exception {
    Config config =
        new Config(
            redis.url(),
            postgres.jdbcUrlWithCredentials(),
            200,
            1_000,
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            4,
            true);

    String md = ScaleFigures.markdown(config);

    assertThat(md)
        .startsWith("## Memory and scale")
        .contains(
            "### Bytes per 1 KB session",
            "| store | operation | sessions stored | median µs | p99 µs | ops measured | median 1k"
                + " / 200 |");
    for (String store : new String[] {"memory", "redis", "postgresql"}) {
      for (String operation : new String[] {ScaleFigures.FIND, ScaleFigures.TYPICAL}) {
        assertThat(md)
            .containsPattern(
                row(store, operation, "200") + " [0-9.,]+ \\| [0-9.,]+ \\| [0-9,]+ \\|  \\|");
        assertThat(md)
            .containsPattern(
                row(store, operation, "1,000")
                    + " [0-9.,]+ \\| [0-9.,]+ \\| [0-9,]+ \\|"
                    + " [0-9.]+x \\|");
      }
    }
    // The memory store's figure is approximate: a few hundred sessions are close to the heap's
    // noise.
    assertThat(bytesPerSession(md, "memory", "≈ ")).isPositive();
    assertThat(bytesPerSession(md, "redis", "")).isBetween(1_000L, 20_000L);
    assertThat(bytesPerSession(md, "postgresql", "")).isBetween(1_000L, 20_000L);
    assertThat(md).contains("| tiered (local -> Redis -> PostgreSQL) |");

    try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
      assertThat(jedis.dbSize()).as("keys left in Redis").isZero();
    }
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.schemata"
                    + " WHERE schema_name LIKE 'sk\\_%'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("schemas left in PostgreSQL").isZero();
    }
  }

  private static String row(String store, String operation, String stored) {
    return Pattern.quote("| " + store + " | " + operation + " | " + stored + " |");
  }

  private static long bytesPerSession(String md, String store, String mark) {
    Matcher m = Pattern.compile("\\| " + store + " \\| " + mark + "(-?[0-9,]+) \\|").matcher(md);
    assertThat(m.find()).as("bytes row of %s in%n%s", store, md).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
