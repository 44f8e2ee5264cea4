package io.github.sessionkit.it.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionkit.Session;
import io.github.sessionkit.SessionManager;
import io.github.sessionkit.spi.Settings;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.postgres.TestSchema;
import io.github.sessionkit.testkit.redis.RedisTestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No secret in any output: a corpus of configurations holding passwords and keys in every form
 * users write them (user info with {@code / ? # @ :}, percent-encoding, no scheme, an unknown
 * scheme, {@code redis//}, {@code postgresql//}, a URL in the wrong setting, {@code ?} in a
 * password, password parameters, secret settings, encryption keys) is pushed through every path
 * that prints: exception messages, causes and stack traces, {@code toString}s of settings, managers
 * and stores, health and stats, and every log line at every level (captured, down to TRACE, for the
 * library, HikariCP and Jedis), including a store starting with its server down and a tiered store
 * starting with one tier down. The secret's text appears nowhere.
 */
class NoSecretInOutputIT {

  /** Fast failures: every server in the corpus but the real ones is a closed port. */
  private static final Map<String, String> FAST =
      Map.of(
          "SESSION_REDIS_CONNECT_TIMEOUT", "300ms",
          "SESSION_REDIS_SOCKET_TIMEOUT", "300ms",
          "SESSION_REDIS_COMMAND_TIMEOUT", "600ms",
          "SESSION_REDIS_RETRIES", "0",
          "SESSION_JDBC_CONNECT_TIMEOUT", "1s",
          "SESSION_JDBC_POOL_TIMEOUT", "400ms",
          "SESSION_BREAKER_PROBE_INTERVAL", "1s");

  private static TestSchema schema;
  private static String realDatabaseUrl;
  private static String realRedisUrl;

  /** One configuration and the secrets in it; every secret holds a part no other text has. */
  record Case(String name, Map<String, String> env, List<String> secrets) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void servers() {
    schema = PostgresServer.shared().createSchema();
    realDatabaseUrl = PostgresServer.shared().databaseUrl();
    realRedisUrl = RedisTestServers.standaloneUrl();
  }

  @AfterAll
  static void dropSchema() {
    schema.close();
  }

  private static Case c(String name, List<String> secrets, String... pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return new Case(name, env, secrets);
  }

  static Stream<Case> corpus() {
    String shortKey = Base64.getEncoder().encodeToString("twenty-bytes-of-key!".getBytes());
    String goodKey =
        Base64.getEncoder().encodeToString("thirty-two-bytes-of-a-secret-key".getBytes());
    return Stream.of(
        c(
            "user info with / ? # @ : unencoded",
            List.of("Pa55/w?rd#frag@mid:colon", "Pa55/w", "rd#frag", "frag@mid", "mid:colon"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis://user:Pa55/w?rd#frag@mid:colon@127.0.0.1:1"),
        c(
            "percent-encoded password",
            List.of("pct%2Fsecr3t%40x", "pct/secr3t@x", "secr3t"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis://user:pct%2Fsecr3t%40x@127.0.0.1:1"),
        c(
            "password only",
            List.of("onlyPassw0rd"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis://:onlyPassw0rd@127.0.0.1:1/2"),
        c(
            "no scheme",
            List.of("noSch3meSecret"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "user:noSch3meSecret@127.0.0.1:1"),
        c(
            "unknown scheme",
            List.of("unkn0wnSchemeSecret"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "memcached://user:unkn0wnSchemeSecret@127.0.0.1:1"),
        c(
            "redis// without colon",
            List.of("redisTyp0Secret"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis//user:redisTyp0Secret@127.0.0.1:1"),
        c(
            "postgresql// without colon",
            List.of("pgTyp0Secret"),
            "SESSION_STORE",
            "jdbc",
            "DATABASE_URL",
            "postgresql//app:pgTyp0Secret@127.0.0.1:1/db"),
        c(
            "a URL in SESSION_STORE",
            List.of("wr0ngSettingSecret"),
            "SESSION_STORE",
            "redis://user:wr0ngSettingSecret@127.0.0.1:1"),
        c(
            "a URL in SESSION_STORE, postgres",
            List.of("wr0ngSettingPg"),
            "SESSION_STORE",
            "postgresql://app:wr0ngSettingPg@127.0.0.1:1/db"),
        c(
            "? and & in a DATABASE_URL password",
            List.of("qm?ark&Secr3t=1", "ark&Secr3t"),
            "SESSION_STORE",
            "jdbc",
            "DATABASE_URL",
            "postgresql://app:qm?ark&Secr3t=1@127.0.0.1:1/db"),
        c(
            "@ and / in a DATABASE_URL password",
            List.of("p@ss/w0rdSecret", "ss/w0rdSecret"),
            "SESSION_STORE",
            "jdbc",
            "DATABASE_URL",
            "postgresql://app:p@ss/w0rdSecret@127.0.0.1:1/db"),
        c(
            "password parameter of a JDBC URL",
            List.of("qParamSecr3t"),
            "SESSION_STORE",
            "jdbc",
            "JDBC_URL",
            "jdbc:postgresql://127.0.0.1:1/db?user=app&password=qParamSecr3t"),
        c(
            "sslpassword and password parameters",
            List.of("sslParamSecr3t", "param2Secr3t"),
            "SESSION_STORE",
            "jdbc",
            "DATABASE_URL",
            "postgresql://127.0.0.1:1/db?sslpassword=sslParamSecr3t&password=param2Secr3t&sslmode=disable"),
        c(
            "password setting beside the URL",
            List.of("jdbcSett1ngSecret"),
            "SESSION_STORE",
            "jdbc",
            "DATABASE_URL",
            "postgresql://127.0.0.1:1/db",
            "SESSION_JDBC_USERNAME",
            "app",
            "SESSION_JDBC_PASSWORD",
            "jdbcSett1ngSecret"),
        c(
            "sentinel URL and sentinel password",
            List.of("sentinelUrlSecr3t", "sentinelOwnSecr3t"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis-sentinel://u:sentinelUrlSecr3t@127.0.0.1:1/mymaster",
            "SESSION_REDIS_SENTINEL_PASSWORD",
            "sentinelOwnSecr3t"),
        c(
            "cluster URL",
            List.of("clusterSecr3t"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "redis-cluster://u:clusterSecr3t@127.0.0.1:1,127.0.0.1:2"),
        c(
            "TLS URL and trust store password",
            List.of("tlsUrlSecr3t", "trustSt0reSecret"),
            "SESSION_STORE",
            "redis",
            "REDIS_URL",
            "rediss://u:tlsUrlSecr3t@127.0.0.1:1",
            "SESSION_REDIS_TRUSTSTORE",
            "/nonexistent/truststore.p12",
            "SESSION_REDIS_TRUSTSTORE_PASSWORD",
            "trustSt0reSecret"),
        c(
            "an encryption key of the wrong length",
            List.of(shortKey, shortKey.substring(4, 20)),
            "SESSION_ENCRYPTION_KEYS",
            "k1:" + shortKey),
        c(
            "an encryption key pasted as its id",
            List.of(goodKey),
            "SESSION_ENCRYPTION_KEYS",
            goodKey + ":" + goodKey),
        c(
            "valid encryption keys on the memory store",
            List.of(goodKey, goodKey.substring(5, 30)),
            "SESSION_ENCRYPTION_KEYS",
            "k2:" + goodKey + ",k1:" + Base64.getEncoder().encodeToString(new byte[32])),
        c(
            "tiered, Redis down at start-up",
            List.of("tieredRedisSecr3t"),
            "SESSION_STORE",
            "tiered",
            "REDIS_URL",
            "redis://u:tieredRedisSecr3t@127.0.0.1:1",
            "DATABASE_URL",
            "@REAL_DATABASE_URL@"),
        c(
            "tiered, PostgreSQL down at start-up",
            List.of("tieredPgSecr3t", "tiered@Pg/Secr3t"),
            "SESSION_STORE",
            "tiered",
            "REDIS_URL",
            "@REAL_REDIS_URL@",
            "DATABASE_URL",
            "postgresql://app:tiered@Pg/Secr3t@127.0.0.1:1/db"),
        c(
            "tiered, both down",
            List.of("bothDownRedis", "bothDownPg"),
            "SESSION_STORE",
            "tiered",
            "REDIS_URL",
            "redis://u:bothDownRedis@127.0.0.1:1",
            "DATABASE_URL",
            "postgresql://app:bothDownPg@127.0.0.1:1/db"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void theSecretAppearsInNoOutput(Case c) {
    Map<String, String> env = new LinkedHashMap<>(FAST);
    c.env()
        .forEach(
            (k, v) ->
                env.put(
                    k,
                    v.replace("@REAL_DATABASE_URL@", realDatabaseUrl)
                        .replace("@REAL_REDIS_URL@", realRedisUrl)));
    env.put("SESSION_JDBC_SCHEMA", schema.name());
    StringBuilder out = new StringBuilder();
    String logs =
        AllLevelsLogCapture.during(
            () -> {
              Settings settings = Settings.of(env);
              out.append(settings).append('\n');
              env.forEach((name, value) -> out.append(Settings.mask(name, value)).append('\n'));
              try (SessionManager sessions = SessionManager.builder().settings(settings).build()) {
                printRunning(sessions, out);
              } catch (RuntimeException e) {
                print(e, out);
              }
              // The same URLs given in code rather than by environment.
              for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getValue().contains("//") || e.getValue().contains("@")) {
                  try (SessionManager sessions =
                      SessionManager.builder()
                          .settings(Settings.of(FAST))
                          .storeUrl(e.getValue())
                          .build()) {
                    printRunning(sessions, out);
                  } catch (RuntimeException ex) {
                    print(ex, out);
                  }
                }
              }
            });
    String everything = out + "\n" + logs;
    keepForReview(c, everything);
    assertThat(everything).as("what was printed").isNotBlank();
    for (String secret : c.secrets()) {
      assertThat(everything).as("output of case '%s'", c.name()).doesNotContain(secret);
    }
  }

  @Test
  void theCaptureSeesEveryLevel() {
    String logs =
        AllLevelsLogCapture.during(
            () -> {
              org.slf4j.LoggerFactory.getLogger("io.github.sessionkit.SessionManager")
                  .trace("trace-canary");
              org.slf4j.LoggerFactory.getLogger("com.zaxxer.hikari.HikariConfig")
                  .debug("debug-canary");
            });
    assertThat(logs).contains("trace-canary").contains("debug-canary");
  }

  private static void printRunning(SessionManager sessions, StringBuilder out) {
    out.append(sessions).append('\n').append(sessions.store()).append('\n');
    out.append(sessions.health()).append('\n').append(sessions.stats()).append('\n');
    try {
      Session session = sessions.create("alice");
      session.put("a", "b");
      sessions.save(session);
      out.append(sessions.find(session.id())).append('\n');
      sessions.invalidate(session.id());
    } catch (RuntimeException e) {
      print(e, out);
    }
    out.append(sessions.health()).append('\n');
  }

  /** What a case printed, in target/no-secret-corpus/, so a reviewer can see what was checked. */
  private static void keepForReview(Case c, String everything) {
    try {
      java.nio.file.Path dir = java.nio.file.Path.of("target", "no-secret-corpus");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.writeString(
          dir.resolve(
              Integer.toHexString(c.name().hashCode())
                  + "-"
                  + c.name().replaceAll("[^A-Za-z0-9]+", "-")
                  + ".txt"),
          everything);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Message, toString and full stack trace of the exception and its causes. */
  private static void print(Throwable e, StringBuilder out) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
      out.append(t.getMessage()).append('\n').append(t).append('\n');
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    out.append(trace);
  }
}
