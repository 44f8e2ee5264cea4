package io.github.sessionkit.bench.scale;

import io.github.sessionkit.SessionManager;
import io.github.sessionkit.bench.BenchSessions;
import io.github.sessionkit.bench.scale.LatencyProbe.Latency;
import io.github.sessionkit.store.memory.MemorySessionStore;
import io.github.sessionkit.testkit.postgres.PostgresServer;
import io.github.sessionkit.testkit.redis.RedisProcess;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Memory and scale figures of the stores (issue 8): how many bytes a 1 KB session takes in each
 * store, and how find and save latency change from a small to a large number of stored sessions (by
 * default from 10 thousand to 1 million).
 *
 * <p>For each store in turn (memory, Redis, PostgreSQL), driven through a real {@link
 * SessionManager}:
 *
 * <ol>
 *   <li>loader threads store {@code small} 1 KB sessions: principal {@code user<i>} and three
 *       attributes whose names plus codec-encoded JSON values total exactly 1,024 bytes: {@code
 *       profile} (a string of 979 random URL-safe characters), {@code cart} ({@code
 *       ["book","pen","lamp"]}) and {@code theme} ({@code "dark"});
 *   <li>one thread measures {@code find} of a uniformly random stored session, then the typical
 *       request (find, change {@code theme}, save): a warm-up, then every call timed with {@link
 *       System#nanoTime()} for the measurement time (a plain timed loop, not JMH);
 *   <li>the store's footprint is read, the loaders add sessions up to {@code large}, the footprint
 *       is read again, and the latencies are measured again. Bytes per session are the footprint's
 *       growth divided by the sessions added: JVM heap after full GCs for the memory store
 *       (approximate), {@code INFO memory used_memory} for Redis, and {@code
 *       pg_total_relation_size} of the session table for PostgreSQL;
 *   <li>the store's data is freed: the memory store dropped, the Redis keys under the store's own
 *       random key prefix deleted, the PostgreSQL store's own random schema dropped.
 * </ol>
 *
 * The tiered store's footprint is given as the sum of its tiers. The clock runs while sessions are
 * stored and stands still while latencies are measured, so no read writes a lazy touch. While Redis
 * and PostgreSQL are measured, a background thread ({@code KeepAwake}) keeps one core busy (unless
 * {@code --no-keep-awake}), so round trips do not pay for waking idle virtual CPUs.
 *
 * <p>Progress goes to standard error, the report (Markdown) alone to standard output. Without
 * {@code --redis-url} or {@code --jdbc-url}, an embedded redis-server or PostgreSQL is started and
 * stopped. The default run takes about 6 minutes on 2 cores and needs about 2.2 GB of memory in
 * Redis, 1.6 GB of disk for PostgreSQL and 2 GB of heap for the memory store: run it with {@code
 * -Xmx8g}.
 *
 * <p>Run: {@code ./mvnw -q -B install -DskipTests && ./mvnw -q -B -pl session-bench package
 * -DskipTests && java -Xmx8g -cp session-bench/target/benchmarks.jar
 * io.github.sessionkit.bench.scale.ScaleFigures}
 */
public final class ScaleFigures {

  /** Exit code of a completed run. */
  public static final int EXIT_OK = 0;

  /** Exit code of a run that failed. */
  public static final int EXIT_FAILED = 1;

  /** Exit code of a command line with an unknown flag or a bad value. */
  public static final int EXIT_USAGE = 2;

  private static final String USAGE =
      String.join(
          "\n",
          "Usage: ScaleFigures [--redis-url redis://host:port]",
          "                    [--jdbc-url jdbc:postgresql://host:port/db?user=u&password=p]",
          "                    [--small N] [--large N] [--seconds S] [--warmup S] [--threads T]"
              + " [--no-keep-awake]",
          "",
          "  --redis-url URL   Redis server to use (default: start an embedded redis-server)",
          "  --jdbc-url URL    PostgreSQL server to use, with user and password (default: start an"
              + " embedded one)",
          "  --small N         sessions stored for the first measurement (default 10000)",
          "  --large N         sessions stored for the second measurement (default 1000000)",
          "  --seconds S       measurement seconds per operation and size (default 10)",
          "  --warmup S        warm-up seconds before each measurement (default 2)",
          "  --threads T       threads storing sessions (default 8)",
          "  --no-keep-awake   no background thread keeping a core busy while Redis and PostgreSQL"
              + " are measured",
          "",
          "Progress goes to standard error, the Markdown report to standard output.",
          "");

  private ScaleFigures() {}

  /**
   * What to measure.
   *
   * @param redisUrl the Redis server ({@code redis://[:password@]host:port}), or null to start an
   *     embedded one
   * @param jdbcUrl the PostgreSQL server ({@code
   *     jdbc:postgresql://host:port/db?user=u&password=p}), or null to start an embedded one
   * @param small sessions stored for the first measurement, at least 1
   * @param large sessions stored for the second measurement, more than {@code small}, at most
   *     {@value #MAX_SESSIONS}
   * @param measurement how long each operation is measured at each size
   * @param warmup how long each operation runs before it is measured
   * @param threads how many threads store sessions, 1 to {@value #MAX_THREADS}
   * @param keepAwake whether a background thread keeps one core busy while Redis and PostgreSQL are
   *     measured, so that no round trip pays for waking an idle (virtual) CPU
   */
  public record Config(
      @Nullable String redisUrl,
      @Nullable String jdbcUrl,
      int small,
      int large,
      Duration measurement,
      Duration warmup,
      int threads,
      boolean keepAwake) {

    /** Sessions stored for the first measurement, by default. */
    public static final int DEFAULT_SMALL = 10_000;

    /** Sessions stored for the second measurement, by default. */
    public static final int DEFAULT_LARGE = 1_000_000;

    /** The largest {@code large}: the ids are kept in one array of 43 bytes each. */
    public static final int MAX_SESSIONS = 20_000_000;

    /** The most loader threads (the stores' connection pools hold at most 50). */
    public static final int MAX_THREADS = 48;

    private static final Duration MAX_SECONDS = Duration.ofHours(1);
    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
    private static final List<String> FLAGS =
        List.of(
            "--redis-url",
            "--jdbc-url",
            "--small",
            "--large",
            "--seconds",
            "--warmup",
            "--threads",
            "--no-keep-awake");

    /** Validates every value, naming it. */
    public Config {
      Objects.requireNonNull(measurement, "measurement");
      Objects.requireNonNull(warmup, "warmup");
      if (small < 1 || small >= MAX_SESSIONS) {
        throw new IllegalArgumentException(
            "small must be from 1 to " + (MAX_SESSIONS - 1) + ", got " + small);
      }
      if (large <= small || large > MAX_SESSIONS) {
        throw new IllegalArgumentException(
            "large must be greater than small ("
                + small
                + ") and at most "
                + MAX_SESSIONS
                + ", got "
                + large);
      }
      if (measurement.isNegative()
          || measurement.isZero()
          || measurement.compareTo(MAX_SECONDS) > 0) {
        throw new IllegalArgumentException(
            "measurement must be positive and at most 1 hour, got " + measurement);
      }
      if (warmup.isNegative() || warmup.compareTo(MAX_SECONDS) > 0) {
        throw new IllegalArgumentException("warmup must be from 0 to 1 hour, got " + warmup);
      }
      if (threads < 1 || threads > MAX_THREADS) {
        throw new IllegalArgumentException(
            "threads must be from 1 to " + MAX_THREADS + ", got " + threads);
      }
    }

    /**
     * Embedded servers, 10,000 then 1,000,000 sessions, 10 s per measurement, 2 s warm-up, 8
     * threads, keep-awake on.
     */
    public static Config defaults() {
      return new Config(
          null,
          null,
          DEFAULT_SMALL,
          DEFAULT_LARGE,
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          8,
          true);
    }

    /**
     * Parses a command line.
     *
     * @throws IllegalArgumentException for an unknown flag, a flag given twice, a missing value or
     *     a bad value; the message names the flag and says what is expected
     */
    public static Config parse(List<String> args) {
      Config d = defaults();
      String redisUrl = d.redisUrl();
      String jdbcUrl = d.jdbcUrl();
      int small = d.small();
      int large = d.large();
      Duration measurement = d.measurement();
      Duration warmup = d.warmup();
      int threads = d.threads();
      boolean keepAwake = d.keepAwake();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        String value = null;
        int eq = flag.indexOf('=');
        if (flag.startsWith("--") && eq > 0) {
          value = flag.substring(eq + 1);
          flag = flag.substring(0, eq);
        }
        if (!FLAGS.contains(flag)) {
          throw new IllegalArgumentException(
              "unknown argument '"
                  + args.get(i)
                  + "': expected one of "
                  + String.join(", ", FLAGS));
        }
        if (!seen.add(flag)) {
          throw new IllegalArgumentException(flag + " is given twice");
        }
        if (flag.equals("--no-keep-awake")) {
          if (value != null) {
            throw new IllegalArgumentException(
                "--no-keep-awake takes no value, got '" + value + "'");
          }
          keepAwake = false;
          continue;
        }
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
          }
          value = args.get(++i);
        }
        switch (flag) {
          case "--redis-url" -> redisUrl = url(flag, value, "redis://", "rediss://");
          case "--jdbc-url" -> jdbcUrl = url(flag, value, "jdbc:postgresql://");
          case "--small" -> small = whole(flag, value, 1, MAX_SESSIONS - 1);
          case "--large" -> large = whole(flag, value, 2, MAX_SESSIONS);
          case "--seconds" -> measurement = seconds(flag, value, false);
          case "--warmup" -> warmup = seconds(flag, value, true);
          case "--threads" -> threads = whole(flag, value, 1, MAX_THREADS);
          default -> throw new AssertionError(flag);
        }
      }
      if (large <= small) {
        throw new IllegalArgumentException(
            "--large (" + large + ") must be greater than --small (" + small + ")");
      }
      return new Config(redisUrl, jdbcUrl, small, large, measurement, warmup, threads, keepAwake);
    }

    private static String url(String flag, String value, String... schemes) {
      for (String scheme : schemes) {
        if (value.startsWith(scheme) && value.length() > scheme.length()) {
          return value;
        }
      }
      throw new IllegalArgumentException(
          flag
              + " must be a URL starting with "
              + String.join(" or ", schemes)
              + ", got '"
              + value
              + "'");
    }

    private static int whole(String flag, String value, int min, int max) {
      if (WHOLE.matcher(value).matches()) {
        long n = Long.parseLong(value);
        if (n >= min && n <= max) {
          return (int) n;
        }
      }
      throw new IllegalArgumentException(
          flag + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    private static Duration seconds(String flag, String value, boolean zeroAllowed) {
      if (SECONDS.matcher(value).matches()) {
        Duration d = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        if ((zeroAllowed || !d.isZero()) && d.compareTo(MAX_SECONDS) <= 0) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          flag
              + " must be a number of seconds from "
              + (zeroAllowed ? "0" : "0.001")
              + " to 3600 such as 10 or 0.5, got '"
              + value
              + "'");
    }
  }

  /**
   * Runs the measurements and prints the Markdown report to standard output; progress and errors go
   * to standard error. Exits with {@value #EXIT_OK}, {@value #EXIT_FAILED} or, for a bad command
   * line, {@value #EXIT_USAGE}.
   */
  public static void main(String[] args) {
    // UTF-8 whatever the platform's encoding: the report has "µs" in it.
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    int code = run(Arrays.asList(args), out, System.err);
    out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** {@link #main} without the exit: returns the exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.print(USAGE);
      return EXIT_OK;
    }
    Config config;
    try {
      config = Config.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return EXIT_USAGE;
    }
    try {
      String report = markdown(config, err);
      out.print(report);
      out.flush();
      return EXIT_OK;
    } catch (RuntimeException e) {
      err.println("error: the run failed: " + e);
      e.printStackTrace(err);
      return EXIT_FAILED;
    }
  }

  /**
   * Runs every measurement and returns the report as Markdown; progress goes to standard error.
   * Starts (and stops) an embedded server for each URL the config lacks.
   */
  public static String markdown(Config config) {
    return markdown(config, System.err);
  }

  static String markdown(Config config, PrintStream log) {
    long started = System.nanoTime();
    long maxHeap = Runtime.getRuntime().maxMemory();
    if (maxHeap < 3_000L * config.large()) {
      log.printf(
          Locale.ROOT,
          "[scale] warning: the maximum heap (%,d MB) may be too small for %,d sessions in the"
              + " memory store; run with -Xmx8g%n",
          maxHeap >> 20,
          config.large());
    }
    // Allocated before any heap reading and kept to the end, so neither counts as the memory
    // store's.
    IdTable ids = new IdTable(config.large());
    LatencyProbe probe = new LatencyProbe(config.warmup(), config.measurement());
    PausableClock clock = new PausableClock();
    List<StoreFigures> figures = new ArrayList<>();

    figures.add(
        measure(() -> new MemoryTarget(clock, config.large()), config, ids, probe, clock, log));

    RedisProcess redis = null;
    try {
      String redisUrl = config.redisUrl();
      if (redisUrl == null) {
        log.println("[scale] starting an embedded redis-server");
        redis = RedisProcess.startDefault();
        redisUrl = redis.url();
      }
      String url = redisUrl;
      boolean embedded = redis != null;
      figures.add(
          measure(
              () -> new RedisTarget(url, embedded, clock, config.threads()),
              config,
              ids,
              probe,
              clock,
              log));
    } finally {
      if (redis != null) {
        redis.close();
      }
    }

    PostgresServer postgres = null;
    try {
      String jdbcUrl = config.jdbcUrl();
      if (jdbcUrl == null) {
        log.println("[scale] starting an embedded PostgreSQL");
        postgres = PostgresServer.startEmbedded();
        jdbcUrl = postgres.jdbcUrlWithCredentials();
      }
      String url = jdbcUrl;
      boolean embedded = postgres != null;
      figures.add(
          measure(
              () -> new PostgresTarget(url, embedded, clock, config.threads()),
              config,
              ids,
              probe,
              clock,
              log));
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }

    log.printf(Locale.ROOT, "[scale] done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    return render(config, figures);
  }

  /**
   * The figures of one store.
   *
   * @param store the store's name
   * @param server the server, as the report shows it
   * @param counted what the footprint counts
   * @param before the footprint just before the large load, in bytes
   * @param after the footprint just after it
   * @param added the sessions the large load added
   * @param latencies find then typical request at the small size, then both at the large size
   */
  record StoreFigures(
      String store,
      String server,
      String counted,
      long before,
      long after,
      int added,
      List<Latency> latencies) {

    double bytesPerSession() {
      return (double) (after - before) / added;
    }
  }

  static final String FIND = "find";
  static final String TYPICAL = "find, change `theme`, save";

  private static StoreFigures measure(
      Supplier<ScaleTarget> opening,
      Config config,
      IdTable ids,
      LatencyProbe probe,
      PausableClock clock,
      PrintStream log) {
    clock.run();
    try (ScaleTarget target = opening.get()) {
      String name = target.name();
      log.printf(Locale.ROOT, "[scale] %s: %s%n", name, target.server());
      SessionManager manager = target.manager();
      List<Latency> latencies = new ArrayList<>();

      Loader.load(name, manager, ids, 0, config.small(), config.threads(), log);
      target.settle();
      latencies.addAll(latencies(target, config, ids, config.small(), probe, clock, log));

      target.compact();
      long before = target.footprint();
      Loader.load(name, manager, ids, config.small(), config.large(), config.threads(), log);
      long after = target.footprint();
      int added = config.large() - config.small();
      log.printf(
          Locale.ROOT,
          "[scale] %s: footprint %,d -> %,d bytes: %,.0f bytes per session added%n",
          name,
          before,
          after,
          (double) (after - before) / added);
      target.settle();
      latencies.addAll(latencies(target, config, ids, config.large(), probe, clock, log));
      log.printf(Locale.ROOT, "[scale] %s: freeing the stored sessions%n", name);
      return new StoreFigures(
          name, target.server(), target.counted(), before, after, added, latencies);
    }
  }

  private static List<Latency> latencies(
      ScaleTarget target,
      Config config,
      IdTable ids,
      int stored,
      LatencyProbe probe,
      PausableClock clock,
      PrintStream log) {
    String store = target.name();
    SessionManager manager = target.manager();
    clock.stop();
    try (KeepAwake awake = new KeepAwake(config.keepAwake() && target.remote())) {
      List<Latency> result = new ArrayList<>();
      result.add(
          probe.measure(
              FIND,
              ids,
              stored,
              (id, i) ->
                  manager
                      .find(id)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  store + ": a stored session was not found"))));
      result.add(
          probe.measure(
              TYPICAL,
              ids,
              stored,
              (id, i) -> BenchSessions.typicalRequest(manager, id, i % 2 == 0)));
      for (Latency l : result) {
        log.printf(
            Locale.ROOT,
            "[scale] %s: %s with %,d stored: median %s us, p99 %s us, %,d calls%n",
            store,
            l.operation(),
            stored,
            micros(l.medianNanos()),
            micros(l.p99Nanos()),
            l.count());
      }
      return result;
    } finally {
      clock.run();
    }
  }

  // ---------------------------------------------------------------------------------------
  // The report

  static String render(Config config, List<StoreFigures> figures) {
    StringBuilder md = new StringBuilder();
    String smallLabel = count(config.small());
    String largeLabel = count(config.large());
    List<String> servers = new ArrayList<>();
    for (StoreFigures f : figures) {
      if (!f.store().equals("memory")) {
        servers.add(f.server());
      }
    }
    md.append("## Memory and scale (issue 8)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Measured by `io.github.sessionkit.bench.scale.ScaleFigures` on %d cores, Java %s,"
                + " maximum heap %,d MB; %s. Each store is driven through a real `SessionManager`"
                + " (idle timeout %d h, touch interval %d h, no automatic purge). Every session is"
                + " a 1 KB session: principal `user<i>` and three attributes whose names plus"
                + " codec-encoded JSON values total exactly %,d bytes: %s. %d loader threads store"
                + " %,d sessions (`create`, three `put`s, `save`) and the latencies are measured;"
                + " then they store more, up to %,d, and the latencies are measured again. A"
                + " measurement is a plain timed loop on one thread, not JMH: %s s of warm-up, then"
                + " %s s of each operation on uniformly random stored sessions, every call timed"
                + " with `System.nanoTime` (at most %,d calls recorded). The clock runs while"
                + " sessions are stored and stands still while they are measured, so no read writes"
                + " a lazy touch. %s\n\n",
            Runtime.getRuntime().availableProcessors(),
            Runtime.version(),
            Runtime.getRuntime().maxMemory() >> 20,
            String.join(", ", servers) + " on the same machine",
            ScaleTarget.IDLE_TIMEOUT.toHours(),
            ScaleTarget.TOUCH_INTERVAL.toHours(),
            KilobyteSession.ENCODED_BYTES,
            KilobyteSession.DESCRIPTION,
            config.threads(),
            config.small(),
            config.large(),
            seconds(config.warmup()),
            seconds(config.measurement()),
            LatencyProbe.MAX_SAMPLES,
            config.keepAwake()
                ? "While Redis and PostgreSQL are measured, a background thread keeps one core"
                    + " busy: on a virtual machine, a loopback round trip that must wake idle"
                    + " vCPUs is several times slower (on the 2-vCPU VM this was written on, a"
                    + " Redis `GET` took about 80 µs with both cores idle and 20 µs with one"
                    + " busy), and without it the figures flip between the two with unrelated"
                    + " load on the machine."
                : "No thread kept a core busy (`--no-keep-awake`): on a virtual machine, round"
                    + " trips that must wake idle vCPUs are several times slower, and figures can"
                    + " flip with unrelated load."));

    md.append("### Bytes per 1 KB session\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Footprint after storing %,d sessions minus footprint just before (at"
                + " %,d), divided by the %,d sessions added.\n\n",
            config.large(),
            config.small(),
            config.large() - config.small()));
    md.append("| store | bytes per session | what is counted |\n");
    md.append("|---|---:|---|\n");
    StoreFigures memory = null;
    StoreFigures redis = null;
    StoreFigures postgres = null;
    for (StoreFigures f : figures) {
      String bytes = String.format(Locale.ROOT, "%,.0f", f.bytesPerSession());
      if (f.store().equals("memory")) {
        memory = f;
        bytes = "≈ " + bytes;
      } else if (f.store().equals("redis")) {
        redis = f;
      } else if (f.store().equals("postgresql")) {
        postgres = f;
      }
      md.append("| ")
          .append(f.store())
          .append(" | ")
          .append(bytes)
          .append(" | ")
          .append(f.counted())
          .append(" |\n");
    }
    if (memory != null && redis != null && postgres != null) {
      double remote = redis.bytesPerSession() + postgres.bytesPerSession();
      long localMax = MemorySessionStore.DEFAULT_MAXIMUM_SIZE;
      md.append(
          String.format(
              Locale.ROOT,
              "| tiered (local -> Redis -> PostgreSQL) | %,.0f, plus ≈ %,.0f for a session in the"
                  + " local tier | the sum of its tiers, computed from the rows above: every"
                  + " session is in Redis (%,.0f) and PostgreSQL (%,.0f); the local tier is a"
                  + " memory store, bounded at %,d sessions unless configured"
                  + " (`MemorySessionStore.DEFAULT_MAXIMUM_SIZE`), so it holds only the hot set: at"
                  + " most about %,.0f MB of heap, however many sessions are stored |\n",
              remote,
              memory.bytesPerSession(),
              redis.bytesPerSession(),
              postgres.bytesPerSession(),
              localMax,
              memory.bytesPerSession() * localMax / 1e6));
    }
    md.append('\n');

    md.append(
        String.format(
            Locale.ROOT, "### Latency with %s and %s sessions stored\n\n", smallLabel, largeLabel));
    md.append(
        String.format(
            Locale.ROOT,
            "| store | operation | sessions stored | median µs | p99 µs | ops measured"
                + " | median %s / %s |\n",
            largeLabel,
            smallLabel));
    md.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (StoreFigures f : figures) {
      for (Latency l : f.latencies()) {
        String change = "";
        if (l.stored() == config.large()) {
          for (Latency s : f.latencies()) {
            if (s.stored() == config.small() && s.operation().equals(l.operation())) {
              change =
                  String.format(
                      Locale.ROOT,
                      "%.2fx",
                      (double) l.medianNanos() / Math.max(1, s.medianNanos()));
            }
          }
        }
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %s | %s | %,d | %s |\n",
                f.store(),
                l.operation(),
                l.stored(),
                micros(l.medianNanos()),
                micros(l.p99Nanos()),
                l.count(),
                change));
      }
    }
    return md.toString();
  }

  /** Microseconds with three significant digits or so: 0.412, 3.85, 41.2, 412. */
  static String micros(long nanos) {
    double us = nanos / 1000.0;
    String format = us < 1 ? "%.3f" : us < 10 ? "%.2f" : us < 100 ? "%.1f" : "%,.0f";
    return String.format(Locale.ROOT, format, us);
  }

  /** A session count in short form: 10k, 1M, 2.5M, 200. */
  static String count(int n) {
    if (n >= 1_000_000 && n % 100_000 == 0) {
      return trim(n / 1e6) + "M";
    }
    if (n >= 1_000 && n % 100 == 0) {
      return trim(n / 1e3) + "k";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** At most three decimals, no trailing zeros: 1, 1.5, 0.25. */
  private static String trim(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String seconds(Duration d) {
    return trim(d.toMillis() / 1000.0);
  }
}
