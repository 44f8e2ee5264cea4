package io.github.sessionkit.bench.suite;

import io.github.sessionkit.bench.scale.KeepAwake;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;
import redis.clients.jedis.Jedis;

/**
 * Runs every benchmark of issue 8 in one go and writes the results into {@code docs/benchmarks.md}:
 * it starts one redis-server and one PostgreSQL, runs {@link SessionBenchmark} (find, create,
 * typical, read-only on every sessionkit store and Spring Session repository; the 90 % read mix on
 * the tiered store with and without its local tier, the Redis store and Spring's plain Redis
 * repository) and {@link FloorBenchmark} at each thread count on those two servers, then the memory
 * and scale figures ({@code ScaleFigures}, in a child JVM with an 8 GB heap), and replaces the
 * section between {@value #BEGIN} and {@value #END} with the tables of {@link SuiteReport}. The
 * section also goes to {@code session-bench/target/benchmark-suite.md}.
 *
 * <p>Run it with {@code scripts/benchmarks} (about 70 minutes with the scale figures); {@code
 * scripts/benchmarks --quick} takes short iterations for a look at the shape of things. {@code
 * --help} lists every option.
 */
public final class BenchmarkSuite {

  static final String BEGIN =
      "<!-- benchmark-suite:begin (written by BenchmarkSuite; edit outside these markers) -->";
  static final String END = "<!-- benchmark-suite:end -->";

  private static final List<String> MIXED_SUBJECTS =
      List.of("tiered", "tiered-no-local", "redis", "spring-redis-jdk", "spring-redis-json");
  private static final String USAGE =
      """
      Usage: BenchmarkSuite [options]
        --quick              1 warm-up and 2 measured iterations of 1 s (default 2 x 2 s and 4 x 3 s)
        --threads 1,4        thread counts to run at (default 1,4)
        --subjects a,b       subjects to measure (default all: %s and %s)
        --requests a,b       requests to measure (default all: %s)
        --forks N            JMH forks per benchmark (default 1; 0 runs in this JVM, for tests only)
        --doc PATH           markdown file whose suite section is replaced (default docs/benchmarks.md)
        --no-doc             do not touch the document; only write the --out file
        --out PATH           where else the section goes (default session-bench/target/benchmark-suite.md)
        --no-scale           skip the memory and scale figures
        --no-keep-awake      at 1 thread, leave the cores idle between round trips (default: a
                             low-priority process keeps one core busy; see KeepAwake)
        --scale-large N      sessions of the large scale run (default 1000000)
      """
          .formatted(Subjects.SESSIONKIT, Subjects.SPRING, SuiteReport.REQUESTS);

  private BenchmarkSuite() {}

