package io.github.sessionkit.bench.spring;

import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SpringRedisBenchmark} and {@link SpringJdbcBenchmark} in one JMH run, on one
 * embedded redis-server and one embedded PostgreSQL started here and shared by every fork, then
 * prints a markdown table: per request type and store, sessionkit's and Spring Session's average
 * time per operation, the throughput ratio (sessionkit over Spring Session), the target ratio
 * and PASS or SHORT.
 *
 * <p>Settings: one thread, 2 warm-up and 3 measured iterations of 2 s, 1 fork per benchmark.
 * Run: {@code java -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.spring.SpringComparison}. Takes about five minutes.
 */
public final class SpringComparison {

  private static final String REDIS = SpringRedisBenchmark.class.getName();
  private static final String JDBC = SpringJdbcBenchmark.class.getName();

  private SpringComparison() {
  }

  /** A row of the table: one request type on one store against one Spring Session repository. */
  private record Row(String request, String benchmark, String method, String spring, String springLabel,
      double target) {
  }

  private static final List<Row> ROWS = List.of(
      new Row("typical", REDIS, "typicalRequest", "spring-redis-jdk", "RedisSessionRepository (JDK)", 1.8),
      new Row("typical", REDIS, "typicalRequest", "spring-redis-json", "RedisSessionRepository (JSON)", 1.8),
      new Row("typical", REDIS, "typicalRequest", "spring-indexed-jdk", "RedisIndexedSessionRepository (JDK)", 3.5),
      new Row("typical", REDIS, "typicalRequest", "spring-indexed-json", "RedisIndexedSessionRepository (JSON)", 3.5),
      new Row("typical", JDBC, "typicalRequest", "spring-jdbc-jdk", "JdbcIndexedSessionRepository (JDK)", 2.5),
      new Row("typical", JDBC, "typicalRequest", "spring-jdbc-json", "JdbcIndexedSessionRepository (JSON)", 2.5),
      new Row("read-only", REDIS, "readOnlyRequest", "spring-redis-jdk", "RedisSessionRepository (JDK)", 3.5),
      new Row("read-only", REDIS, "readOnlyRequest", "spring-redis-json", "RedisSessionRepository (JSON)", 3.5),
      new Row("read-only", REDIS, "readOnlyRequest", "spring-indexed-jdk", "RedisIndexedSessionRepository (JDK)",
          3.5),
      new Row("read-only", REDIS, "readOnlyRequest", "spring-indexed-json", "RedisIndexedSessionRepository (JSON)",
          3.5),
      new Row("read-only", JDBC, "readOnlyRequest", "spring-jdbc-jdk", "JdbcIndexedSessionRepository (JDK)", 5.0),
      new Row("read-only", JDBC, "readOnlyRequest", "spring-jdbc-json", "JdbcIndexedSessionRepository (JSON)", 5.0));

  /**
   * Starts the servers, runs the benchmarks and prints the table to standard output.
   *
   * @param args ignored
   * @throws RunnerException if JMH cannot run a benchmark
   */
  public static void main(String[] args) throws RunnerException {
    try (RedisProcess redis = RedisProcess.startDefault(); PostgresServer postgres = PostgresServer.startEmbedded()) {
      Options options = new OptionsBuilder()
          .include(REDIS.replace(".", "\\.") + "\\.")
          .include(JDBC.replace(".", "\\.") + "\\.")
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(2))
          .measurementIterations(3)
          .measurementTime(TimeValue.seconds(2))
          .forks(1)
          .threads(1)
          .jvmArgsAppend("-D" + SpringRedisBenchmark.REDIS_URL_PROPERTY + "=" + redis.url(),
              "-D" + PostgresServer.EXTERNAL_URL_VARIABLE + "=" + postgres.jdbcUrlWithCredentials())
          .build();
      Collection<RunResult> results = new Runner(options).run();
      System.out.println();
      System.out.println(table(results));
    }
  }

  static String table(Collection<RunResult> results) {
    Map<String, Result<?>> scores = new HashMap<>();
    for (RunResult result : results) {
      scores.put(result.getParams().getBenchmark() + "/" + result.getParams().getParam("store"),
          result.getPrimaryResult());
    }
    List<String> lines = new ArrayList<>();
    lines.add("| request | store | sessionkit (µs/op) | Spring Session | Spring (µs/op) | ratio | target | result |");
    lines.add("|---|---|---:|---|---:|---:|---:|---|");
    for (Row row : ROWS) {
      Result<?> ours = scores.get(row.benchmark() + "." + row.method() + "/sessionkit");
      Result<?> theirs = scores.get(row.benchmark() + "." + row.method() + "/" + row.spring());
      String store = row.benchmark().equals(REDIS) ? "Redis" : "PostgreSQL";
      if (ours == null || theirs == null) {
        lines.add("| " + row.request() + " | " + store + " | " + cell(ours) + " | " + row.springLabel() + " | "
            + cell(theirs) + " | - | " + row.target() + "x | MISSING |");
        continue;
      }
      double ratio = theirs.getScore() / ours.getScore();
      lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2fx | %.1fx | %s |", row.request(), store,
          cell(ours), row.springLabel(), cell(theirs), ratio, row.target(), ratio >= row.target() ? "PASS" : "SHORT"));
    }
    return String.join("\n", lines);
  }

  private static String cell(@Nullable Result<?> result) {
    if (result == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f ± %.1f", result.getScore(), result.getScoreError());
  }
}