  /** The parsed command line. */
  record Options(
      boolean quick,
      List<Integer> threads,
      List<String> subjects,
      List<String> requests,
      int forks,
      @Nullable Path doc,
      Path out,
      boolean scale,
      int scaleLarge,
      boolean keepAwake) {

    static Options parse(List<String> args) {
      boolean quick = false;
      List<Integer> threads = List.of(1, 4);
      List<String> subjects = Subjects.ALL;
      List<String> requests = SuiteReport.REQUESTS;
      int forks = 1;
      Path doc = Path.of("docs", "benchmarks.md");
      Path out = Path.of("session-bench", "target", "benchmark-suite.md");
      boolean scale = true;
      int scaleLarge = 1_000_000;
      boolean keepAwake = true;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "--quick" -> quick = true;
          case "--no-doc" -> doc = null;
          case "--no-scale" -> scale = false;
          case "--no-keep-awake" -> keepAwake = false;
          case "--threads" ->
              threads =
                  list(arg, value(args, ++i, arg)).stream().map(v -> positive(arg, v)).toList();
          case "--subjects" ->
              subjects = known(arg, list(arg, value(args, ++i, arg)), Subjects.ALL);
          case "--requests" ->
              requests = known(arg, list(arg, value(args, ++i, arg)), SuiteReport.REQUESTS);
          case "--forks" -> forks = positiveOrZero(arg, value(args, ++i, arg));
          case "--doc" -> doc = Path.of(value(args, ++i, arg));
          case "--out" -> out = Path.of(value(args, ++i, arg));
          case "--scale-large" -> scaleLarge = positive(arg, value(args, ++i, arg));
          default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
        }
      }
      return new Options(
          quick, threads, subjects, requests, forks, doc, out, scale, scaleLarge, keepAwake);
    }

    private static String value(List<String> args, int index, String option) {
      if (index >= args.size()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args.get(index);
    }

    private static List<String> list(String option, String value) {
      List<String> items =
          Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (items.isEmpty()) {
        throw new IllegalArgumentException(
            option + " needs at least one value, got '" + value + "'");
      }
      return items;
    }

    private static List<String> known(String option, List<String> values, List<String> known) {
      for (String v : values) {
        if (!known.contains(v)) {
          throw new IllegalArgumentException(
              option + ": unknown value '" + v + "'; known: " + known);
        }
      }
      return values;
    }

    private static int positive(String option, String value) {
      int n = positiveOrZero(option, value);
      if (n == 0) {
        throw new IllegalArgumentException(option + " must be at least 1, got '" + value + "'");
      }
      return n;
    }

    private static int positiveOrZero(String option, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " must be a whole number of at least 0, got '" + value + "'");
      }
    }
  }

  /**
   * Runs the suite; exit code 0 when it ran (whatever the targets' results), 2 on a wrong command
   * line, 3 when a benchmark or a server failed.
   */
  public static void main(String[] args) {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(list);
    } catch (IllegalArgumentException e) {
      System.err.println("BenchmarkSuite: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    try {
      run(options);
    } catch (RunnerException | RuntimeException | IOException e) {
      System.err.println("BenchmarkSuite failed: " + e);
      e.printStackTrace();
      System.exit(3);
    }
    System.exit(0);
  }

  /** Runs what the options select and returns the section written. */
  static String run(Options options) throws RunnerException, IOException {
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    try (RedisProcess redis = RedisProcess.startDefault();
        PostgresServer postgres = PostgresServer.startEmbedded()) {
      List<Measurement> measurements = new ArrayList<>();
      for (int threads : options.threads()) {
        try (KeepAwake awake = keepAwake(options, threads)) {
          measurements.addAll(measure(options, redis, postgres, threads));
          if (awake != null && !awake.isSpinning()) {
            throw new IllegalStateException(
                "the keep-awake process exited while the benchmarks ran; see its output above");
          }
        }
      }
      LocalHitProbe.Result localHits = null;
      if (options.subjects().contains("tiered")) {
        System.setProperty(BenchServers.REDIS_URL_PROPERTY, redis.url());
        System.setProperty(PostgresServer.EXTERNAL_URL_VARIABLE, postgres.jdbcUrlWithCredentials());
        localHits = LocalHitProbe.run(BenchServers.current());
      }
      String scale = options.scale() ? scaleFigures(options, redis, postgres) : null;
      String section =
          section(options, redis, postgres, measurements, localHits, scale, started, loadBefore);
      Path out = options.out().toAbsolutePath();
      Files.createDirectories(out.getParent());
      Files.writeString(out, section);
      if (options.doc() != null) {
        writeSection(options.doc(), section);
        System.out.println("BenchmarkSuite: wrote the results into " + options.doc());
      }
      System.out.println(section);
      return section;
    }
  }

  /** Every JMH benchmark the options select, at one thread count. */
  private static List<Measurement> measure(
      Options options, RedisProcess redis, PostgresServer postgres, int threads)
      throws RunnerException {
    List<Measurement> measurements = new ArrayList<>();
    List<String> plain = options.requests().stream().filter(r -> !r.equals("mixed")).toList();
    if (!plain.isEmpty()) {
      measurements.addAll(
          jmh(
              options,
              redis,
              postgres,
              threads,
              SessionBenchmark.class,
              plain,
              "subject",
              options.subjects()));
    }
    List<String> mixed = options.subjects().stream().filter(MIXED_SUBJECTS::contains).toList();
    if (options.requests().contains("mixed") && !mixed.isEmpty()) {
      measurements.addAll(
          jmh(
              options,
              redis,
              postgres,
              threads,
              SessionBenchmark.class,
              List.of("mixed"),
              "subject",
              mixed));
    }
    measurements.addAll(
        jmh(
            options,
            redis,
            postgres,
            threads,
            FloorBenchmark.class,
            List.of("read", "write", "insert", "readThenWrite"),
            "floor",
            List.of("caffeine", "jedis", "jdbc")));
    measurements.addAll(
        jmh(
            options,
            redis,
            postgres,
            threads,
            FloorBenchmark.class,
            List.of("write"),
            "floor",
            List.of("jdbc-jedis")));
    return measurements;
  }

  /**
   * At one thread, unless switched off, a low-priority process that keeps one core busy, so that a
   * round trip does not pay for waking idle vCPUs (see {@link KeepAwake}); null otherwise. At more
   * threads the benchmark keeps the cores busy itself.
   */
  private static @Nullable KeepAwake keepAwake(Options options, int threads) throws IOException {
    return options.keepAwake() && threads == 1 ? KeepAwake.lowPriorityProcess() : null;
  }

  private static List<Measurement> jmh(
      Options options,
      RedisProcess redis,
      PostgresServer postgres,
      int threads,
      Class<?> benchmark,
      List<String> methods,
      String param,
      List<String> values)
      throws RunnerException {
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include(Pattern.quote(benchmark.getName()) + "\\.(" + String.join("|", methods) + ")$")
            .param(param, values.toArray(String[]::new))
            .threads(threads)
            .forks(options.forks())
            .shouldFailOnError(true)
            .addProfiler(StealProfiler.class)
            .jvmArgsAppend(
                "-D" + BenchServers.REDIS_URL_PROPERTY + "=" + redis.url(),
                "-D"
                    + PostgresServer.EXTERNAL_URL_VARIABLE
                    + "="
                    + postgres.jdbcUrlWithCredentials(),
                // JMH keeps only the last jvmArgsAppend call's arguments, so all are given here.
                "-D"
                    + JitWarmup.SECONDS_PROPERTY
                    + "="
                    + (options.quick() ? 1 : JitWarmup.DEFAULT_SECONDS));
    if (options.quick()) {
      jmh.warmupIterations(1)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(2)
          .measurementTime(TimeValue.seconds(1));
    }
    if (options.forks() == 0) {
      System.setProperty(BenchServers.REDIS_URL_PROPERTY, redis.url());
      System.setProperty(PostgresServer.EXTERNAL_URL_VARIABLE, postgres.jdbcUrlWithCredentials());
      System.setProperty(
          JitWarmup.SECONDS_PROPERTY,
          String.valueOf(options.quick() ? 1 : JitWarmup.DEFAULT_SECONDS));
    }
    List<Measurement> out = new ArrayList<>();
    for (RunResult result : new Runner(jmh.build()).run()) {
      String name = result.getParams().getBenchmark();
      Statistics stats = result.getPrimaryResult().getStatistics();
      Result<?> steal = result.getSecondaryResults().get(StealProfiler.LABEL);
      out.add(
          new Measurement(
              name.substring(name.lastIndexOf('.') + 1),
              result.getParams().getParam(param),
              result.getParams().getThreads(),
              stats.getMean(),
              stats.getPercentile(50),
              stats.getPercentile(99),
              stats.getN(),
              steal == null ? Double.NaN : steal.getScore()));
    }
    return out;
  }

  private static String scaleFigures(Options options, RedisProcess redis, PostgresServer postgres)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx8g",
                "-cp",
                System.getProperty("java.class.path"),
                "io.github.sessionkit.bench.scale.ScaleFigures",
                "--redis-url",
                redis.url(),
                "--jdbc-url",
                postgres.jdbcUrlWithCredentials(),
                "--large",
                String.valueOf(options.scaleLarge())));
    if (options.quick()) {
      command.addAll(List.of("--seconds", "2"));
    }
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      // Its output is read to the end, so it has exited or is about to.
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException("the scale figures failed (exit " + exit + "); see above");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while the scale figures ran", e);
    }
    return out.strip();
  }

  private static String section(
      Options options,
      RedisProcess redis,
      PostgresServer postgres,
      Collection<Measurement> measurements,
      LocalHitProbe.@Nullable Result localHits,
      @Nullable String scale,
      Instant started,
      String loadBefore) {
    StringBuilder b = new StringBuilder(BEGIN).append("\n\n## Latest suite run\n\n");
    Duration took = Duration.between(started, Instant.now());
    b.append("- When: ")
        .append(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                started.atOffset(ZoneOffset.UTC).withNano(0)))
        .append(" UTC, ")
        .append(took.toMinutes())
        .append(" min ")
        .append(took.toSecondsPart())
        .append(" s; load average ")
        .append(loadBefore)
        .append(" before, ")
        .append(loadAverage())
        .append(" after.\n");
    b.append("- Machine: ").append(machine()).append(".\n");
    b.append("- Servers: redis-server ")
        .append(redisVersion(redis))
        .append(" and PostgreSQL ")
        .append(postgresVersion(postgres))
        .append(", embedded, on loopback (PostgreSQL with fsync and synchronous")
        .append(" commit off, the same for every subject).\n");
    b.append("- JMH sample time, forks per benchmark: ")
        .append(options.forks())
        .append(", ")
        .append(
            options.quick()
                ? "1 warm-up and 2 measured iterations of 1 s (--quick: indicative only)"
                : "2 warm-up iterations of 2 s and 4 measured iterations of 3 s, after "
                    + JitWarmup.DEFAULT_SECONDS
                    + " s at most of the benchmark's own call on as many threads, until the JIT"
                    + " compiler is quiet, when it runs at more than one thread (`JitWarmup`)")
        .append("; threads ")
        .append(options.threads())
        .append(
            options.keepAwake() && options.threads().contains(1)
                ? "; at 1 thread a low-priority process keeps one core busy (`KeepAwake`), so a"
                    + " round trip does not pay for waking idle vCPUs"
                : "")
        .append(".\n");
    SuiteReport report = new SuiteReport(measurements, localHits);
    b.append("- CPU steal: ").append(report.stealSummary()).append("\n");
    b.append("- Command: `scripts/benchmarks")
        .append(options.quick() ? " --quick" : "")
        .append(options.keepAwake() ? "" : " --no-keep-awake")
        .append("`.\n\n");
    b.append(report.markdown());
    if (scale != null) {
      // ScaleFigures brings its own "## Memory and scale" heading and method paragraph.
      b.append("\n").append(scale).append("\n");
    }
    return b.append("\n").append(END).append("\n").toString();
  }

  /** Replaces the suite's section of the document, or appends one if it has none. */
  static void writeSection(Path doc, String section) throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc) : "";
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    String updated;
    if (begin >= 0 && end > begin) {
      int after = end + END.length();
      if (after < text.length() && text.charAt(after) == '\n') {
        after++;
      }
      updated = text.substring(0, begin) + section + text.substring(after);
    } else {
      updated =
          text
              + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
              + section;
    }
    Files.writeString(doc, updated);
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // not Linux: keep "unknown CPU"
    }
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.0f GB, %s %s, %s %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memory / 1e9,
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
  }

  private static String redisVersion(RedisProcess redis) {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      if (redis.password() != null) {
        jedis.auth(redis.password());
      }
      return jedis
          .info("server")
          .lines()
          .filter(l -> l.startsWith("redis_version:"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    }
  }

  private static String postgresVersion(PostgresServer postgres) {
    try (Connection c = postgres.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "?";
    }
  }
}
